import Foundation
import Pipeline
import Terminal

/// Draws the app into a screen: the board, and over it whatever mode is open.
extension BoardApp {
    public static let minWidth = 40
    public static let minHeight = 10

    public func render(width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        tooSmall = width < Self.minWidth || height < Self.minHeight
        guard !tooSmall else {
            // Short lines, so the message fits the small terminal it is about. Keys wait (they
            // would go to a screen nobody sees); q quits unless typed input would be lost.
            let lines = ["Too small: \(width)x\(height)", "need \(Self.minWidth)x\(Self.minHeight)", hasTypedInput ? "enlarge to go on" : "enlarge, or q"]
            for (i, line) in lines.prefix(height).enumerated() { screen.put(0, i, TextWidth.truncate(line, to: width), i == 0 ? .error : .normal, maxWidth: width) }
            return screen
        }
        let base: Mode
        switch mode {
        case .review, .walk, .board: base = mode
        default: base = home
        }
        // The review and the walk cover the board: no need to lay it out under them.
        switch base {
        case .review, .walk: break
        default:
            drawTitle(&screen)
            drawBoard(&screen)
        }
        drawStatus(&screen)
        // The review and the walk are full screens; overlays opened from them draw on top.
        drawFullScreen(&screen, base)
        // What a deal's detail opened (a prompt, a picker, the panel) shows over the detail.
        if case .detail(let n, let scroll) = base {
            if case .detail = mode {} else { drawDetail(&screen, number: n, scroll: scroll) }
        }
        switch mode {
        case .board, .review, .walk: break
        case .help(let scroll): drawHelp(&screen, scroll: scroll)
        case .detail(let n, let scroll): drawDetail(&screen, number: n, scroll: scroll)
        case .panel(let p): drawPanel(&screen, p)
        case .prompt(let p): drawPrompt(&screen, p)
        case .picker(let p): drawPicker(&screen, p)
        case .form(let f): drawForm(&screen, f)
        case .notice(let n): drawNotice(&screen, n)
        }
        return screen
    }

    func drawTitle(_ s: inout Screen) {
        s.fill(0, 0, s.width, 1, .title)
        var text = " \(pipeline.name)"
        if !filter.isEmpty { text += "   filter: \(filter)" }
        if myDeals { text += "   [my deals: \(store.user)]" }
        if closedFolded {
            for stage in pipeline.stages where stage.isClosed { text += "   \(stage.name) \(deals(in: stage).count)" }
        }
        let right = "\(store.user) "
        let room = max(0, s.width - TextWidth.of(right) - 1)
        s.put(0, 0, TextWidth.truncate(text, to: room), .title, maxWidth: room)
        s.put(s.width - TextWidth.of(right), 0, right, .title)
    }

    func drawStatus(_ s: inout Screen) {
        let y = s.height - 1
        let role: Role = statusIsError ? .statusError : .status
        s.fill(0, y, s.width, 1, role)
        let hint = " ? help  q quit "
        s.put(1, y, TextWidth.truncate(status, to: s.width - TextWidth.of(hint) - 2), role, maxWidth: s.width - TextWidth.of(hint) - 2)
        s.put(s.width - TextWidth.of(hint), y, hint, role)
    }

    // MARK: Columns and cards

    func drawBoard(_ s: inout Screen) {
        let minColumn = 22
        let visible = max(1, min(stages.count, s.width / minColumn))
        // Keep the selected column in view.
        if column < firstColumn { firstColumn = column }
        if column >= firstColumn + visible { firstColumn = column - visible + 1 }
        firstColumn = max(0, min(firstColumn, stages.count - visible))
        let width = s.width / visible
        let top = 1
        let cardsTop = top + 3
        let cardsBottom = s.height - 2     // last row usable for cards (status below)
        let perColumn = max(1, (cardsBottom - cardsTop) / BoardLayout.cardHeight)
        lastVisibleCards = perColumn
        var layout = BoardLayout()

        for slot in 0..<visible {
            let index = firstColumn + slot
            guard index < stages.count else { break }
            let stage = stages[index]
            let x = slot * width
            let w = slot == visible - 1 ? s.width - x : width
            let deals = deals(in: stage)
            let selectedColumn = index == column

            // Header: name and count; total and weighted value.
            let total = deals.map(\.amount).sum()
            let weighted = total.weighted(percent: stage.probability)
            let headRole: Role = selectedColumn ? .header : .headerDim
            s.fill(x, top, w - 1, 2, headRole)
            // Room for the ◀N / N▶ markers of hidden columns, so they never cover the name.
            let leftMark = slot == 0 && firstColumn > 0 ? TextWidth.of(hiddenMark(left: true, visible: visible)) : 0
            let rightMark = slot == visible - 1 && firstColumn + visible < stages.count ? TextWidth.of(hiddenMark(left: false, visible: visible)) : 0
            let nameRoom = max(0, w - 3 - leftMark - rightMark)
            s.put(x + 1 + leftMark, top, TextWidth.truncate("\(stage.name) (\(deals.count))", to: nameRoom), headRole, maxWidth: nameRoom)
            let money = "\(pipeline.money.short(total)) · w \(pipeline.money.short(weighted))"
            s.put(x + 1, top + 1, unicode ? money : money.replacingOccurrences(of: "·", with: "-"), headRole, maxWidth: w - 3)

            // Scrolling within the column: keep the selected card in view.
            let key = stage.key
            var first = firstCard[key] ?? 0
            let sel = min(cardIndex[key] ?? 0, max(0, deals.count - 1))
            if sel < first { first = sel }
            if sel >= first + perColumn { first = sel - perColumn + 1 }
            first = max(0, min(first, max(0, deals.count - perColumn)))
            firstCard[key] = first
            let above = first
            let below = max(0, deals.count - first - perColumn)
            s.put(x + 1, top + 2, above > 0 ? (unicode ? "↑ \(above) more" : "^ \(above) more") : "", .hint, maxWidth: w - 2)

            var boxes: [(index: Int, y: Int)] = []
            for (slotCard, deal) in deals.dropFirst(first).prefix(perColumn).enumerated() {
                let y = cardsTop + slotCard * BoardLayout.cardHeight
                let isSelected = selectedColumn && first + slotCard == sel
                drawCard(&s, deal, x: x + 1, y: y, width: w - 2, selected: isSelected)
                boxes.append((first + slotCard, y))
            }
            if deals.isEmpty {
                s.put(x + 1, cardsTop, filter.isEmpty && !myDeals ? "no deals" : "no matching deals", .cardDim, maxWidth: w - 2)
            }
            if below > 0 {
                s.put(x + 1, cardsBottom, unicode ? "↓ \(below) more" : "v \(below) more", .hint, maxWidth: w - 2)
            }
            layout.columns.append(.init(stage: index, x: x, width: w, cards: boxes))
        }
        // More columns than fit: say so on the header row's edges.
        if firstColumn > 0 {
            s.put(0, top, hiddenMark(left: true, visible: visible), .header)
        }
        if firstColumn + visible < stages.count {
            let text = hiddenMark(left: false, visible: visible)
            s.put(s.width - TextWidth.of(text), top, text, .header)
        }
        lastLayout = layout
    }

