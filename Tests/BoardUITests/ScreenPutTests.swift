import Foundation
import Testing
import Terminal

/// `Screen.put` takes plain ASCII a byte at a time (the fast path) and everything else a
/// grapheme cluster at a time: both must lay text out the same way.
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
        // The same text with one non-ASCII character at the end goes the cluster way.
        var slow = Screen(width: 10, height: 1)
        #expect(slow.put(0, 0, text + "é") == used + 1)
        #expect(slow.row(0) == shown + "é")
    }

    /// ASCII before a combining mark belongs to the mark's cluster: "e" + U+0301 is one cell.
    @Test func asciiBeforeAMarkJoinsItsCluster() {
        var s = Screen(width: 10, height: 1)
        #expect(s.put(0, 0, "cafe\u{301} \u{B7} ok") == 9)
        #expect(s.row(0).precomposedStringWithCanonicalMapping == "caf\u{E9} \u{B7} ok")
        #expect(s[3, 0].text.unicodeScalars.count == 2)
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
