import Foundation
import Pipeline

/// Reads and writes the JSON of journal lines.
///
/// Why not `JSONDecoder`: on this machine it costs ~5 µs a line, so 500+ ms for a
/// 100,000-event board, against a 150 ms open budget. This parser handles exactly RFC 8259
/// JSON (it is not lenient), works on the raw bytes of one line, and produces `JSONValue`
/// with object keys in order, so unknown fields survive a read/write round trip.
public enum JSONLine {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var p = Parser(bytes: bytes)
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(offset: p.i, message: "unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var copy = text
        return try copy.withUTF8 { try parse($0) }
    }

    // MARK: Writing

    /// Compact JSON, keys in the order given, non-ASCII written as UTF-8 (greppable).
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(160)
        write(value, into: &out)
        return out
    }

    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { out += String(Int64(n)) } else if n.isFinite { out += "\(n)" } else { out += "null" }
        case .numberText(let t): out += t
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                write(v, into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                writeString(k, into: &out)
                out += ":"
                write(v, into: &out)
            }
            out += "}"
        }
    }

    /// Pretty JSON for people and `--format json` (two-space indent).
    public static func pretty(_ value: JSONValue) -> String {
        String(decoding: prettyBytes(value), as: UTF8.self)
    }

    /// `pretty` as UTF-8 bytes, for output: a big report's megabytes are not copied into a String.
    public static func prettyBytes(_ value: JSONValue) -> [UInt8] {
        var out = JSONStream()
        out.value(value)
        return out.bytes
    }

    /// Bytes after which a string may need escaping: C0 controls, `"`, `\\`, DEL, and the lead
    /// bytes of C1 controls (0xC2), U+061C (0xD8) and the bidi controls and separators (0xE2).
    @inline(__always)
    static func needsLook(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        // The bytes in place, not a copy of the string (a report writes a million strings).
        func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard isPlainASCII(UnsafeRawBufferPointer(bytes)) || !bytes.contains(where: needsLook) else { return false }
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
            return true
        }
        if let done = s.utf8.withContiguousStorageIfAvailable(plain) {
            if done { return }
        } else {
            var copy = s
            if copy.withUTF8(plain) { return }
        }
        var text = ""
        writeString(s, into: &text)
        out.append(contentsOf: text.utf8)
    }

    /// ASCII with nothing to escape (no control, `"`, `\\` or DEL), looked at 8 bytes a step: the
    /// 43 MB of a 100,000-deal report went through `needsLook` a byte at a time in a tenth of
    /// the command. False means "look closer": any byte from 0x7F up (UTF-8 text) is.
    static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Whether any byte of `w` is zero, or below `n` (≤ 0x80) when it has no high bit:
        // exact as a yes/no over the word (the bit-twiddling classics).
        @inline(__always) func hasLess(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & highs != 0 }
        @inline(__always) func hasZero(_ w: UInt64) -> Bool { hasLess(w, 1) }
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & highs != 0 || hasLess(w, 0x20) || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C)) || hasZero(w ^ (ones &* 0x7F)) {
                return false
            }
            i += 8
        }
        while i < n {
            if bytes[i] >= 0x7F || needsLook(bytes[i]) { return false }
            i += 1
        }
        return true
    }

    static func writeString(_ s: String, into out: inout String) {
        // Most strings need no escaping: append them whole, not scalar by scalar.
        if !s.utf8.contains(where: needsLook) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // Controls as JSON requires, and also DEL, C1 controls, bidi controls and the
                // line/paragraph separators (SafeText.isUnsafe): JSON shown as it is (cat, a
                // pager, a log viewer) then carries no terminal control and no reordering.
                if SafeText.isUnsafe(scalar.value) {
                    let hex = Array(String(scalar.value, radix: 16).utf8)
                    out += "\\u"
                    out += String(repeating: "0", count: max(0, 4 - hex.count))
                    out += String(decoding: hex, as: UTF8.self)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: Parser

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        static let maxDepth = 64

        mutating func skipSpace() {
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { break }
            }
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < Parser.maxDepth else { throw fail("nested too deeply") }
            guard i < bytes.count else { throw fail("unexpected end of line") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw fail("unexpected character")
            }
        }

        /// For a key without escapes: its bytes, and the parser past its closing quote; nil
        /// (parser unmoved) otherwise. Lets a caller match known keys without making a String.
        mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
            guard let base = bytes.baseAddress else { return nil }
            var j = i + 1
            while j < bytes.count {
                let c = base[j]
                if c == 0x22 {
                    defer { i = j + 1 }
                    return UnsafeBufferPointer(start: base + i + 1, count: j - i - 1)
                }
                if c == 0x5C || c < 0x20 || c >= 0x80 { return nil }
                j += 1
            }
            return nil
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { throw fail("unexpected end of line") }
            let w = word.utf8Start
            for k in 0..<n where bytes[i + k] != w[k] { throw fail("unexpected character") }
            i += n
        }

        mutating func object(depth: Int) throws -> JSONValue {
            i += 1
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of line") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of line") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func number() throws -> Double {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            var intValue: Int64 = 0
            var digits = 0
            var simple = true
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if digits < 18 { intValue = intValue * 10 + Int64(bytes[i] - 48) } else { simple = false }
                digits += 1
                i += 1
            }
            guard digits > 0 else { throw fail("expected a digit") }
            if digits > 1, bytes[start + (bytes[start] == UInt8(ascii: "-") ? 1 : 0)] == 48 { throw fail("leading zero in number") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                simple = false
                i += 1
                let s = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                guard i > s else { throw fail("expected a digit after '.'") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                simple = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                let s = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                guard i > s else { throw fail("expected a digit in exponent") }
            }
            if simple { return Double(bytes[start] == UInt8(ascii: "-") ? -intValue : intValue) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            guard let d = Double(text) else { throw fail("bad number") }
            return d
        }

        mutating func string() throws -> String {
            i += 1
            let start = i
            // Fast path: no escapes — make the string from the slice directly. Pure ASCII needs
            // no UTF-8 validation; anything else is validated (invalid UTF-8 damages the line).
            // A local index and raw pointer: this loop sees most bytes of a journal on replay.
            if let base = bytes.baseAddress {
                var j = start
                var high: UInt8 = 0
                let n = bytes.count
                while j < n {
                    let c = base[j]
                    if c == 0x22 {
                        let slice = UnsafeBufferPointer(start: base + start, count: j - start)
                        i = j + 1
                        if high < 0x80 {
                            return String(unsafeUninitializedCapacity: slice.count) { dest in
                                _ = dest.initialize(from: slice)
                                return slice.count
                            }
                        }
                        guard let s = String(validating: slice, as: UTF8.self) else { throw ParseError(offset: start, message: "invalid UTF-8 in string") }
                        return s
                    }
                    if c == 0x5C { break }
                    if c < 0x20 { i = j; throw fail("control character in string") }
                    high |= c
                    j += 1
                }
                i = j
            }
            guard i < bytes.count else { throw fail("unterminated string") }
            // Slow path with escapes.
            var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw ParseError(offset: start, message: "invalid UTF-8 in string") }
                    return s
                }
                if c < 0x20 { throw fail("control character in string") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw fail("unterminated string") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw fail("lone surrogate")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw fail("bad escape")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw fail("bad \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: throw fail("bad \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
