import Foundation
import Pipeline
import Terminal

/// A choice from a short list (loss reason, activity kind, field to edit).
struct Picker: AppScreen {
    var title: String
    var options: [String]
    var selected = 0
    var pick: (Int) -> Void
    var cancelled: (() -> Void)?
    /// A digit or a letter only moves the choice; Enter makes it. For what cannot be taken
    /// back with one key (marking a deal lost), so a stray digit never does it.
    var confirmWithEnter = false
    /// The keys line under the options (default: "Enter choose · Esc cancel").
    var hint: String?

    func update(_ key: KeyEvent, _ app: BoardApp) {
        var picker = self
        switch app.keymap.action(for: key, in: .panel) {
        case .up: picker.selected = max(0, picker.selected - 1)
        case .down: picker.selected = min(picker.options.count - 1, picker.selected + 1)
        case .first: picker.selected = 0
        case .last: picker.selected = picker.options.count - 1
        case .open:
            picker.pick(picker.selected)
            return
        case .cancel, .quit:
            app.mode = app.home
            app.say("cancelled")
            picker.cancelled?()
            return
        default:
            if case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= picker.options.count {
                if picker.confirmWithEnter { picker.selected = n - 1; break }
                picker.pick(n - 1)
                return
            }
            // A letter picks the one option starting with it (y / n for a yes-or-no question);
            // where Enter confirms, it moves to the next option starting with it.
            if case .char(let c) = key, c.isLetter {
                let hits = picker.options.indices.filter { picker.options[$0].lowercased().hasPrefix(String(c).lowercased()) }
                if picker.confirmWithEnter, !hits.isEmpty {
                    picker.selected = hits.first { $0 > picker.selected } ?? hits[0]
                    break
                }
                if hits.count == 1 { picker.pick(hits[0]); return }
                if let first = hits.first { picker.selected = first } else { app.say("\(c): pick with 1–\(min(9, picker.options.count)), the arrows and Enter; Esc cancels") }
            }
        }
        app.mode = picker
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let p = self
        let r = app.box(&s, title: p.title, width: max(40, min(70, s.width - 4)), height: min(s.height - 2, p.options.count + 3))
        let visible = r.h - 1
        let first = max(0, min(p.selected - visible + 1, p.options.count - visible))
        for (i, option) in p.options.enumerated().dropFirst(max(0, first)).prefix(visible) {
            let y = r.y + i - max(0, first)
            let role: Role = i == p.selected ? .dialogSelected : .dialog
            if i == p.selected { s.fill(r.x, y, r.w, 1, role) }
            s.put(r.x, y, i < 9 ? "\(i + 1) \(option)" : "  \(option)", role, maxWidth: r.w)
        }
        let keys = app.keymap.hints([(.open, "choose"), (.cancel, "cancel")], in: .panel, app.glyphs, separator: " \(app.glyphs.dot) ")
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(p.hint ?? keys, to: r.w), .hint, maxWidth: r.w)
    }
}
