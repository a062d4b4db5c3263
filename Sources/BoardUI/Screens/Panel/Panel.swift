import Foundation
import Pipeline
import Store
import Terminal

/// The fill-in panel: opened when a move is refused (or with `c` to tick checks). It lists every
/// unmet criterion with what it needs; the rows under it are actions that make it good in place.
struct Panel: AppScreen {
    enum Purpose {
        case move(BoardCommands.MoveTarget, targetName: String)
        case won
        case checks
        /// A new deal that does not pass the gates on the way into `stage` yet: the form it came
        /// from (with what the panel adds, in its `extras`), created once they hold.
        case create(Form, stage: Stage)
    }

    enum RowKind: Equatable {
        /// The stage whose exit the criteria below guard (a move or a new deal passes several).
        case stage
        case heading(met: Bool)
        case field(String)
        case check(String, checked: Bool)
        case activity(ActivityKind)
        case note
        /// Everything is met (by someone else's change): Enter makes the move.
        case confirm
    }

    struct Row {
        var text: String
        var kind: RowKind
        /// An item a dormant deal must re-confirm (ticked already; ticking again confirms it).
        var reconfirm = false
        var actionable: Bool {
            switch kind {
            case .stage, .heading, .note: return false
            default: return true
            }
        }
    }

    var deal: Int
    var purpose: Purpose
    /// The refusal the store computed under its lock, against the board as it was then: what
    /// the panel first shows. After a change the panel evaluates again (the next move goes
    /// through the lock again).
    var refusal: MoveRefusal?
    /// The stage the deal was in when the panel opened: if someone else moves it meanwhile,
    /// the panel closes instead of moving it again from its new stage.
    var fromStage: String = ""
    var rows: [Row] = []
    var selected = 0
    var scroll = 0

    var holdsTypedInput: Bool { if case .create = purpose { return true } else { return false } }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        var p = self
        let action = app.keymap.action(for: key, in: .panel)
        switch action {
        case .up:
            if let i = p.rows[..<p.selected].lastIndex(where: \.actionable) { p.selected = i }
        case .down:
            if p.selected + 1 < p.rows.count, let i = p.rows[(p.selected + 1)...].firstIndex(where: \.actionable) { p.selected = i }
        case .first:
            if let i = p.rows.firstIndex(where: \.actionable) { p.selected = i }
        case .last:
            if let i = p.rows.lastIndex(where: \.actionable) { p.selected = i }
        case .pageUp, .pageDown:
            // Eight actionable rows at a time.
            let actionable = p.rows.indices.filter { p.rows[$0].actionable }
            if let at = actionable.firstIndex(of: p.selected) {
                p.selected = actionable[max(0, min(actionable.count - 1, at + (action == .pageUp ? -8 : 8)))]
            }
        case .cancel, .quit:
            if case .create(let form, _) = p.purpose { return app.backToForm(form) }
            app.mode = app.home
            if case .checks = p.purpose { app.say("") } else { app.say("not moved: exit criteria still unmet (> opens this again)") }
            return
        case .force:
            app.force(p)
            return
        case .help:
            app.mode = HelpScreen(scroll: 0)
            return
        default:
            if key == .enter || key == .char(" ") {
                app.act(on: p)
                return
            }
        }
        app.mode = p
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let p = self
        let title: String
        let allMet = p.rows.allSatisfy { $0.kind == .confirm }
        switch p.purpose {
        case .move(_, let name) where allMet: title = "#\(p.deal) can move to \(name) now"
        case .won where allMet: title = "#\(p.deal) can be marked won now"
        case .move(_, let name): title = "#\(p.deal) cannot move to \(name) yet — fill in what is missing"
        case .won: title = "#\(p.deal) cannot be marked won yet — fill in what is missing"
        case .checks: title = "#\(p.deal) exit criteria of \(app.pipeline.stage(app.store.state.deal(number: p.deal)?.stage ?? "")?.name ?? "")"
        case .create(_, let stage) where allMet: title = "The new deal can enter \(stage.name) now"
        case .create(let form, let stage):
            let name = DealText.oneLine(form.entries.first { $0.field.key == "title" }?.text ?? "")
            title = "New deal \"\(name)\" cannot enter \(stage.name) yet — fill in what the stages on the way need"
        }
        let r = app.box(&s, title: title, width: boxSize(app).width, height: boxSize(app).height)
        let visibleRows = r.h - 2
        let panel = settledPanel(app)
        for (i, row) in panel.rows.dropFirst(panel.scroll).prefix(visibleRows).enumerated() {
            let index = panel.scroll + i
            var role: Role = .dialog
            if case .heading(let met) = row.kind { role = met ? .ready : .error }
            if row.kind == .stage { role = .dialogTitle }
            if index == panel.selected { role = .dialogSelected; s.fill(r.x, r.y + i, r.w, 1, role) }
            s.put(r.x, r.y + i, TextWidth.truncate(row.text, to: r.w), role, maxWidth: r.w)
        }
        // A long list says that it goes on, on the keys line (not over a row).
        let below = max(0, panel.rows.count - panel.scroll - visibleRows)
        let more = [panel.scroll > 0 ? "\(app.glyphs.up)\(panel.scroll)" : nil, below > 0 ? "\(app.glyphs.down)\(below)" : nil].compactMap { $0 }
        let moreText = more.isEmpty ? "" : more.joined(separator: " ") + " more"
        let keyRoom = max(0, r.w - TextWidth.of(moreText) - (moreText.isEmpty ? 0 : 2))
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(hints(app, allMet: allMet), to: keyRoom), .hint, maxWidth: keyRoom)
        if !moreText.isEmpty { s.put(r.x + r.w - TextWidth.of(moreText), r.y + r.h - 1, moreText, .dialogTitle) }
    }

    func settled(_ app: BoardApp) -> AppScreen { settledPanel(app) }

    /// The selected row in view.
    func settledPanel(_ app: BoardApp) -> Panel {
        var p = self
        let visibleRows = app.boxRect(width: boxSize(app).width, height: boxSize(app).height).h - 2
        if p.selected < p.scroll { p.scroll = p.selected }
        if p.selected >= p.scroll + visibleRows { p.scroll = p.selected - visibleRows + 1 }
        p.scroll = max(0, min(p.scroll, max(0, p.rows.count - visibleRows)))
        return p
    }

    func boxSize(_ app: BoardApp) -> (width: Int, height: Int) { (max(60, min(100, app.size.width - 4)), min(app.size.height - 2, rows.count + 4)) }

    /// The keys line, from the current bindings.
    func hints(_ app: BoardApp, allMet: Bool) -> String {
        let dot = " \(app.glyphs.dot) "
        if allMet { return app.keymap.hints([(.open, "to do it"), (.cancel, "close")], in: .panel, app.glyphs, separator: dot) }
        let choose = "\(app.glyphs.upDown) choose\(dot)\(app.keymap.key(for: .open, app.glyphs) ?? "Enter")/Space set or tick"
        switch purpose {
        case .checks: return choose + dot + app.keymap.hints([(.cancel, "close")], in: .panel, app.glyphs)
        case .create: return choose + dot + app.keymap.hints([(.force, "force (managers)"), (.cancel, "back to the form")], in: .panel, app.glyphs, separator: dot)
        default: return choose + dot + app.keymap.hints([(.force, "force (managers)"), (.cancel, "close")], in: .panel, app.glyphs, separator: dot)
        }
    }
}
