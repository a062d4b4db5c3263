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
        var review = current
        let lines = reviewLines(review, width: s.width - 2)
        let rows = s.height - 2
        lastReviewWidth = s.width - 2
        lastReviewRows = rows
        s.fill(0, 1, s.width, rows, .normal)
        drawBar(&s, left: " Weekly review — \(review.window.label)" + (reviewOwner.map { " — \($0)" } ?? ""), right: "t period  o rep  w walk  R done  q back ")
        review.cursor = min(review.cursor, max(0, lines.count - 1))
        if review.cursor < review.scroll { review.scroll = review.cursor }
        if review.cursor >= review.scroll + rows { review.scroll = review.cursor - rows + 1 }
        review.scroll = max(0, min(review.scroll, max(0, lines.count - rows)))
        for (i, line) in lines.dropFirst(review.scroll).prefix(rows).enumerated() {
            let y = 1 + i
            let selected = review.scroll + i == review.cursor
            if selected { s.fill(0, y, s.width, 1, .selected) }
            var x = 1
            for piece in line.pieces {
                x += s.put(x, y, piece.text, selected ? .selected : piece.role, maxWidth: max(0, s.width - 1 - x))
            }
        }
        if case .review = mode { mode = .review(review) }
    }

    func drawWalk(_ s: inout Screen, _ current: Walk) {
        var walk = current
        let rows = s.height - 2
        s.fill(0, 1, s.width, rows, .normal)
        drawBar(&s, left: " Stuck deal \(walk.index + 1) of \(walk.deals.count)", right: "n next  p previous  s next step  Esc list ")
        guard let d = store.state.deal(number: walk.current) else {
            s.put(1, 1, "#\(walk.current) no longer exists (undone?). n or p to go on.", .error, maxWidth: s.width - 2)
            return
        }
        // Why it is stuck, as of now: acting on the deal may clear the reasons.
        var top: [(String, Role)] = []
        let stuck = report(for: walk.review.window).stuck.first { $0.number == d.number }
        if let stuck {
            for reason in stuck.reasons {
                let role = ReportText.role(of: reason.kind)
                top.append(((unicode ? "• " : "* ") + reason.text, role))
            }
        } else {
            top.append(((unicode ? "✓ " : "+ ") + "not stuck any more", .ready))
        }
        let keys = "s next step · a log · > forward · < back · X lost · W won · e edit · c checks"
        top.append((unicode ? keys : keys.replacingOccurrences(of: "·", with: "-"), .hint))
        for (i, (text, role)) in top.prefix(max(0, rows - 1)).enumerated() {
            s.put(1, 1 + i, TextWidth.truncate(text, to: s.width - 2), role, maxWidth: s.width - 2)
        }
        let detailTop = 1 + top.count + 1
        let detailRows = max(0, s.height - 1 - detailTop)
        if detailTop - 1 < s.height - 1 {
            s.put(0, detailTop - 1, String(repeating: unicode ? "─" : "-", count: s.width), .border)
        }
        let lines = Self.wrap(DealText.deal(d, pipeline: pipeline, now: clock()).split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                              width: s.width - 2)
        walk.scroll = max(0, min(walk.scroll, max(0, lines.count - detailRows)))
        for (i, line) in lines.dropFirst(walk.scroll).prefix(detailRows).enumerated() {
            let role: Role = line.hasPrefix("  ✗") ? .error : line.hasPrefix("  ✓") ? .ready : .normal
            s.put(1, detailTop + i, TextWidth.truncate(unicode ? line : asciiMarks(line), to: s.width - 2), role, maxWidth: s.width - 2)
        }
        if case .walk = mode { mode = .walk(walk) }
    }
}