    /// "◀2" / "3▶": how many columns are hidden on that side.
    func hiddenMark(left: Bool, visible: Int) -> String {
        if left { return (unicode ? "◀" : "<") + "\(firstColumn)" }
        return "\(max(0, stages.count - firstColumn - visible))" + (unicode ? "▶" : ">")
    }

    func drawCard(_ s: inout Screen, _ d: Deal, x: Int, y: Int, width: Int, selected: Bool) {
        let h = pipeline.health(of: d, now: clock())
        let base: Role = selected ? .selected : .card
        if selected { s.fill(x, y, width, 3, .selected) }
        s.put(x, y, TextWidth.truncate("#\(d.number) \(DealText.oneLine(d.title))", to: width), base, maxWidth: width)
        let amount = d.amount.isZero ? "—" : pipeline.money.short(d.amount)
        let company = d.company.isEmpty ? "" : DealText.oneLine(d.company) + (unicode ? " · " : " - ")
        let amountWidth = TextWidth.of(amount)
        s.put(x, y + 1, TextWidth.truncate(company, to: max(0, width - amountWidth - 1)), selected ? .selected : .cardDim, maxWidth: max(0, width - amountWidth - 1))
        s.put(x + width - amountWidth, y + 1, amount, base)
        var col = x
        col += s.put(col, y + 2, "\(d.owner) \(h.daysInStage)d", selected ? .selected : .cardDim, maxWidth: width)
        for (text, role) in badges(h) {
            guard col + 1 + TextWidth.of(text) <= x + width else { break }
            col += 1
            col += s.put(col, y + 2, text, selected ? .selected : role)
        }
    }

    func badges(_ h: DealHealth) -> [(String, Role)] {
        Self.badgeKinds.filter { $0.shows(h) }.map { (unicode ? $0.unicode : $0.ascii, $0.role) }
    }

    /// Every badge a card can show, in the order drawn; the help overlay's legend is built from
    /// the same table, so it never drifts from the cards.
    struct Badge: Sendable {
        let unicode: String
        let ascii: String
        let role: Role
        let shows: @Sendable (DealHealth) -> Bool
        /// For the legend; gets the pipeline for its thresholds.
        let meaning: @Sendable (PipelineDefinition) -> String
    }

    static let badgeKinds: [Badge] = [
        Badge(unicode: "✓ready", ascii: "ready", role: .ready, shows: { $0.readyToAdvance },
              meaning: { _ in "every exit criterion of its stage is met: > moves it on" }),
        Badge(unicode: "over", ascii: "over", role: .overTarget, shows: { $0.overTarget },
              meaning: { _ in "longer in its stage than the stage's target days" }),
        Badge(unicode: "stale", ascii: "stale", role: .stale, shows: { $0.stale },
              meaning: { "no activity logged for \($0.staleAfterDays) days" }),
        Badge(unicode: "due!", ascii: "due!", role: .overdue, shows: { $0.nextStepOverdue },
              meaning: { _ in "its next step is overdue" }),
        Badge(unicode: "dormant", ascii: "dormant", role: .stale, shows: { $0.dormant },
              meaning: { "\($0.dormantAfterDays) days without activity: re-qualify before moving on" }),
    ]

    /// The help overlay's legend: the badges, then the board's other marks.
    func legendLines() -> [String] {
        var out = ["Card badges and marks"]
        func row(_ mark: String, _ meaning: String) { out.append("  \(TextWidth.pad(mark, to: 20))  \(meaning)") }
        for b in Self.badgeKinds { row(unicode ? b.unicode : b.ascii, b.meaning(pipeline)) }
        row("—", "no amount entered")
        row(unicode ? "↑ 2 more  ↓ 3 more" : "^ 2 more  v 3 more", "cards above / below those in view")
        row(unicode ? "◀2  3▶" : "<2  3>", "columns hidden to the left / right (← → scroll)")
        row("maria 12d", "under the title and company: the owner, and days in the current stage")
        return out
    }
}
