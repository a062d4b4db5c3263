import Foundation
import Pipeline
import Terminal

/// `?`: every key, generated from the keymap table (so it shows the user's own bindings), the
/// keys of the screen it was opened from first, and a legend of the cards' badges.
struct HelpScreen: AppScreen {
    var scroll = 0

    func update(_ key: KeyEvent, _ app: BoardApp) {
        if key == .resize { return }
        guard let scroll = ScrollKeys.scroll(key, scroll, app) else { app.mode = app.home; return }
        app.mode = HelpScreen(scroll: scroll)
    }

    func settled(_ app: BoardApp) -> AppScreen {
        HelpScreen(scroll: max(0, min(scroll, Self.text(app).count - Self.box(app).h)))
    }

    func statusKeys(_ app: BoardApp) -> StatusKeys { .bound([(.halfPageDown, "half page"), (.cancel, "close")], in: .panel) }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let g = app.glyphs
        let close = [app.keymap.key(for: .cancel, g), app.keymap.key(for: .help, g)].compactMap { $0 }.joined(separator: " or ")
        let size = Self.boxSize(app)
        let r = app.box(&s, title: "Keys \(g.dash) \(close) to close, \(g.upDown) to scroll", width: size.width, height: size.height)
        let shown = settled(app) as? HelpScreen ?? self
        let lines = Self.text(app)
        for (i, line) in lines.dropFirst(shown.scroll).prefix(r.h).enumerated() {
            s.put(r.x, r.y + i, TextWidth.truncate(line, to: r.w), .dialog, maxWidth: r.w)
        }
        app.moreMarks(&s, r, above: shown.scroll, below: lines.count - shown.scroll - r.h)
    }

    static func boxSize(_ app: BoardApp) -> (width: Int, height: Int) { (max(78, min(app.size.width - 4, 120)), app.size.height - 2) }
    static func box(_ app: BoardApp) -> Rect { app.boxRect(width: boxSize(app).width, height: boxSize(app).height) }
    /// Descriptions wrap under themselves (column 24), not under the keys.
    static func text(_ app: BoardApp) -> [String] { BoardApp.wrap(lines(app), width: box(app).w, indent: 24) }

    /// Generated from the keymap table, so it shows the user's own bindings.
    static func lines(_ app: BoardApp) -> [String] {
        var out: [String] = []
        let titles: [KeyContext: String] = [.board: "On the board", .everywhere: "Everywhere", .panel: "In the fill-in panel",
                                            .review: "On the review screen (r)", .walk: "Walking the stuck deals (w or Enter on the review screen)"]
        // The keys of the screen you are on come first.
        let order: [KeyContext]
        switch app.home.keyContext {
        case .review: order = [.review, .everywhere, .walk, .board, .panel]
        case .walk: order = [.walk, .board, .everywhere, .panel, .review]
        default: order = [.board, .everywhere, .panel, .review, .walk]
        }
        for context in order {
            let rows = app.keymap.bindings.filter { $0.context == context }
            guard !rows.isEmpty else { continue }
            out.append(titles[context] ?? context.rawValue)
            for b in rows {
                let keys = b.keys.map { app.glyphs.key($0) }.joined(separator: " ")
                out.append("  \(TextWidth.pad(keys, to: 20))  \(b.help)")
            }
            out.append("")
            // What the cards' marks mean, right under the board's keys (elsewhere, at the end).
            if context == .board, context == order.first { out += legend(app) + [""] }
        }
        let acting = DetailScreen.actions.compactMap { app.keymap.key(for: $0, app.glyphs) }.joined(separator: " ")
        out.append("In the fill-in panel: Enter or Space sets the field / ticks the check;")
        out.append("the move completes when the last criterion is met.")
        out.append("In a deal's detail (Enter on a card) and while walking stuck deals, the")
        out.append("board's deal keys (\(acting)) act on the deal shown; Esc or q goes back.")
        out.append("After / (filter), the board shows only the matching cards: there is no")
        out.append("n/N to jump between matches (n makes a new deal); the arrows go through them.")
        if order.first != .board { out += [""] + legend(app) }
        return out
    }

    /// The legend: the badges, then the board's other marks.
    static func legend(_ app: BoardApp) -> [String] {
        let g = app.glyphs
        var out = ["Card badges and marks"]
        func row(_ mark: String, _ meaning: String) { out.append("  \(TextWidth.pad(mark, to: 20))  \(meaning)") }
        for b in BoardApp.badgeKinds { row(g.unicode ? b.unicode : b.ascii, b.meaning(app.pipeline)) }
        row(g.dash, "no amount entered")
        row("\(g.up) 2 more  \(g.down) 3 more", "cards above / below those in view")
        row("\(g.hiddenLeft)2  3\(g.hiddenRight)", "columns hidden to the left / right (\(g.key(.left)) \(g.key(.right)) scroll)")
        row("maria 12d", "under the title and company: the owner, and days in the current stage")
        return out
    }
}
