import Foundation
import Pipeline
import Terminal

/// The board's drawing: the title bar, the columns and their cards, and where they go
/// (settled in the update, read by the view).
extension BoardApp {
    func drawTitle(_ s: inout Screen) {
        s.fill(0, 0, s.width, 1, .title)
        var text = " \(pipeline.name)"
        if !filter.isEmpty { text += "   filter: \(filter)" }
        if myDeals { text += "   [my deals: \(store.user)]" }
        if closedFolded {
            for stage in pipeline.stages where stage.isClosed { text += "   \(stage.name) \(deals(in: stage).count)" }
        }
        let right = (syncTitle.map { $0 + "   " } ?? "") + "\(store.user) "
        let room = max(0, s.width - TextWidth.of(right) - 1)
        s.put(0, 0, TextWidth.truncate(text, to: room), .title, maxWidth: room)
        s.put(s.width - TextWidth.of(right), 0, right, .title)
    }

    // MARK: Columns and cards

    /// Where the columns and cards go at the current size, from the scroll offsets that
    /// `settleBoard` left: the view draws it, a mouse click is looked up in it.
    func boardLayout() -> BoardLayout {
        let g = boardGeometry()
        var layout = BoardLayout()
        for slot in 0..<g.visible {
            let index = firstColumn + slot
            guard index < stages.count else { break }
            let stage = stages[index]
            let x = slot * g.columnWidth
            let w = slot == g.visible - 1 ? size.width - x : g.columnWidth
            let count = deals(in: stage).count
            let first = max(0, min(firstCard[stage.key] ?? 0, max(0, count - g.perColumn)))
            let cards = (first..<min(count, first + g.perColumn)).map { (index: $0, y: g.cardsTop + ($0 - first) * BoardLayout.cardHeight) }
            layout.columns.append(.init(stage: index, x: x, width: w, first: first, cards: cards))
        }
        return layout
    }

    /// How many columns fit side by side, their width, and how many cards fit in one.
    func boardGeometry() -> (visible: Int, columnWidth: Int, cardsTop: Int, cardsBottom: Int, perColumn: Int) {
        let minColumn = 22
        let visible = max(1, min(stages.count, size.width / minColumn))
        let cardsTop = 4
        let cardsBottom = size.height - 2     // last row usable for cards (status below)
        return (visible, size.width / visible, cardsTop, cardsBottom, max(1, (cardsBottom - cardsTop) / BoardLayout.cardHeight))
    }

    /// Scrolls the board so the selected column, and the selected card of every column in
    /// view, are on screen at the current size. Part of the update: the view only reads it.
    func settleBoard() {
        let g = boardGeometry()
        if column < firstColumn { firstColumn = column }
        if column >= firstColumn + g.visible { firstColumn = column - g.visible + 1 }
        firstColumn = max(0, min(firstColumn, stages.count - g.visible))
        for index in firstColumn..<min(stages.count, firstColumn + g.visible) {
            let key = stages[index].key
            let count = deals(in: stages[index]).count
            var first = firstCard[key] ?? 0
            let sel = min(cardIndex[key] ?? 0, max(0, count - 1))
            if sel < first { first = sel }
            if sel >= first + g.perColumn { first = sel - g.perColumn + 1 }
            firstCard[key] = max(0, min(first, max(0, count - g.perColumn)))
        }
    }

    func drawBoard(_ s: inout Screen) {
        let g = boardGeometry()
        let top = 1
        let glyphs = self.glyphs
        for box in boardLayout().columns {
            let stage = stages[box.stage]
            let x = box.x, w = box.width
            let slot = box.stage - firstColumn
            let deals = deals(in: stage)
            let selectedColumn = box.stage == column

            // Header: name and count; total and weighted value.
            let total = self.total(in: stage)
            let weighted = total.weighted(percent: stage.probability)
            let headRole: Role = selectedColumn ? .header : .headerDim
            s.fill(x, top, w - 1, 2, headRole)
            // Room for the ◀N / N▶ markers of hidden columns, so they never cover the name.
            let leftMark = slot == 0 && firstColumn > 0 ? TextWidth.of(hiddenMark(left: true, visible: g.visible)) : 0
            let rightMark = slot == g.visible - 1 && firstColumn + g.visible < stages.count ? TextWidth.of(hiddenMark(left: false, visible: g.visible)) : 0
            let nameRoom = max(0, w - 3 - leftMark - rightMark)
            s.put(x + 1 + leftMark, top, TextWidth.truncate("\(stage.name) (\(deals.count))", to: nameRoom), headRole, maxWidth: nameRoom)
            s.put(x + 1, top + 1, "\(pipeline.money.short(total)) \(glyphs.dot) w \(pipeline.money.short(weighted))", headRole, maxWidth: w - 3)

            let first = box.first
            let sel = min(cardIndex[stage.key] ?? 0, max(0, deals.count - 1))
            let below = max(0, deals.count - first - g.perColumn)
            s.put(x + 1, top + 2, first > 0 ? "\(glyphs.up) \(first) more" : "", .hint, maxWidth: w - 2)
            for card in box.cards {
                drawCard(&s, deals[card.index], x: x + 1, y: card.y, width: w - 2, selected: selectedColumn && card.index == sel)
            }
            if deals.isEmpty {
                s.put(x + 1, g.cardsTop, filter.isEmpty && !myDeals ? "no deals" : "no matching deals", .cardDim, maxWidth: w - 2)
            }
            if below > 0 {
                s.put(x + 1, g.cardsBottom, "\(glyphs.down) \(below) more", .hint, maxWidth: w - 2)
            }
        }
        // More columns than fit: say so on the header row's edges.
        if firstColumn > 0 {
            s.put(0, top, hiddenMark(left: true, visible: g.visible), .header)
        }
        if firstColumn + g.visible < stages.count {
            let text = hiddenMark(left: false, visible: g.visible)
            s.put(s.width - TextWidth.of(text), top, text, .header)
        }
    }

