import Foundation
import Pipeline
import Terminal

/// Panels drawn over the board: help, deal detail, the fill-in panel, prompts and pickers.
extension BoardApp {
    /// A centred box with a frame (so it stands out from the board in every theme, mono
    /// included) and a title bar; returns its inner rectangle, `height - 1` rows where the
    /// screen has room for the frame's bottom line.
    func box(_ s: inout Screen, title: String, width: Int, height: Int) -> Rect {
        let r = boxRect(width: width, height: height)
        let x = r.x - 2, y = r.y - 1, w = r.w + 4, h = r.h + 2
        s.fill(x, y, w, h, .dialog)
        for row in y + 1..<y + h - 1 {
            s.put(x, row, glyphs.side, .border)
            s.put(x + w - 1, row, glyphs.side, .border)
        }
        s.put(x, y + h - 1, glyphs.bottomLeft + String(repeating: glyphs.rule, count: max(0, w - 2)) + glyphs.bottomRight, .border)
        s.fill(x, y, w, 1, .dialogTitle)
        s.put(x + 1, y, title, .dialogTitle, maxWidth: w - 2)
        return r
    }

    func drawHelp(_ s: inout Screen, scroll: Int) {
        let close = [keymap.key(for: .cancel, glyphs), keymap.key(for: .help, glyphs)].compactMap { $0 }.joined(separator: " or ")
        let r = box(&s, title: "Keys \(glyphs.dash) \(close) to close, \(glyphs.upDown) to scroll", width: helpBoxSize.width, height: helpBoxSize.height)
        let lines = helpText
        for (i, line) in lines.dropFirst(helpScroll(scroll)).prefix(r.h).enumerated() {
            s.put(r.x, r.y + i, TextWidth.truncate(line, to: r.w), .dialog, maxWidth: r.w)
        }
    }

    /// Generated from the keymap table, so it shows the user's own bindings.
    func helpLines() -> [String] {
        var out: [String] = []
        let titles: [KeyContext: String] = [.board: "On the board", .everywhere: "Everywhere", .panel: "In the fill-in panel",
                                            .review: "On the review screen (r)", .walk: "Walking the stuck deals (w or Enter on the review screen)"]
        // The keys of the screen you are on come first.
        let order: [KeyContext]
        switch home {
        case .review: order = [.review, .everywhere, .walk, .board, .panel]
        case .walk: order = [.walk, .board, .everywhere, .panel, .review]
        default: order = [.board, .everywhere, .panel, .review, .walk]
        }
        for context in order {
            let rows = keymap.bindings.filter { $0.context == context }
            guard !rows.isEmpty else { continue }
            out.append(titles[context] ?? context.rawValue)
            for b in rows {
                let keys = b.keys.map { glyphs.key($0) }.joined(separator: " ")
                out.append("  \(TextWidth.pad(keys, to: 20))  \(b.help)")
            }
            out.append("")
            // What the cards' marks mean, right under the board's keys (elsewhere, at the end).
            if context == .board, context == order.first { out += legendLines() + [""] }
        }
        out.append("In the fill-in panel: Enter or Space sets the field / ticks the check;")
        out.append("the move completes when the last criterion is met.")
        out.append("In a deal's detail (Enter on a card) and while walking stuck deals, the")
        out.append("board's deal keys (> < e a c W X) act on the deal shown; Esc or q goes back.")
        if order.first != .board { out += [""] + legendLines() }
        return out
    }

    func drawDetail(_ s: inout Screen, number: Int, scroll: Int) {
        // Gone (undone meanwhile): the update closes it; nothing to draw until then.
        guard let d = store.state.deal(number: number) else { return }
        // The keys that act on this deal, on its title bar: they work here as on its card.
        let acting = Self.detailActions.compactMap { keymap.key(for: $0, glyphs) }.joined(separator: " ")
        let keys = "\(acting) act on it \(glyphs.dot) \(glyphs.upDown) scroll \(glyphs.dot) \(keymap.key(for: .cancel, glyphs) ?? "Esc") close"
        let r = box(&s, title: "#\(d.number) \(glyphs.dash) \(keys)", width: detailBoxSize.width, height: detailBoxSize.height)
        for (i, line) in detailText(d, width: r.w).dropFirst(detailScroll(number, scroll)).prefix(r.h).enumerated() {
            let role: Role = line.hasPrefix("  ✗") ? .error : line.hasPrefix("  ✓") ? .ready : .dialog
            s.put(r.x, r.y + i, TextWidth.truncate(glyphs.marks(line), to: r.w), role, maxWidth: r.w)
        }
    }

