import Foundation
import Testing
import Terminal

/// `Screen.put` takes plain text (ASCII and one-column symbols and letters) a scalar at a time
/// (the fast path) and everything else a grapheme cluster at a time: both must lay text out the
/// same way.
@Suite struct ScreenPutTests {
    /// (text, what the row reads, the columns used): tab and newline are a space, other
    /// control characters and DEL take no cell, "\r\n" is one space.
    static let cases: [(String, String, Int)] = [
        ("plain", "plain", 5),
        ("a\tb", "a b", 3),
        ("x\r\ny", "x y", 3),
        ("x\ny", "x y", 3),
        ("a\u{7}b\u{7F}c\u{1B}d", "abcd", 4),
        ("\r", "", 0),
    ]

    @Test(arguments: cases)
    func asciiIsLaidOutLikeAnyText(_ text: String, _ shown: String, _ used: Int) {
        var fast = Screen(width: 10, height: 1)
        #expect(fast.put(0, 0, text) == used)
        #expect(fast.row(0) == shown)
        // The same text with a letter at the end that is laid out as a cluster (Greek is not in
        // the one-column table), so the text before it goes the fast way only up to the byte
        // before it.
        var slow = Screen(width: 10, height: 1)
        #expect(slow.put(0, 0, text + "λ") == used + 1)
        #expect(slow.row(0) == shown + "λ")
    }

    /// ASCII before a combining mark belongs to the mark's cluster: "e" + U+0301 is one cell.
    @Test func asciiBeforeAMarkJoinsItsCluster() {
        var s = Screen(width: 10, height: 1)
        #expect(s.put(0, 0, "cafe\u{301} \u{B7} ok") == 9)
        #expect(s.row(0).precomposedStringWithCanonicalMapping == "caf\u{E9} \u{B7} ok")
        #expect(s[3, 0].text.unicodeScalars.count == 2)
    }

    /// Texts the board shows (a card's company line with `·`, a title cut with `…`, box lines,
    /// arrows, accented names) and texts where a symbol is followed by something that joins its
    /// cluster (a mark, a variation selector, a joiner): laid out the fast way, they read exactly
    /// as laid out cluster by cluster. A zero-width space in front (a control: its own cluster,
    /// no cell) sends the whole text the cluster way.
    @Test(arguments: ["Umbrella Health · $59k", "#2 Vandelay platform …", "── box ──│┤", "←→↑↓ and ↔", "naïve café Ærø",
                      "a·\u{301}b", "x↔\u{FE0F}y", "·\u{200D}·", "€ 5 · £3", "✓ done · ok", "tab\t·\n…", "ñ\u{303}x",
                      "日本·x", "·", "…", "a\u{7}·"])
    func symbolsAreLaidOutLikeClusters(_ text: String) {
        for width in [4, 9, 30] {
            var fast = Screen(width: 30, height: 1)
            var slow = Screen(width: 30, height: 1)
            let used = fast.put(1, 0, text, .card, maxWidth: width)
            #expect(slow.put(1, 0, "\u{200B}" + text, .card, maxWidth: width) == used)
            #expect(fast.cells == slow.cells, "\(text) in \(width) columns: \(fast.row(0)) vs \(slow.row(0))")
        }
    }

    @Test func asciiStopsAtItsWidth() {
        var s = Screen(width: 10, height: 1)
        #expect(s.put(2, 0, "abcdefgh", maxWidth: 3) == 3)
        #expect(s.row(0) == "  abc")
        #expect(s.put(8, 0, "xyz") == 2)
        #expect(s.row(0) == "  abc   xy")
        #expect(s.put(-2, 0, "12345") == 5)   // clipped on the left, counted from where it started
        #expect(s.row(0) == "345bc   xy")
        var t = Screen(width: 10, height: 1)
        #expect(t.put(-2, 0, "1234é") == 5)
        #expect(t.row(0) == "34é")
    }
}
