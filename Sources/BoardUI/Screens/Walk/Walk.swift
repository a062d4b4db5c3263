import Foundation
import Pipeline
import Store
import Terminal

/// One stuck deal at a time, in the order of the list the walk started from.
struct Walk: AppScreen {
    var deals: [Int]
    var index: Int
    var scroll = 0
    /// The review screen to go back to.
    var review: Review
    var current: Int { deals[index] }

    var covers: Bool { true }
    var keyContext: KeyContext { .walk }

    func statusKeys(_ app: BoardApp) -> StatusKeys { .bound([(.help, "help"), (.cancel, "list")], in: .walk) }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        app.home = app.mode
        var walk = self
        let action = app.keymap.action(for: key, in: .walk) ?? app.keymap.action(for: key, in: .board)
        switch action {
        case .nextDeal:
            guard walk.index + 1 < walk.deals.count else { return app.say("that was the last stuck deal (p goes back, Esc to the list)") }
            walk.index += 1
            walk.scroll = 0
            app.say("#\(walk.current): stuck deal \(walk.index + 1) of \(walk.deals.count)")
        case .previousDeal:
            guard walk.index > 0 else { return app.say("this is the first stuck deal") }
            walk.index -= 1
            walk.scroll = 0
            app.say("#\(walk.current): stuck deal \(walk.index + 1) of \(walk.deals.count)")
        case .up: walk.scroll = max(0, walk.scroll - 1)
        case .down: walk.scroll += 1
        case .pageUp: walk.scroll = max(0, walk.scroll - 10)
        case .pageDown: walk.scroll += 10
        case .halfPageUp: walk.scroll = max(0, walk.scroll - BoardApp.halfPage(app.size.height - 8))
        case .halfPageDown: walk.scroll += BoardApp.halfPage(app.size.height - 8)
        case .first: walk.scroll = 0
        case .nextStep: return app.setNextStep(walk.current)
        case .moveForward: return app.moveSelected(.next)
        case .moveBack: return app.moveBackSelected()
        case .won: return app.wonSelected()
        case .lost: return app.lostSelected()
        case .logActivity: return app.logActivitySelected()
        case .edit: return app.editSelected()
        case .tickChecks: return app.openChecks()
        case .undo: return app.undo()
        case .help: app.mode = HelpScreen(scroll: 0)
            return
        case .cancel, .quit:
            var review = walk.review
            // Back on the list, at the deal the walk ended on.
            if let i = app.reviewLines(review, width: app.reviewWidth).firstIndex(where: { $0.deal == walk.current }) { review.cursor = i }
            app.mode = review
            app.home = app.mode
            app.say("back to the review")
            return
        default:
            if key != .resize, case .char(let c) = key { app.say("\(c): no such key while walking (? shows them)") }
        }
        app.mode = walk
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let walk = settledWalk(app)
        let rows = s.height - 2
        s.fill(0, 1, s.width, rows, .normal)
        let keys = app.keymap.hints([(.nextDeal, "next"), (.previousDeal, "previous"), (.nextStep, "next step"), (.cancel, "list")], in: .walk, app.glyphs)
        drawBar(&s, left: " Stuck deal \(walk.index + 1) of \(walk.deals.count)", right: keys + " ")
        guard let content = walk.content(app) else {
            s.put(1, 1, "#\(walk.current) no longer exists (undone?). \(app.keymap.key(for: .nextDeal, app.glyphs) ?? "n") or \(app.keymap.key(for: .previousDeal, app.glyphs) ?? "p") to go on.",
                  .error, maxWidth: s.width - 2)
            return
        }
        for (i, (text, role)) in content.top.prefix(max(0, rows - 1)).enumerated() {
            s.put(1, 1 + i, TextWidth.truncate(text, to: s.width - 2), role, maxWidth: s.width - 2)
        }
        if content.detailTop - 1 < s.height - 1 {
            s.put(0, content.detailTop - 1, String(repeating: app.glyphs.rule, count: s.width), .border)
        }
        for (i, line) in content.lines.dropFirst(walk.scroll).prefix(content.detailRows).enumerated() {
            s.put(1, content.detailTop + i, TextWidth.truncate(line.text, to: s.width - 2), line.role, maxWidth: s.width - 2)
        }
    }

    func settled(_ app: BoardApp) -> AppScreen { settledWalk(app) }

    func settledWalk(_ app: BoardApp) -> Walk {
        var walk = self
        guard let content = walk.content(app) else { return walk }
        walk.scroll = max(0, min(walk.scroll, max(0, content.lines.count - content.detailRows)))
        return walk
    }

    /// Why the deal is stuck (and the keys) on top, the deal under a rule.
    func content(_ app: BoardApp) -> (top: [(String, Role)], lines: [(text: String, role: Role)], detailTop: Int, detailRows: Int)? {
        guard let d = app.store.state.deal(number: current) else { return nil }
        // Why it is stuck, as of now: acting on the deal may clear the reasons.
        var top: [(String, Role)] = []
        if let stuck = app.report(for: review.window).stuck.first(where: { $0.number == d.number }) {
            for reason in stuck.reasons { top.append(("\(app.glyphs.bullet) " + reason.text, ReportText.role(of: reason.kind))) }
        } else {
            top.append(("\(app.glyphs.met) not stuck any more", .ready))
        }
        top.append((app.keymap.hints([(.nextStep, "next step"), (.logActivity, "log"), (.moveForward, "forward"), (.moveBack, "back"),
                                  (.lost, "lost"), (.won, "won"), (.edit, "edit"), (.tickChecks, "checks")],
                                 in: .walk, app.glyphs, separator: " \(app.glyphs.dot) "), .hint))
        let detailTop = 1 + top.count + 1
        let detailRows = max(0, app.size.height - 1 - detailTop)
        return (top, app.detailText(d, width: app.size.width - 2), detailTop, detailRows)
    }
}
