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

    /// The check 8 bytes a step says "plain" exactly when no byte needs a look or is past ASCII:
    /// every byte value, at every place in a word and in the tail, with plain text around it.
    @Test func theWordAtATimeCheckAgreesWithTheByteCheck() {
        for length in [1, 7, 8, 9, 16, 23] {
            for at in 0..<length {
                for b in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[at] = UInt8(b)
                    let expected = !(b >= 0x7F || JSONLine.needsLook(UInt8(b)))
                    let got = bytes.withUnsafeBytes { JSONLine.isPlainASCII($0) }
                    #expect(got == expected, "byte \(b) at \(at) of \(length)")
                }
            }
        }
        // Neighbours that borrow across bytes: a low byte before a high one, and the reverse.
        for pair: [UInt8] in [[0x00, 0x21], [0x21, 0x00], [0x1F, 0x20], [0x20, 0x1F], [0x7E, 0x7F], [0x23, 0x22], [0x5B, 0x5C]] {
            let bytes = [UInt8](repeating: 0x41, count: 6) + pair
            let expected = !pair.contains { $0 >= 0x7F || JSONLine.needsLook($0) }
            #expect(bytes.withUnsafeBytes { JSONLine.isPlainASCII($0) } == expected, "\(pair)")
        }
        #expect(JSONLine.write(.string("plain ascii, long enough for three words")) == "\"plain ascii, long enough for three words\"")
        #expect(JSONLine.pretty(.string(Self.hostile)) == JSONLine.write(.string(Self.hostile)))
    }

    /// JSON written as a stream, with parts written on another core and appended, is the pretty
    /// printer's text of the same value.
    @Test func aStreamWithContinuationsWritesWhatThePrettyPrinterDoes() {
        let item: (Int) -> JSONValue = { .obj([("id", .number(Double($0))), ("title", .string($0 % 3 == 0 ? Self.hostile : "deal \($0)")),
                                               ("tags", .array($0 % 2 == 0 ? [] : [.string("a"), .null]))]) }
        for count in [0, 1, 2, 5] {
            let whole = JSONValue.obj([("before", .array([])), ("items", .array((0..<count).map(item))), ("after", .bool(true))])
            let chunks = Chunks()
            var out = JSONStream(chunk: 16) { chunks.list.append($0) }
            out.beginObject()
            out.key("before")
            out.value(.array([]))
            out.key("items")
            out.beginArray()
            let split = count / 2
            var first = out.continuation(elementsBefore: false)
            var second = out.continuation(elementsBefore: split > 0)
            for i in 0..<split {
                first.element()
                first.value(item(i))
            }
            for i in split..<count {
                second.element()
                second.value(item(i))
            }
            out.append(first)
            out.append(second)
            out.endArray()
            out.key("after")
            out.value(.bool(true))
            out.endObject()
            out.finishLine()
            #expect(chunks.list.count > 1 || count == 0)
            #expect(String(decoding: chunks.list.joined(), as: UTF8.self) == JSONLine.pretty(whole) + "\n", "\(count) items")
        }
    }

    /// Counts go out as the tree writes a number, up to where it switches to a Double's text.
    @Test func countsAreWrittenAsTheTreeWritesNumbers() {
        for n in [0, 7, -7, 123_456_789, 999_999_999_999_999, 1_000_000_000_000_000, -1_000_000_000_000_000, Int.max, Int.min] {
            var out = JSONStream()
            out.int(n)
            #expect(String(decoding: out.bytes, as: UTF8.self) == JSONLine.write(.number(Double(n))), "\(n)")
        }
        var out = JSONStream()
        out.null()
        #expect(out.bytes == Array("null".utf8))
    }

    /// What a stream handed on, in order (written on this thread only).
    final class Chunks: @unchecked Sendable { var list: [[UInt8]] = [] }

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
