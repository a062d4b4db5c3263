import Foundation
import Pipeline
import Terminal

/// Several fields at once (new deal, edit a deal), each checked as it is typed: money, dates,
/// numbers and choices say at once what is wrong, and the form cannot be saved until they are right.
struct Form: AppScreen {
    struct Entry {
        var field: FieldDefinition
        var text: String
        /// What the form opened with: an edit writes only the fields that changed.
        var original: String
        var required = false
        /// The latest day a date may be (an activity happened, so not after today).
        var latest: Day?
        /// The earliest day a date may be (an activity on a deal: the day it was created).
        var earliest: Day?
    }

    var title: String
    var entries: [Entry]
    /// The board's currency and number style: how money and number fields are read.
    var money: MoneyFormat
    var focus = 0
    var scroll = 0
    /// A problem with the whole form (from the command that saves it).
    var error: String?
    var confirmDiscard = false
    /// A value far outside the board's usual amounts was shown to the user: Enter again
    /// writes it (typing anything asks again).
    var confirmed = false
    /// Saves; returns an error to keep the form open (and may update the form, e.g. with what
    /// someone else changed meanwhile).
    var save: (inout Form) -> String?
    /// A new deal's: what its fill-in panel added (the form's own fields hold the rest).
    var extras = NewDealExtras()

    var changed: Bool { entries.contains { $0.text != $0.original } || !extras.isEmpty }

    /// The error of one entry as it stands, or nil. While typing, a date is only judged once
    /// it could be complete (ten characters, or a character no date has); on saving (`final`)
    /// every value must be right.
    static func problem(_ e: Entry, money: MoneyFormat, final: Bool = false) -> String? {
        let text = e.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return e.required ? "needed" : nil }
        if !final, case .date = e.field.type, text.count < 10, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) { return nil }
        if case .failure(let error) = e.field.canonicalValue(text, money: money) {
            // "45." on the way to "45.000": wait for the rest before saying it is wrong.
            if !final, error.incomplete { return nil }
            // Money says what it read and what to type instead ("did you mean 12000 or 12?").
            return error.reason ?? "expected " + e.field.expectation(money: money)
        }
        if let latest = e.latest, let day = Day(iso: text), day > latest { return "not after today (\(latest))" }
        if let earliest = e.earliest, let day = Day(iso: text), day < earliest { return "not before the deal was created (\(earliest))" }
        return nil
    }

    var firstProblem: Int? { entries.firstIndex { Form.problem($0, money: money, final: true) != nil } }

    /// Choices a choice or yes/no field cycles through ("" first, not set, unless required).
    static func options(_ f: FieldDefinition, required: Bool = false) -> [String]? {
        let unset = required ? [] : [""]
        switch f.type {
        case .choice(let list): return unset + list
        case .yesNo: return unset + ["yes", "no"]
        default: return nil
        }
    }

    var holdsTypedInput: Bool { changed }

    func statusKeys(_ app: BoardApp) -> StatusKeys { .fixed("Esc cancel") }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        var form = self
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
                if app.mode is Form { app.mode = form }
            }
            return
        case .escape:
            if form.changed, !form.confirmDiscard {
                form.confirmDiscard = true
                form.error = "Esc again discards what you typed"
                break
            }
            app.mode = app.home
            app.say("cancelled")
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
            guard options == nil, let edit = app.editText else { break }
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
        app.mode = form
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let form = settledForm(app)
        let r = app.box(&s, title: form.title, width: form.boxSize(app).width, height: form.boxSize(app).height)
        let labelWidth = min(24, max(12, form.entries.map { TextWidth.of($0.field.label) }.max() ?? 12) + 1)
        let rowsForFields = max(1, r.h - 3)
        let lines = form.lines(app)
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
                shown = "\(app.glyphs.choiceOpen) " + (e.text.isEmpty ? "not set" : e.text) + " \(app.glyphs.choiceClose)"
            } else if focused {
                shown = (TextWidth.of(shown) >= valueWidth - 1 ? "…" + String(shown.suffix(valueWidth - 3)) : shown) + app.glyphs.cursor
            }
            s.put(r.x + labelWidth, y, DealText.oneLine(shown), role, maxWidth: valueWidth)
        }
        let entry = form.entries[form.focus]
        let kind = Form.options(entry.field, required: true).map { "\(app.glyphs.key(.left)) \(app.glyphs.key(.right)) or a letter: " + $0.joined(separator: ", ") } ?? entry.field.expectation(money: form.money)
        if let error = form.error {
            s.put(r.x, r.y + r.h - 2, TextWidth.truncate(error, to: r.w), .error, maxWidth: r.w)
        } else {
            s.put(r.x, r.y + r.h - 2, TextWidth.truncate("\(entry.field.label): \(kind)", to: r.w), .hint, maxWidth: r.w)
        }
        // A form's keys are a text field's (Tab, the arrows, Enter, Esc), not the board's
        // bindings: the same for everyone, as in any form.
        let dot = " \(app.glyphs.dot) "
        let keys = "Tab/\(app.glyphs.key(.down)) next field\(dot)\(app.glyphs.key(.up)) previous\(dot)Enter saves\(dot)Esc cancel"
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(keys, to: r.w), .hint, maxWidth: r.w)
    }

    func settled(_ app: BoardApp) -> AppScreen { settledForm(app) }

    /// The focused field in view.
    func settledForm(_ app: BoardApp) -> Form {
        var form = self
        let lines = lines(app)
        let rowsForFields = max(1, app.boxRect(width: boxSize(app).width, height: boxSize(app).height).h - 3)
        let focusLine = lines.firstIndex { $0.entry == form.focus && $0.isValue } ?? 0
        // After the screen grew, scroll back as far as the room allows.
        form.scroll = min(form.scroll, max(0, lines.count - rowsForFields))
        if focusLine < form.scroll { form.scroll = focusLine }
        if focusLine + 1 >= form.scroll + rowsForFields { form.scroll = min(max(0, lines.count - rowsForFields), focusLine + 2 - rowsForFields) }
        form.scroll = max(0, form.scroll)
        return form
    }

    /// As tall as its lines (a field each, and its error under it when it has one), plus the
    /// hint, the keys and the frame, and one spare line so a first error does not resize it.
    func boxSize(_ app: BoardApp) -> (width: Int, height: Int) {
        (max(50, min(90, app.size.width - 4)), min(app.size.height - 2, lines(app).count + 4))
    }

    /// Each field takes a line, plus one under it for its error.
    func lines(_ app: BoardApp) -> [(text: String, role: Role, entry: Int, isValue: Bool)] {
        var lines: [(text: String, role: Role, entry: Int, isValue: Bool)] = []
        for (i, e) in entries.enumerated() {
            lines.append((e.field.label, .dialog, i, true))
            if let problem = Form.problem(e, money: money) { lines.append(("\(app.glyphs.unmet) " + problem, .error, i, false)) }
        }
        return lines
    }
}