    /// "◀2" / "3▶": how many columns are hidden on that side.
    func hiddenMark(left: Bool, visible: Int) -> String {
        if left { return glyphs.hiddenLeft + "\(firstColumn)" }
        return "\(max(0, stages.count - firstColumn - visible))" + glyphs.hiddenRight
    }

    /// A card is three rows; the selected one is marked by its title row alone, across the card's
    /// whole width. A Down then rewrites two title rows, not six rows (bytes per key, issue 13),
    /// and the company, amount, owner and badges keep their own colours when selected.
    func drawCard(_ s: inout Screen, _ d: Deal, x: Int, y: Int, width: Int, selected: Bool) {
        let t = cardText(d, width: width)
        if selected { s.fill(x, y, width, 1, .selected) }
        s.put(x, y, t.title, selected ? .selected : .card, maxWidth: width)
        s.put(x, y + 1, t.company, .cardDim, maxWidth: max(0, width - t.amountWidth - 1))
        s.put(x + width - t.amountWidth, y + 1, t.amount, .card)
        var col = x
        col += s.put(col, y + 2, t.ownerDays, .cardDim, maxWidth: width)
        for (text, role) in t.badges {
            guard col + 1 + TextWidth.of(text) <= x + width else { break }
            col += 1
            col += s.put(col, y + 2, text, role)
        }
    }

    /// A card's texts at this width, from the cache while nothing they depend on has changed.
    func cardText(_ d: Deal, width: Int) -> CardText {
        let now = clock()
        let key = CardText.Key(stateChanges: store.stateChanges, pipeline: pipelineGeneration, minute: Int(now.timeIntervalSince1970 / 60))
        if cardTexts.key != key { cardTexts = (key, [:]) }
        if let t = cardTexts.texts[d.uid], t.width == width, t.unicode == glyphs.unicode { return t }
        let h = pipeline.health(of: d, now: now)
        let amount = d.amount.isZero ? "—" : pipeline.money.short(d.amount)
        let amountWidth = TextWidth.of(amount)
        let company = d.company.isEmpty ? "" : DealText.oneLine(d.company) + " \(glyphs.dot) "
        let t = CardText(width: width, unicode: glyphs.unicode,
                         title: TextWidth.truncate("#\(d.number) \(DealText.oneLine(d.title))", to: width),
                         company: TextWidth.truncate(company, to: max(0, width - amountWidth - 1)),
                         amount: amount, amountWidth: amountWidth,
                         ownerDays: "\(d.owner) \(h.daysInStage)d", badges: badges(h))
        cardTexts.texts[d.uid] = t
        return t
    }

    func badges(_ h: DealHealth) -> [(String, Role)] {
        Self.badgeKinds.filter { $0.shows(h) }.map { (glyphs.unicode ? $0.unicode : $0.ascii, $0.role) }
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

    /// Most telling first: a narrow card drops the badges at the end. A dormant deal is stale
    /// too; it says only "dormant" (it blocks moves), which is what made it never fit before.
    static let badgeKinds: [Badge] = [
        Badge(unicode: "✓ready", ascii: "ready", role: .ready, shows: { $0.readyToAdvance },
              meaning: { _ in "every exit criterion of its stage is met: > moves it on" }),
        Badge(unicode: "dormant", ascii: "dormant", role: .stale, shows: { $0.dormant },
              meaning: { "\($0.dormantAfterDays) days without activity: re-qualify before moving on" }),
        Badge(unicode: "due!", ascii: "due!", role: .overdue, shows: { $0.nextStepOverdue },
              meaning: { _ in "its next step is overdue" }),
        Badge(unicode: "over", ascii: "over", role: .overTarget, shows: { $0.overTarget },
              meaning: { _ in "longer in its stage than the stage's target days" }),
        Badge(unicode: "stale", ascii: "stale", role: .stale, shows: { $0.stale && !$0.dormant },
              meaning: { "no activity logged for \($0.staleAfterDays) days (dormant says it after \($0.dormantAfterDays))" }),
    ]

}

