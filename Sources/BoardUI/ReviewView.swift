import Foundation
import Pipeline
import Terminal

/// Draws the review screen and the walk through stuck deals over the whole screen but the
/// status line.
extension BoardApp {
    func drawFullScreen(_ s: inout Screen, _ base: Mode) {
        switch base {
        case .review(let r): drawReview(&s, r)
        case .walk(let w): drawWalk(&s, w)
        default: break
        }
    }

    /// The top line: where you are on the left, the keys on the right when both fit; on a
    /// narrow screen, where you are wins.
    func drawBar(_ s: inout Screen, left: String, right: String) {
        s.fill(0, 0, s.width, 1, .title)
        guard TextWidth.of(left) + TextWidth.of(right) + 2 <= s.width else {
            s.put(0, 0, TextWidth.truncate(left, to: s.width), .title, maxWidth: s.width)
            return
        }
        s.put(0, 0, left, .title)
        s.put(s.width - TextWidth.of(right), 0, right, .title)
    }

    func drawReview(_ s: inout Screen, _ current: Review) {
        let review = settledReview(current)
        let lines = reviewLines(review, width: reviewWidth)
        let rows = reviewRows
        s.fill(0, 1, s.width, rows, .normal)
        let keys = keymap.hints([(.period, "period"), (.owner, "rep"), (.walk, "walk"), (.reviewDone, "done"), (.quit, "back")], in: .review, glyphs)
        drawBar(&s, left: " Weekly review \(glyphs.dash) \(review.window.label)" + (reviewOwner.map { " \(glyphs.dash) \($0)" } ?? ""), right: keys + " ")
        for (i, line) in lines.dropFirst(review.scroll).prefix(rows).enumerated() {
            let y = 1 + i
            let selected = review.scroll + i == review.cursor
            if selected { s.fill(0, y, s.width, 1, .selected) }
            var x = 1
            for piece in line.pieces {
                x += s.put(x, y, piece.text, selected ? .selected : piece.role, maxWidth: max(0, s.width - 1 - x))
            }
        }
    }

    func drawWalk(_ s: inout Screen, _ current: Walk) {
        let walk = settledWalk(current)
        let rows = s.height - 2
        s.fill(0, 1, s.width, rows, .normal)
        let keys = keymap.hints([(.nextDeal, "next"), (.previousDeal, "previous"), (.nextStep, "next step"), (.cancel, "list")], in: .walk, glyphs)
        drawBar(&s, left: " Stuck deal \(walk.index + 1) of \(walk.deals.count)", right: keys + " ")
        guard let content = walkContent(walk) else {
            s.put(1, 1, "#\(walk.current) no longer exists (undone?). \(keymap.key(for: .nextDeal, glyphs) ?? "n") or \(keymap.key(for: .previousDeal, glyphs) ?? "p") to go on.",
                  .error, maxWidth: s.width - 2)
            return
        }
        for (i, (text, role)) in content.top.prefix(max(0, rows - 1)).enumerated() {
            s.put(1, 1 + i, TextWidth.truncate(text, to: s.width - 2), role, maxWidth: s.width - 2)
        }
        if content.detailTop - 1 < s.height - 1 {
            s.put(0, content.detailTop - 1, String(repeating: glyphs.rule, count: s.width), .border)
        }
        for (i, line) in content.lines.dropFirst(walk.scroll).prefix(content.detailRows).enumerated() {
            let role: Role = line.hasPrefix("  ✗") ? .error : line.hasPrefix("  ✓") ? .ready : .normal
            s.put(1, content.detailTop + i, TextWidth.truncate(glyphs.marks(line), to: s.width - 2), role, maxWidth: s.width - 2)
        }
    }
}
