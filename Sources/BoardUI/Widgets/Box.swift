import Foundation
import Pipeline
import Terminal

/// The terminal's size in cells.
public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The inside of a framed box (what `box` returns): where its content goes.
struct Rect {
    var x: Int, y: Int, w: Int, h: Int
}

/// The framed box every overlay is drawn in (help, a deal's detail, the fill-in panel, prompts,
/// pickers, forms, notices), and the wrapping of long lines.
extension BoardApp {
    /// The inner rectangle of a centred, framed box of at most this size (see `box`).
    func boxRect(width: Int, height: Int) -> Rect {
        var w = min(size.width - 2, width)
        // A box that nearly fills the width takes all of it, rather than leave a column or
        // two of cards peeking out at its sides.
        if size.width - w <= 6 { w = size.width }
        let h = min(size.height - 2, height + 1)
        let x = (size.width - w) / 2
        let y = max(1, (size.height - h) / 2)
        return Rect(x: x + 2, y: y + 1, w: w - 4, h: h - 2)
    }

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

    /// "↑3 ↓12 more" on the bottom frame of a box whose text goes on above or below what it shows.
    func moreMarks(_ s: inout Screen, _ r: Rect, above: Int, below: Int) {
        let parts = [above > 0 ? "\(glyphs.up)\(above)" : nil, below > 0 ? "\(glyphs.down)\(below)" : nil].compactMap { $0 }
        guard !parts.isEmpty, r.y + r.h < s.height else { return }
        let text = " " + parts.joined(separator: " ") + " more "
        s.put(r.x + r.w - TextWidth.of(text), r.y + r.h, text, .dialogTitle)
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

}

extension BoardApp {
}
