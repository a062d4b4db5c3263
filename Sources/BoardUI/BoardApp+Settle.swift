import Foundation
import Pipeline
import Terminal

/// The terminal's size in cells.
public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The inside of a framed box (what `box` returns): where its content goes.
struct Rect {
    var x: Int, y: Int, w: Int, h: Int
}

/// Scroll offsets belong to the state and are settled in the update — after every key, tick
/// and resize — against the current size. The views compute the same settled values (pure
/// functions of state and size), so a frame never writes state and never depends on the one
/// before it.
extension BoardApp {
    func settle() {
        guard !tooSmall else { return }
        settleBoard()
        if case .detail(let n, let scroll) = home, store.state.deal(number: n) != nil {
            home = .detail(number: n, scroll: detailScroll(n, scroll))
        }
        switch mode {
        case .help(let scroll): mode = .help(scroll: helpScroll(scroll))
        case .detail(let n, let scroll):
            // Undone, or gone with a replaced journal: back to where it was opened from.
            if store.state.deal(number: n) == nil { closeDetail() } else { mode = .detail(number: n, scroll: detailScroll(n, scroll)) }
        case .panel(let p): mode = .panel(settledPanel(p))
        case .form(let f): mode = .form(settledForm(f))
        case .review(let r):
            mode = .review(settledReview(r))
            home = mode
        case .walk(let w):
            mode = .walk(settledWalk(w))
            home = mode
        default: break
        }
    }

    /// The inner rectangle of a centred, framed box of at most this size (see `box`).
    func boxRect(width: Int, height: Int) -> Rect {
        var w = min(size.width - 2, width)
        // A box that nearly fills the width takes all of it, rather than leave a column or
        // two of cards peeking out at its sides.
        if size.width - w <= 6 { w = size.width }
        let h = min(size.height - 2, height + 1)
        let x = (size.width - w) / 2
        let y = max(1, (size.height - h) / 2)
        return Rect(x: x + 2, y: y + 1, w: w - 4, h: h - 2)
    }

    // MARK: Help and detail

    var helpBoxSize: (width: Int, height: Int) { (max(78, min(size.width - 4, 120)), size.height - 2) }
    var helpBox: Rect { boxRect(width: helpBoxSize.width, height: helpBoxSize.height) }
    /// Descriptions wrap under themselves (column 24), not under the keys.
    var helpText: [String] { Self.wrap(helpLines(), width: helpBox.w, indent: 24) }
    func helpScroll(_ scroll: Int) -> Int { max(0, min(scroll, helpText.count - helpBox.h)) }

    var detailBoxSize: (width: Int, height: Int) { (size.width - 2, size.height - 2) }
    var detailBox: Rect { boxRect(width: detailBoxSize.width, height: detailBoxSize.height) }
    func detailText(_ d: Deal, width: Int) -> [String] {
        Self.wrap(DealText.deal(d, pipeline: pipeline, now: clock()).split(separator: "\n", omittingEmptySubsequences: false).map(String.init), width: width)
    }
    func detailScroll(_ number: Int, _ scroll: Int) -> Int {
        guard let d = store.state.deal(number: number) else { return 0 }
        return max(0, min(scroll, detailText(d, width: detailBox.w).count - detailBox.h))
    }

    /// How far a half page (Ctrl-D / Ctrl-U) goes in a list that shows `rows` lines.
    static func halfPage(_ rows: Int) -> Int { max(1, rows / 2) }

    // MARK: Panel and form

    func panelBoxSize(_ p: Panel) -> (width: Int, height: Int) { (max(60, min(100, size.width - 4)), min(size.height - 2, p.rows.count + 4)) }
    func panelBox(_ p: Panel) -> Rect { boxRect(width: panelBoxSize(p).width, height: panelBoxSize(p).height) }

