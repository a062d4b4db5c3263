import Foundation
import Testing
import Pipeline
@testable import Store

@Suite struct JSONEscapeTests {
    static let hostile = "t\u{1B}]0;pwned\u{07}\r\n\u{08}\u{7F}\u{9B}\u{85}\u{202E}\u{2066}\u{200E}\u{061C}\u{2028} é 東京 🚀 \"q\" \\"

    @Test func unsafeCharactersAreEscapedAndReadBack() throws {
        let line = JSONLine.write(.string(Self.hostile))
        #expect(line == #""t\u001b]0;pwned\u0007\r\n\u0008\u007f\u009b\u0085\u202e\u2066\u200e\u061c\u2028 é 東京 🚀 \"q\" \\""#)
        #expect(line.unicodeScalars.allSatisfy { !SafeText.isUnsafe($0.value) })
        #expect(try JSONLine.parse(line) == .string(Self.hostile))
        let pretty = JSONLine.pretty(.obj([("title", .string(Self.hostile))]))
        #expect(pretty.unicodeScalars.allSatisfy { $0 == "\n" || !SafeText.isUnsafe($0.value) })
        #expect(try JSONLine.parse(pretty) == .obj([("title", .string(Self.hostile))]))
        // Foundation agrees: still valid JSON, same text.
        let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == Self.hostile)
    }

    @Test func plainTextStaysUTF8() {
        #expect(JSONLine.write(.string("Zürich £5 東京 🚀")) == "\"Zürich £5 東京 🚀\"")
    }

    @Test func escapesOfEveryKindAreRead() throws {
        #expect(try JSONLine.parse(#""\ud83d\ude80 \u00e9 \u001B \u202E \/ \b\f""#) == .string("🚀 é \u{1B} \u{202E} / \u{08}\u{0C}"))
        #expect(throws: JSONLine.ParseError.self) { try JSONLine.parse(#""\ud83d""#) }
        #expect(throws: JSONLine.ParseError.self) { try JSONLine.parse(#""\ude80""#) }
        #expect(throws: JSONLine.ParseError.self) { try JSONLine.parse(#""\ud83d\u0041""#) }
        #expect(throws: JSONLine.ParseError.self) { try JSONLine.parse("\"raw \u{1B} escape\"") }
    }

    @Test func anEventWithHostileTextRoundTripsThroughTheJournalCodec() throws {
        let b = try TempBoard()
        let store = try b.store()
        _ = try store.perform(now: day(0)) { try $0.create(title: Self.hostile, company: "", amount: "", owner: nil, stage: nil) }
        let text = try String(contentsOfFile: b.files.journal, encoding: .utf8)
        #expect(text.unicodeScalars.allSatisfy { $0 == "\n" || !SafeText.isUnsafe($0.value) })
        let again = try b.store()
        #expect(again.state.deal(number: 1)?.title == Self.hostile.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
