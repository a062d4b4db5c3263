import Foundation
import Testing
@testable import BoardUI
import Terminal

@Suite struct TextWidthTests {
    @Test func widths() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("東京") == 4)
        #expect(TextWidth.of("Zürich") == 6)
        #expect(TextWidth.of("e\u{301}") == 1) // e + combining acute
        #expect(TextWidth.of("🚀") == 2)
        #expect(TextWidth.of("❤️") == 2)       // with U+FE0F: drawn wide
        #expect(TextWidth.of("👩‍💻") == 2)      // ZWJ sequence: one glyph
    }

    @Test func truncateNeverBreaksTheGrid() {
        #expect(TextWidth.truncate("Société Générale", to: 8) == "Société…")
        #expect(TextWidth.truncate("東京テクノ", to: 6) == "東京…")
        #expect(TextWidth.of(TextWidth.truncate("東京テクノ", to: 6)) <= 6)
        #expect(TextWidth.pad("東京", to: 6) == "東京  ")
        #expect(TextWidth.pad("7", to: 3, alignRight: true) == "  7")
        #expect(TextWidth.truncate("abc", to: 0) == "")
    }

    @Test func tableAlignsWideText() {
        var t = TextTable(columns: [.init("#", alignRight: true), .init("Company")])
        t.add(["1", "東京テクノ"])
        t.add(["12", "Acme"])
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines == [" #  Company", "--  ----------", " 1  東京テクノ", "12  Acme"])
    }
}

@Suite struct ReadmeKeyTableTests {
    /// The README's key table is generated from the one keymap table; this fails when they drift.
    @Test func readmeHasTheGeneratedKeyTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = Keymap.defaults.markdownTable
        if !readme.contains(table) {
            print("README key table is out of date; it should read:\n\(table)")
        }
        #expect(readme.contains(table))
    }
}
