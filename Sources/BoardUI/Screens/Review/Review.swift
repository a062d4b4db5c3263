import Foundation
import Pipeline
import Store
import Terminal

/// The review screen: the report as lines, with a cursor line (Enter on a stuck deal starts the walk).
struct Review: AppScreen {
    var window: ReviewWindow = .week
    var cursor = 0
    var scroll = 0

    var covers: Bool { true }
    var keyContext: KeyContext { .review }

    func statusKeys(_ app: BoardApp) -> StatusKeys { .bound([(.stuckList, "stuck"), (.help, "help"), (.quit, "back")], in: .review) }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        app.home = app.mode
        var review = self
        let lines = app.reviewLines(review, width: app.reviewWidth)
        let last = max(0, lines.count - 1)
        let action = app.keymap.action(for: key, in: .review)
        switch action {
        case .up: review.cursor = max(0, review.cursor - 1)
        case .down: review.cursor = min(last, review.cursor + 1)
        case .pageUp: review.cursor = max(0, review.cursor - max(1, app.reviewRows - 1))
        case .pageDown: review.cursor = min(last, review.cursor + max(1, app.reviewRows - 1))
        case .halfPageUp: review.cursor = max(0, review.cursor - BoardApp.halfPage(app.reviewRows))
        case .halfPageDown: review.cursor = min(last, review.cursor + BoardApp.halfPage(app.reviewRows))
        case .first: review.cursor = 0
        case .last: review.cursor = last
        case .stuckList:
            guard let first = lines.firstIndex(where: \.stuck) else { return app.say("no stuck deals") }
            review.cursor = first
            review.scroll = max(0, first - 1)   // with its heading
        case .period:
            let all = ReviewWindow.allCases
            review.window = all[(all.firstIndex(of: review.window)! + 1) % all.count]
            app.reviewWindow = review.window
            review.cursor = min(review.cursor, max(0, app.reviewLines(review, width: app.reviewWidth).count - 1))
            app.say("period: \(review.window.label)")
        case .open, .walk:
            let here = lines.isEmpty ? nil : lines[min(review.cursor, last)]
            // Enter on a deal that is not stuck (a change) opens it.
            if action == .open, let here, let n = here.deal, !here.stuck, app.store.state.deal(number: n) != nil {
                app.mode = review
                app.home = app.mode
                app.openDetail(n)
                return
            }
            let stuck = app.report(for: review.window).stuck.map(\.number)
            guard !stuck.isEmpty else { return app.say("no stuck deals to walk") }
            let start = action == .open ? here?.deal : stuck.first
            guard let start, let index = stuck.firstIndex(of: start) else { return app.say("Enter on a stuck deal walks them, on a changed deal opens it (s jumps to the stuck deals)") }
            app.mode = Walk(deals: stuck, index: index, review: review)
            app.home = app.mode
            let keys = app.keymap.hints([(.nextDeal, "next"), (.previousDeal, "previous"), (.cancel, "the list")], in: .walk, app.glyphs, separator: ", ")
            app.say("walking \(stuck.count) stuck deal\(stuck.count == 1 ? "" : "s"): \(keys)")
            return
        case .reviewDone: app.confirmReviewDone(review)
            return
        case .owner:
            let owners = Set(app.store.state.liveDeals.map(\.owner)).sorted()
            let options = ["All reps (the team)"] + owners
            app.mode = Picker(title: "Whose review?", options: options, selected: app.reviewOwner.flatMap { owners.firstIndex(of: $0) }.map { $0 + 1 } ?? 0,
                                  pick: { [unowned app] i in
                app.reviewOwner = i == 0 ? nil : owners[i - 1]
                var fresh = review
                fresh.cursor = 0
                fresh.scroll = 0
                app.mode = fresh
                app.home = app.mode
                app.say(app.reviewOwner.map { "review of \($0)'s deals (o: another rep or the team)" } ?? "review of the whole team")
            })
            return
        case .help: app.mode = HelpScreen(scroll: 0)
            return
        case .cancel, .quit:
            app.mode = BoardScreen()
            app.home = BoardScreen()
            app.say("back to the board")
            return
        default:
            if key != .resize, case .char(let c) = key { app.say("\(c): no such key on the review screen (? shows them)") }
        }
        app.mode = review
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let review = settledReview(app)
        let lines = app.reviewLines(review, width: app.reviewWidth)
        let rows = app.reviewRows
        s.fill(0, 1, s.width, rows, .normal)
        let keys = app.keymap.hints([(.period, "period"), (.owner, "rep"), (.walk, "walk"), (.reviewDone, "done"), (.quit, "back")], in: .review, app.glyphs)
        drawBar(&s, left: " Weekly review \(app.glyphs.dash) \(review.window.label)" + (app.reviewOwner.map { " \(app.glyphs.dash) \($0)" } ?? ""), right: keys + " ")
        for (i, line) in lines.dropFirst(review.scroll).prefix(rows).enumerated() {
            let y = 1 + i
            let selected = review.scroll + i == review.cursor
            if selected { s.fill(0, y, s.width, 1, .selected) }
            var x = 1
            for piece in line.pieces {
                x += s.put(x, y, piece.text, selected ? .selected : piece.role, maxWidth: max(0, s.width - 1 - x))
            }
        }
    }

    func settled(_ app: BoardApp) -> AppScreen { settledReview(app) }

    /// The cursor line in view.
    func settledReview(_ app: BoardApp) -> Review {
        var review = self
        let count = app.reviewLines(review, width: app.reviewWidth).count
        let rows = app.reviewRows
        review.cursor = min(review.cursor, max(0, count - 1))
        if review.cursor < review.scroll { review.scroll = review.cursor }
        if review.cursor >= review.scroll + rows { review.scroll = review.cursor - rows + 1 }
        review.scroll = max(0, min(review.scroll, max(0, count - rows)))
        return review
    }
}

/// The top line of the review and the walk: where you are on the left, the keys on the right
/// when both fit; on a narrow screen, where you are wins.
func drawBar(_ s: inout Screen, left: String, right: String) {
    s.fill(0, 0, s.width, 1, .title)
    guard TextWidth.of(left) + TextWidth.of(right) + 2 <= s.width else {
        s.put(0, 0, TextWidth.truncate(left, to: s.width), .title, maxWidth: s.width)
        return
    }
    s.put(0, 0, left, .title)
    s.put(s.width - TextWidth.of(right), 0, right, .title)
}
