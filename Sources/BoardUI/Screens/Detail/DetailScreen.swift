import Foundation
import Pipeline
import Terminal

/// A deal in full (Enter on a card): fields, checklist, activity log, stage history. It
/// scrolls like any long text; the deal keys act on the deal shown (not on whatever card is
/// selected under it), and what they open comes back to the detail.
struct DetailScreen: AppScreen {
    var number: Int
    var scroll = 0

    /// The deal keys that act on the deal whose detail is open, as they do on the selected card.
    static let actions: [Action] = [.moveForward, .moveBack, .edit, .logActivity, .tickChecks, .won, .lost]

    func update(_ key: KeyEvent, _ app: BoardApp) {
        if let action = app.keymap.action(for: key, in: .board), Self.actions.contains(action) {
            app.home = self
            switch action {
            case .moveForward: app.moveSelected(.next)
            case .moveBack: app.moveBackSelected()
            case .edit: app.editSelected()
            case .logActivity: app.logActivitySelected()
            case .tickChecks: app.openChecks()
            case .won: app.wonSelected()
            case .lost: app.lostSelected()
            default: break
            }
            return
        }
        switch app.keymap.action(for: key, in: .panel) {
        case .cancel, .quit, .open:
            app.closeDetail()
        case .help:
            app.home = self
            app.mode = HelpScreen()
        default:
            if key == .resize { return }
            if let scroll = ScrollKeys.scroll(key, scroll, app) { app.mode = DetailScreen(number: number, scroll: scroll) }
        }
    }

    func settled(_ app: BoardApp) -> AppScreen {
        guard let d = app.store.state.deal(number: number) else { return self }
        return DetailScreen(number: number, scroll: max(0, min(scroll, Self.text(d, app).count - Self.box(app).h)))
    }

    func statusKeys(_ app: BoardApp) -> StatusKeys {
        .bound([(.moveForward, "move on"), (.logActivity, "log"), (.edit, "edit"), (.help, "help"), (.cancel, "back")], in: .board)
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        // Gone (undone meanwhile): the update closes it; nothing to draw until then.
        guard let d = app.store.state.deal(number: number) else { return }
        let g = app.glyphs
        // The keys that act on this deal, on its title bar: they work here as on its card.
        let acting = Self.actions.compactMap { app.keymap.key(for: $0, g) }.joined(separator: " ")
        let keys = "\(acting) act on it \(g.dot) \(g.upDown) scroll \(g.dot) \(app.keymap.key(for: .cancel, g) ?? "Esc") close"
        let r = app.box(&s, title: "#\(d.number) \(g.dash) \(keys)", width: app.size.width - 2, height: app.size.height - 2)
        let shown = settled(app) as? DetailScreen ?? self
        let lines = Self.text(d, app)
        for (i, line) in lines.dropFirst(shown.scroll).prefix(r.h).enumerated() {
            s.put(r.x, r.y + i, TextWidth.truncate(line.text, to: r.w), line.role == .normal ? .dialog : line.role, maxWidth: r.w)
        }
        app.moreMarks(&s, r, above: shown.scroll, below: lines.count - shown.scroll - r.h)
    }

    static func box(_ app: BoardApp) -> Rect { app.boxRect(width: app.size.width - 2, height: app.size.height - 2) }
    static func text(_ d: Deal, _ app: BoardApp) -> [(text: String, role: Role)] { app.detailText(d, width: box(app).w) }
}