    func settledPanel(_ current: Panel) -> Panel {
        var p = current
        let visibleRows = panelBox(p).h - 2
        if p.selected < p.scroll { p.scroll = p.selected }
        if p.selected >= p.scroll + visibleRows { p.scroll = p.selected - visibleRows + 1 }
        p.scroll = max(0, min(p.scroll, max(0, p.rows.count - visibleRows)))
        return p
    }

    func formBoxSize(_ f: Form) -> (width: Int, height: Int) { (max(50, min(90, size.width - 4)), min(size.height - 2, f.entries.count * 2 + 5)) }
    func formBox(_ f: Form) -> Rect { boxRect(width: formBoxSize(f).width, height: formBoxSize(f).height) }

    /// Each field takes a line, plus one under it for its error.
    func formLines(_ form: Form) -> [(text: String, role: Role, entry: Int, isValue: Bool)] {
        var lines: [(text: String, role: Role, entry: Int, isValue: Bool)] = []
        for (i, e) in form.entries.enumerated() {
            lines.append((e.field.label, .dialog, i, true))
            if let problem = Form.problem(e, money: form.money) { lines.append(("\(glyphs.unmet) " + problem, .error, i, false)) }
        }
        return lines
    }

    func settledForm(_ current: Form) -> Form {
        var form = current
        let lines = formLines(form)
        let rowsForFields = max(1, formBox(form).h - 3)
        let focusLine = lines.firstIndex { $0.entry == form.focus && $0.isValue } ?? 0
        // After the screen grew, scroll back as far as the room allows.
        form.scroll = min(form.scroll, max(0, lines.count - rowsForFields))
        if focusLine < form.scroll { form.scroll = focusLine }
        if focusLine + 1 >= form.scroll + rowsForFields { form.scroll = min(max(0, lines.count - rowsForFields), focusLine + 2 - rowsForFields) }
        form.scroll = max(0, form.scroll)
        return form
    }

    // MARK: Review and walk

    /// The review's text width and the rows it shows (below the bar, above the status line).
    var reviewWidth: Int { size.width - 2 }
    var reviewRows: Int { size.height - 2 }

    func settledReview(_ current: Review) -> Review {
        var review = current
        let count = reviewLines(review, width: reviewWidth).count
        let rows = reviewRows
        review.cursor = min(review.cursor, max(0, count - 1))
        if review.cursor < review.scroll { review.scroll = review.cursor }
        if review.cursor >= review.scroll + rows { review.scroll = review.cursor - rows + 1 }
        review.scroll = max(0, min(review.scroll, max(0, count - rows)))
        return review
    }

    /// The walk's screen: why the deal is stuck (and the keys) on top, the deal under a rule.
    func walkContent(_ walk: Walk) -> (top: [(String, Role)], lines: [String], detailTop: Int, detailRows: Int)? {
        guard let d = store.state.deal(number: walk.current) else { return nil }
        // Why it is stuck, as of now: acting on the deal may clear the reasons.
        var top: [(String, Role)] = []
        if let stuck = report(for: walk.review.window).stuck.first(where: { $0.number == d.number }) {
            for reason in stuck.reasons { top.append(("\(glyphs.bullet) " + reason.text, ReportText.role(of: reason.kind))) }
        } else {
            top.append(("\(glyphs.met) not stuck any more", .ready))
        }
        top.append((keymap.hints([(.nextStep, "next step"), (.logActivity, "log"), (.moveForward, "forward"), (.moveBack, "back"),
                                  (.lost, "lost"), (.won, "won"), (.edit, "edit"), (.tickChecks, "checks")],
                                 in: .walk, glyphs, separator: " \(glyphs.dot) "), .hint))
        let detailTop = 1 + top.count + 1
        let detailRows = max(0, size.height - 1 - detailTop)
        return (top, detailText(d, width: size.width - 2), detailTop, detailRows)
    }

    func settledWalk(_ current: Walk) -> Walk {
        var walk = current
        guard let content = walkContent(walk) else { return walk }
        walk.scroll = max(0, min(walk.scroll, max(0, content.lines.count - content.detailRows)))
        return walk
    }
}
