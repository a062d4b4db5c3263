import Foundation
import Pipeline
import Store
import Terminal

/// The new-deal and edit forms.
extension BoardApp {
    func newDeal() {
        let stage = currentStage
        guard stage.isOpen else { return say("new deals start in an open stage; select one first", error: true) }
        func entry(_ f: FieldDefinition, _ text: String = "", required: Bool = false) -> Form.Entry {
            Form.Entry(field: f, text: text, original: text, required: required)   // pre-filled is not typed
        }
        let entries = [entry(BuiltInField.title, required: true), entry(BuiltInField.company), entry(BuiltInField.amount),
                       entry(BuiltInField.closeDate), entry(BuiltInField.owner, store.user)]
        // Past the first stage, Enter checks the gates on the way and opens the fill-in panel for what is missing.
        let gates = stage.key == pipeline.firstStage.key ? "" : " (the gates on the way are checked)"
        say("New deal: Tab moves between fields, Enter saves\(gates), Esc cancels")
        mode = .form(Form(title: "New deal in \(stage.name)", entries: entries, money: pipeline.money, save: { [unowned self] (form: inout Form) in
            saveNewDeal(&form, in: stage)
        }))
    }

    func editSelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        let entries = pipeline.allFields.map { f in Form.Entry(field: f, text: formText(d, f), original: formText(d, f), required: f.key == "title" || f.key == "owner") }
        say("Edit #\(d.number): Tab moves between fields, Enter saves what you changed, Esc cancels")
        mode = .form(Form(title: "Edit #\(d.number) \(DealText.oneLine(d.title))", entries: entries, money: pipeline.money, save: { [unowned self] form in
            let changes = form.entries.filter { $0.text != $0.original }.map { ($0.field.key, $0.text) }
            guard !changes.isEmpty else {
                mode = home
                say("#\(d.number): no change")
                return nil
            }
            // Someone else changed a field this user changed too, since the form opened: say so
            // and show theirs, instead of silently writing over it; Enter again keeps ours.
            // Checked under the lock, against the board as it is now.
            let entries = form.entries
            var clashes: [(index: Int, theirs: String)] = []
            let result = submit(confirming: &form.confirmed, { commands, confirmed in
                guard let now = commands.state.deal(number: d.number) else { throw CommandError.noSuchDeal(d.number) }
                for (i, e) in entries.enumerated() where e.text != e.original && formText(now, e.field) != e.original {
                    clashes.append((i, formText(now, e.field)))
                }
                if !clashes.isEmpty {
                    let what = clashes.map { c in "\(entries[c.index].field.label) → " + (c.theirs.isEmpty ? "empty" : "\"\(DealText.oneLine(c.theirs))\"") }
                    throw CommandError.invalid("Enter again saves yours; changed meanwhile: " + what.joined(separator: ", "))
                }
                return try commands.edit(d.number, assignments: changes, confirmed: confirmed)
            }) { [unowned self] e in
                // What was written: a value typed differently but the same (12k for 12000) is not.
                let set = e.edited?.set ?? []
                if set.count == 1, let field = pipeline.field(set[0].key) {
                    say(setMessage(d.number, field, cleared: set[0].value.string?.isEmpty ?? true))
                } else {
                    say("#\(d.number): \(set.count) fields changed")
                }
            }
            for c in clashes { form.entries[c.index].original = c.theirs }
            return result
        }))
    }

    func handleForm(_ key: KeyEvent, _ current: Form) {
        var form = current
        let last = form.entries.count - 1
        var entry = form.entries[form.focus]
        let options = Form.options(entry.field, required: entry.required)
        var edited = false
        switch key {
        case .tab, .down: form.focus = min(last, form.focus + 1)
        case .backTab, .up: form.focus = max(0, form.focus - 1)
        case .home: form.focus = 0
        case .end: form.focus = last
        // Enter saves from any field (a title alone makes a deal); Tab and the arrows move.
        // Not Ctrl-S: in a terminal that is flow control and would freeze the screen.
        case .enter:
            if let bad = form.firstProblem {
                let e = form.entries[bad]
                form.error = "\(e.field.label): \(Form.problem(e, money: form.money, final: true)!)"
                form.focus = bad
                break
            }
            if let error = form.save(&form) {
                form.error = error
                if case .form = mode { mode = .form(form) }
            }
            return
        case .escape:
            if form.changed, !form.confirmDiscard {
                form.confirmDiscard = true
                form.error = "Esc again discards what you typed"
                break
            }
            mode = home
            say("cancelled")
            return
        case .left, .right:
            // Arrows cycle a choice; in a text field they do nothing (no cursor inside the text).
            guard let options else { break }
            let i = options.firstIndex(of: entry.text) ?? 0
            entry.text = options[(i + (key == .left ? options.count - 1 : 1)) % options.count]
            edited = true
        case .char(" ") where options != nil:
            let i = options!.firstIndex(of: entry.text) ?? 0
            entry.text = options![(i + 1) % options!.count]
            edited = true
        case .char(let c):
            if let options {
                // A letter picks the next choice starting with it.
                let start = (options.firstIndex(of: entry.text) ?? 0) + 1
                let order = options[start...] + options[..<start]
                if let hit = order.first(where: { $0.lowercased().hasPrefix(String(c).lowercased()) }) { entry.text = hit; edited = true }
            } else {
                entry.text.append(c)
                edited = true
            }
        case .backspace:
            if !entry.text.isEmpty { entry.text.removeLast(); edited = true }
        case .ctrl("u"):
            entry.text = ""
            edited = true
        case .ctrl("e"):
            guard options == nil, let edit = editText else { break }
            switch edit(entry.text) {
            case .success(let text):
                entry.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
                edited = true
            case .failure(let failure):
                form.error = failure.message
            }
        default:
            break
        }
        if edited {
            form.entries[form.focus] = entry
            form.error = nil
            form.confirmDiscard = false
            form.confirmed = false
        }
        mode = .form(form)
    }

    func drawForm(_ s: inout Screen, _ current: Form) {
        var form = current
        let r = box(&s, title: form.title, width: max(50, min(90, s.width - 4)), height: min(s.height - 2, form.entries.count * 2 + 5))
        let labelWidth = min(24, max(12, form.entries.map { TextWidth.of($0.field.label) }.max() ?? 12) + 1)
        let rowsForFields = max(1, r.h - 3)
        // Each field takes a line, plus one under it for its error.
        var lines: [(text: String, role: Role, entry: Int, isValue: Bool)] = []
        for (i, e) in form.entries.enumerated() {
            lines.append((e.field.label, .dialog, i, true))
            if let problem = Form.problem(e, money: form.money) { lines.append(((unicode ? "✗ " : "x ") + problem, .error, i, false)) }
        }
        let focusLine = lines.firstIndex { $0.entry == form.focus && $0.isValue } ?? 0
        // After the screen grew, scroll back as far as the room allows.
        form.scroll = min(form.scroll, max(0, lines.count - rowsForFields))
        if focusLine < form.scroll { form.scroll = focusLine }
        if focusLine + 1 >= form.scroll + rowsForFields { form.scroll = min(max(0, lines.count - rowsForFields), focusLine + 2 - rowsForFields) }
        form.scroll = max(0, form.scroll)
        for (row, line) in lines.dropFirst(form.scroll).prefix(rowsForFields).enumerated() {
            let y = r.y + row
            let e = form.entries[line.entry]
            if !line.isValue {
                s.put(r.x + labelWidth, y, TextWidth.truncate(line.text, to: r.w - labelWidth), .error, maxWidth: r.w - labelWidth)
                continue
            }
            let focused = line.entry == form.focus
            s.put(r.x, y, TextWidth.truncate(e.field.label + (e.required ? "*" : ""), to: labelWidth - 1), focused ? .dialogTitle : .dialog, maxWidth: labelWidth - 1)
            let valueWidth = r.w - labelWidth
            let role: Role = focused ? .dialogSelected : .dialog
            s.fill(r.x + labelWidth, y, valueWidth, 1, role)
            var shown = e.text
            if Form.options(e.field) != nil {
                shown = (unicode ? "‹ " : "< ") + (e.text.isEmpty ? "not set" : e.text) + (unicode ? " ›" : " >")
            } else if focused {
                shown = (TextWidth.of(shown) >= valueWidth - 1 ? "…" + String(shown.suffix(valueWidth - 3)) : shown) + (unicode ? "▏" : "_")
            }
            s.put(r.x + labelWidth, y, DealText.oneLine(shown), role, maxWidth: valueWidth)
        }
        let entry = form.entries[form.focus]
        let kind = Form.options(entry.field, required: true).map { "← → or a letter: " + $0.joined(separator: ", ") } ?? entry.field.expectation(money: form.money)
        if let error = form.error {
            s.put(r.x, r.y + r.h - 2, TextWidth.truncate(error, to: r.w), .error, maxWidth: r.w)
        } else {
            s.put(r.x, r.y + r.h - 2, TextWidth.truncate("\(entry.field.label): \(kind)", to: r.w), .hint, maxWidth: r.w)
        }
        let keys = "Tab/↓ next field · ↑ previous · Enter saves · Esc cancel"
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(unicode ? keys : asciiMarks(keys).replacingOccurrences(of: "·", with: "-").replacingOccurrences(of: "↓", with: "Down").replacingOccurrences(of: "↑", with: "Up"), to: r.w), .hint, maxWidth: r.w)
        if case .form = mode { mode = .form(form) }
    }
}
