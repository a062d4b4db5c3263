import Foundation
import Testing
import Pipeline
import Terminal
@testable import BoardUI

/// Zero-width characters, combining marks and bidi controls in a title never add or remove a
/// column on the board: the screen reads exactly as the plain title's would.
@Suite struct ZeroWidthScreenTests {
    /// (hostile title, the title a board must look like with it)
    static let cases: [(String, String)] = [
        ("Ac\u{200B}me", "Acme"),              // zero-width space: dropped
        ("Ac\u{200C}me", "Acme"),              // ZWNJ after a letter: dropped from the cell
        ("Ac\u{200D}me", "Acme"),              // ZWJ after a letter: was measured as a wide emoji
        ("Ac\u{2060}me\u{FEFF}", "Acme"),      // word joiner, BOM
        ("e\u{0301}tude", "\u{E9}tude"),       // combining acute: one cell with its base
        ("a\u{FE0F}b\u{FE0E}c", "abc"),        // variation selectors after letters
        ("x\u{E0100}y", "xy"),                 // ideographic variation selector
        ("\u{202E}evil", "\\u202Eevil"),       // bidi control: shown visibly
        ("東\u{200B}京", "東京"),
        ("❤️ deal", "❤️ deal"),                // real emoji keep their width
    ]

    @Test(arguments: cases)
    func titlesTakeTheirRealWidth(_ hostile: String, _ plain: String) throws {
        for (w, h) in [(80, 24), (200, 50), (40, 10)] {
            let a = try BoardHarness(width: w, height: h, deals: [(hostile + " renewal", "Glo\u{200B}bex\u{FE0F}", "12000")])
            let b = try BoardHarness(width: w, height: h, deals: [(plain + " renewal", "Globex", "12000")])
            let sa = a.screen, sb = b.screen
            // Same grid cell by cell (é as e + U+0301 or precomposed is the same glyph).
            for y in 0..<sa.height {
                let ra = sa.row(y).precomposedStringWithCanonicalMapping, rb = sb.row(y).precomposedStringWithCanonicalMapping
                #expect(ra == rb, "\(w)x\(h) row \(y): \(ra.debugDescription) vs \(rb.debugDescription)")
                for x in 0..<sa.width { #expect(sa[x, y].continuation == sb[x, y].continuation) }
            }
            #expect(!sa.cells.contains { c in c.text.unicodeScalars.contains { [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFE0E, 0x202E].contains($0.value) } })
        }
    }

    @Test func widthsOfClusters() {
        #expect(TextWidth.of("a\u{FE0F}") == 1)
        #expect(TextWidth.of("c\u{200D}") == 1)
        #expect(TextWidth.of("Ac\u{200B}me") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("❤️") == 2)
        #expect(TextWidth.of("👩‍💻") == 2)
        #expect(TextWidth.cellText("a\u{FE0F}") == "a")
        #expect(TextWidth.cellText("e\u{301}") == "e\u{301}")
        #expect(TextWidth.cellText("c\u{200C}") == "c")
    }

    @Test func screenPutDropsZeroWidthClusters() {
        var s = Screen(width: 10, height: 1)
        let used = s.put(0, 0, "A\u{200B}b\u{FE0F}c\u{202E}d")
        #expect(used == 4)
        #expect(s.row(0) == "Abcd")
        // A mark with no base at all (the start of what is drawn) takes no cell either.
        var t = Screen(width: 10, height: 1)
        #expect(t.put(0, 0, "\u{0301}x") == 1)
        #expect(t.row(0) == "x")
    }
}