    /// Long lines (a re-qualification rule, a list of checks, a note) wrap at spaces, the rest
    /// of the line indented under its start, instead of being cut with "…".
    static func wrap(_ lines: [String], width: Int, indent fixed: Int? = nil) -> [String] {
        guard width > 10 else { return lines }
        var out: [String] = []
        for line in lines {
            guard TextWidth.of(line) > width else { out.append(line); continue }
            let indent = String(repeating: " ", count: min(width / 2, fixed ?? line.prefix(while: { $0 == " " }).count + 4))
            let lead = String(line.prefix(while: { $0 == " " }))
            var current = lead
            for word in line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = current.trimmingCharacters(in: .whitespaces).isEmpty ? current + word : current + " " + word
                if TextWidth.of(candidate) > width, !current.trimmingCharacters(in: .whitespaces).isEmpty {
                    out.append(current)
                    current = indent + word
                } else {
                    current = candidate
                }
            }
            out.append(current)
        }
        return out
    }

    func drawPanel(_ s: inout Screen, _ p: Panel) {
        let title: String
        let allMet = p.rows.allSatisfy { $0.kind == .confirm }
        switch p.purpose {
        case .move(_, let name) where allMet: title = "#\(p.deal) can move to \(name) now"
        case .won where allMet: title = "#\(p.deal) can be marked won now"
        case .move(_, let name): title = "#\(p.deal) cannot move to \(name) yet — fill in what is missing"
        case .won: title = "#\(p.deal) cannot be marked won yet — fill in what is missing"
        case .checks: title = "#\(p.deal) exit criteria of \(pipeline.stage(store.state.deal(number: p.deal)?.stage ?? "")?.name ?? "")"
        case .create(_, let stage) where allMet: title = "The new deal can enter \(stage.name) now"
        case .create(let form, let stage):
            let name = DealText.oneLine(form.entries.first { $0.field.key == "title" }?.text ?? "")
            title = "New deal \"\(name)\" cannot enter \(stage.name) yet — fill in what the stages on the way need"
        }
        let r = box(&s, title: title, width: panelBoxSize(p).width, height: panelBoxSize(p).height)
        let visibleRows = r.h - 2
        let panel = settledPanel(p)
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
        let more = [panel.scroll > 0 ? "\(glyphs.up)\(panel.scroll)" : nil, below > 0 ? "\(glyphs.down)\(below)" : nil].compactMap { $0 }
        let moreText = more.isEmpty ? "" : more.joined(separator: " ") + " more"
        let keyRoom = max(0, r.w - TextWidth.of(moreText) - (moreText.isEmpty ? 0 : 2))
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(panelHints(p, allMet: allMet), to: keyRoom), .hint, maxWidth: keyRoom)
        if !moreText.isEmpty { s.put(r.x + r.w - TextWidth.of(moreText), r.y + r.h - 1, moreText, .dialogTitle) }
    }

    func drawPrompt(_ s: inout Screen, _ p: Prompt) {
        let r = box(&s, title: p.title, width: max(50, min(90, s.width - 4)), height: 6)
        s.fill(r.x, r.y, r.w, 1, .dialogSelected)
        let shown = TextWidth.of(p.text) >= r.w - 1 ? "…" + String(p.text.suffix(r.w - 3)) : p.text
        s.put(r.x, r.y, shown + glyphs.cursor, .dialogSelected, maxWidth: r.w)
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

    func drawPicker(_ s: inout Screen, _ p: Picker) {
        let r = box(&s, title: p.title, width: max(40, min(70, s.width - 4)), height: min(s.height - 2, p.options.count + 3))
        let visible = r.h - 1
        let first = max(0, min(p.selected - visible + 1, p.options.count - visible))
        for (i, option) in p.options.enumerated().dropFirst(max(0, first)).prefix(visible) {
            let y = r.y + i - max(0, first)
            let role: Role = i == p.selected ? .dialogSelected : .dialog
            if i == p.selected { s.fill(r.x, y, r.w, 1, role) }
            s.put(r.x, y, i < 9 ? "\(i + 1) \(option)" : "  \(option)", role, maxWidth: r.w)
        }
        let keys = keymap.hints([(.open, "choose"), (.cancel, "cancel")], in: .panel, glyphs, separator: " \(glyphs.dot) ")
        s.put(r.x, r.y + r.h - 1, TextWidth.truncate(p.hint ?? keys, to: r.w), .hint, maxWidth: r.w)
    }

    func drawNotice(_ s: inout Screen, _ n: Notice) {
        let width = max(50, min(110, s.width - 4))
        // The inner width `box` will give (a box nearly as wide as the screen takes all of it).
        let outer = min(s.width - 2, width)
        let lines = Self.wrap(n.lines, width: (s.width - outer <= 6 ? s.width : outer) - 4, indent: 2)
        let r = box(&s, title: n.title, width: width, height: lines.count + 2)
        for (i, line) in lines.prefix(max(0, r.h - 1)).enumerated() {
            s.put(r.x, r.y + i, TextWidth.truncate(line, to: r.w), .dialog, maxWidth: r.w)
        }
        let close = [keymap.key(for: .open, glyphs), keymap.key(for: .cancel, glyphs)].compactMap { $0 }.joined(separator: " or ")
        s.put(r.x, r.y + r.h - 1, "\(close): close", .hint, maxWidth: r.w)
    }
}

extension BoardApp {
    /// The fill-in panel's keys line, from the current bindings.
    func panelHints(_ p: Panel, allMet: Bool) -> String {
        let dot = " \(glyphs.dot) "
        if allMet { return keymap.hints([(.open, "to do it"), (.cancel, "close")], in: .panel, glyphs, separator: dot) }
        let choose = "\(glyphs.upDown) choose\(dot)\(keymap.key(for: .open, glyphs) ?? "Enter")/Space set or tick"
        switch p.purpose {
        case .checks: return choose + dot + keymap.hints([(.cancel, "close")], in: .panel, glyphs)
        case .create: return choose + dot + keymap.hints([(.force, "force (managers)"), (.cancel, "back to the form")], in: .panel, glyphs, separator: dot)
        default: return choose + dot + keymap.hints([(.force, "force (managers)"), (.cancel, "close")], in: .panel, glyphs, separator: dot)
        }
    }
}
