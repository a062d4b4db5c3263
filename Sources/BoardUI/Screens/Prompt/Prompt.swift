import Foundation
import Pipeline
import Terminal

/// A one-line text input (a reason, a field value, the filter). Typed text is never thrown
/// away silently: Esc on non-empty text asks once more.
struct Prompt: AppScreen {
    var title: String
    var text: String = ""
    var hint: String = ""
    var error: String?
    var confirmDiscard = false
    /// The user changed the text (a pre-filled value left as it was is not "typed input").
    var typed = false
    /// The first key typed replaces a pre-filled value instead of adding to it (a date).
    var replaceOnType = false
    /// Called with the text on Enter; returns an error message to keep the prompt open.
    var submit: (String) -> String?
    /// Checks the text as it is typed; the message shows under it at once.
    var validate: ((String) -> String?)?
    /// Called on every change (the live filter).
    var changed: ((String) -> Void)?
    var cancelled: (() -> Void)?
    /// Part of a new deal's fill-in panel: quitting here would lose the deal's form.
    var guardsInput = false

    var holdsTypedInput: Bool { guardsInput || (typed && !text.isEmpty && changed == nil) }

    func statusKeys(_ app: BoardApp) -> StatusKeys { .fixed("Esc cancel") }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        var prompt = self
        switch key {
        case .char(let c):
            if prompt.replaceOnType, !prompt.typed { prompt.text = "" }
            prompt.text.append(c)
            prompt.confirmDiscard = false
            prompt.typed = true
        case .backspace:
            if !prompt.text.isEmpty { prompt.text.removeLast() }
            prompt.typed = true
        case .ctrl("u"):
            prompt.text = ""
            prompt.typed = true
        case .ctrl("e"):
            // Long notes: the user's $EDITOR, and the board restored after.
            guard let edit = app.editText else { return }
            switch edit(prompt.text) {
            case .success(let edited):
                prompt.text = edited.trimmingCharacters(in: .whitespacesAndNewlines)
                prompt.typed = true
            case .failure(let failure):
                prompt.error = failure.message
                app.mode = prompt
                return
            }
        case .enter:
            if let error = prompt.submit(prompt.text) {
                prompt.error = error
                if app.mode is Prompt { app.mode = prompt }
            }
            return
        case .escape:
            if prompt.typed, !prompt.text.isEmpty, !prompt.confirmDiscard, prompt.changed == nil {
                prompt.confirmDiscard = true
                prompt.error = "Esc again discards what you typed"
                app.mode = prompt
                return
            }
            app.mode = app.home
            app.say("cancelled")
            prompt.cancelled?()     // may reopen what the prompt came from (the fill-in panel)
            return
        default:
            return
        }
        prompt.error = prompt.validate?(prompt.text)
        prompt.changed?(prompt.text)
        app.mode = prompt
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let p = self
        let r = app.box(&s, title: p.title, width: max(50, min(90, s.width - 4)), height: 6)
        s.fill(r.x, r.y, r.w, 1, .dialogSelected)
        let shown = TextWidth.of(p.text) >= r.w - 1 ? "…" + String(p.text.suffix(r.w - 3)) : p.text
        s.put(r.x, r.y, shown + app.glyphs.cursor, .dialogSelected, maxWidth: r.w)
        if let error = p.error {
            // Errors can be long ("expected an amount such as 12000, 12,000 or 12k"): two lines.
            let first = String(error.prefix(while: { _ in true }))
            let cut = TextWidth.truncate(first, to: r.w)
            if cut == first {
                s.put(r.x, r.y + 1, first, .error, maxWidth: r.w)
            } else {
                var head = ""
                for ch in first where TextWidth.of(head) + TextWidth.of(ch) <= r.w { head.append(ch) }
                // Break at the last space, not inside a word ("12" / "k").
                if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) > r.w / 2 {
                    head = String(head[..<space])
                }
                let tail = String(first.dropFirst(head.count)).trimmingCharacters(in: .whitespaces)
                s.put(r.x, r.y + 1, head, .error, maxWidth: r.w)
                s.put(r.x, r.y + 2, TextWidth.truncate(tail, to: r.w), .error, maxWidth: r.w)
            }
        }
        s.put(r.x, r.y + 3, TextWidth.truncate(p.hint, to: r.w), .hint, maxWidth: r.w)
    }
}
