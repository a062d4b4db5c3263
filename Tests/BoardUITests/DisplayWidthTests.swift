import Testing
@testable import BoardUI

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("Zürich") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1) // e + combining acute
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("❤️") == 2)       // with U+FE0F: drawn wide
        #expect(DisplayWidth.of("👩‍💻") == 2)      // ZWJ sequence: one glyph
    }

    @Test func truncateNeverBreaksTheGrid() {
        #expect(DisplayWidth.truncate("Société Générale", to: 8) == "Société…")
        #expect(DisplayWidth.truncate("東京テクノ", to: 6) == "東京…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("東京テクノ", to: 6)) <= 6)
        #expect(DisplayWidth.pad("東京", to: 6) == "東京  ")
        #expect(DisplayWidth.pad("7", to: 3, alignRight: true) == "  7")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func tableAlignsWideText() {
        var t = TextTable(columns: [.init("#", alignRight: true), .init("Company")])
        t.add(["1", "東京テクノ"])
        t.add(["12", "Acme"])
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines == [" #  Company", "--  ----------", " 1  東京テクノ", "12  Acme"])
    }
}
