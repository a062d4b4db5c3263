import Foundation
import Pipeline
import Terminal

/// Scroll offsets belong to the state and are settled in the update — after every key, tick
/// and resize — against the current size. The views compute the same settled values (pure
/// functions of state and size), so a frame never writes state and never depends on the one
/// before it.
extension BoardApp {
    func settle() {
        refreshSyncInfo()
        guard !tooSmall else { return }
        settleBoard()
        // A deal's detail whose deal is gone (undone, or a replaced journal) goes back to where
        // it was opened from.
        if let d = mode as? DetailScreen, store.state.deal(number: d.number) == nil { closeDetail() }
        if home is DetailScreen { home = home.settled(self) }
        // The review and the walk are what their overlays return to: they stay in step.
        let wasHome = mode.covers && type(of: home) == type(of: mode)
        mode = mode.settled(self)
        if wasHome { home = mode }
    }

    /// A deal's text as the detail and the walk show it: with this terminal's marks, wrapped
    /// to a width (a checkbox stays with its label), each line with its colour — a wrapped ✗
    /// criterion stays red on every line.
    func detailText(_ d: Deal, width: Int) -> [(text: String, role: Role)] {
        var out: [(text: String, role: Role)] = []
        for line in DealText.deal(d, pipeline: pipeline, now: clock()).split(separator: "\n", omittingEmptySubsequences: false) {
            let role: Role = line.hasPrefix("  ✗") ? .error : line.hasPrefix("  ✓") ? .ready : .normal
            let kept = String(line).replacingOccurrences(of: "☐ ", with: "☐\u{00A0}").replacingOccurrences(of: "☑ ", with: "☑\u{00A0}")
            // ASCII's "[ ]" is one mark too: its space does not break.
            let marked = glyphs.marks(kept).replacingOccurrences(of: "[ ]", with: "[\u{00A0}]")
            for piece in Self.wrap([marked], width: width) { out.append((piece, role)) }
        }
        return out
    }

    /// How far a half page (Ctrl-D / Ctrl-U) goes in a list that shows `rows` lines.
    static func halfPage(_ rows: Int) -> Int { max(1, rows / 2) }

    /// The review's text width and the rows it shows (below the bar, above the status line).
    var reviewWidth: Int { size.width - 2 }
    var reviewRows: Int { size.height - 2 }
}
