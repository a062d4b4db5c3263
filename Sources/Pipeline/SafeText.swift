import Foundation

/// Text that people typed (a deal's title, a note, a field, a loss reason, a stage name in
/// pipeline.toml, a hand-edited journal line) made safe to show on someone else's terminal.
///
/// Colleagues share a board, so nothing one of them typed may drive another's terminal: an
/// escape sequence could retitle the window, write the clipboard (OSC 52), clear the screen,
/// or move the cursor to forge output; a carriage return or backspace could overwrite what was
/// printed before it; a bidi override could make text read differently from what it is. The
/// one rule, used at every output boundary: such characters are shown *visibly*, never sent raw.
///
/// | character | shown as |
/// |---|---|
/// | ESC and other C0 controls (U+0000–U+001F) | caret notation: `^[`, `^H`, `^M` (a lone CR), `^G` |
/// | line break inside a field (LF, CRLF) | `⏎` (`\n` where the output is ASCII) |
/// | tab inside a field | one space (it would only move the cursor; a space keeps columns) |
/// | DEL (U+007F) | `^?` |
/// | C1 controls (U+0080–U+009F) | `\u0085` |
/// | bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), U+2028, U+2029 | `\u202E` |
///
/// Everything else — accents, CJK, emoji, zero-width joiners — passes unchanged. The visible
/// forms are themselves plain text, so sanitising twice changes nothing (no double escaping).
public enum SafeText {
    /// Whether a scalar must not reach a terminal raw.
    @inline(__always)
    public static func isUnsafe(_ v: UInt32) -> Bool {
        v < 0x20 || (v >= 0x7F && v < 0xA0) || isBidi(v) || v == 0x2028 || v == 0x2029
    }

    /// The characters that reorder displayed text (Trojan Source): embeddings, overrides,
    /// isolates and the implicit marks.
    @inline(__always)
    public static func isBidi(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// Whether the UTF-8 bytes hold an unsafe scalar, without decoding them: the whole output
    /// of a big report (megabytes, full of "—" and "→", which share lead bytes with the bidi
    /// controls) goes through here, so only exact byte sequences count.
    /// `keepingLineBreaks`: a line feed or tab is no work (a whole message or output).
    static func mayNeedWork(_ s: String, keepingLineBreaks: Bool = false) -> Bool {
        // On the raw bytes: iterating String.UTF8View byte by byte cost several times more.
        if let found = s.utf8.withContiguousStorageIfAvailable({ scan($0, keepingLineBreaks: keepingLineBreaks) }) { return found }
        var copy = s
        return copy.withUTF8 { scan($0, keepingLineBreaks: keepingLineBreaks) }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, keepingLineBreaks: Bool) -> Bool {
        var b1: UInt8 = 0, b2: UInt8 = 0 // the two bytes before
        for b in bytes {
            if b < 0x20 || b == 0x7F {
                if keepingLineBreaks, b == 0x0A || b == 0x09 { continue }
                return true
            }
            if b >= 0x80, b < 0xC0 { // a continuation byte: finishes C2 xx, D8 xx or E2 xx xx
                if b1 == 0xC2, b < 0xA0 { return true }                          // C1: C2 80–C2 9F
                if b1 == 0xD8, b == 0x9C { return true }                         // U+061C
                if b2 == 0xE2, b1 == 0x80, (0x8E...0x8F).contains(b) || (0xA8...0xAE).contains(b) { return true } // U+200E/F, U+2028–202E
                if b2 == 0xE2, b1 == 0x81, (0xA6...0xA9).contains(b) { return true } // U+2066–2069
            }
            b2 = b1
            b1 = b
        }
        return false
    }

    /// `\u202E`: four upper-case hex digits (every unsafe scalar is in the BMP).
    static func uEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The visible form of one unsafe scalar other than a line break or tab.
    static func visible(_ v: UInt32) -> String {
        if v < 0x20 { return "^" + String(UnicodeScalar(UInt8(v + 0x40))) }
        if v == 0x7F { return "^?" }
        return uEscape(v)
    }

    /// One field (or one line of output) for a terminal: every control visible, line breaks as
    /// `⏎` (`\n` when `ascii`), a tab as a space. The result never contains a control character.
    public static func line(_ s: String, ascii: Bool = false) -> String {
        guard mayNeedWork(s) else { return s }
        return render(s, keepLineBreaks: false, ascii: ascii)
    }

    /// A whole message of several lines (our own, quoting untrusted parts): its line breaks
    /// (LF, CRLF) and tabs are kept, every other control is shown visibly. A last line of
    /// defence at the point where text is written; the untrusted parts of a message should
    /// already have gone through `line`, so a line break typed into a title cannot start a
    /// line of its own.
    public static func lines(_ s: String) -> String {
        guard mayNeedWork(s, keepingLineBreaks: true) else { return s }
        return render(s, keepLineBreaks: true, ascii: false)
    }

    /// Whether `s` holds nothing `line` would change.
    public static func isClean(_ s: String) -> Bool {
        guard mayNeedWork(s) else { return true }
        return !s.unicodeScalars.contains { isUnsafe($0.value) }
    }

    private static func render(_ s: String, keepLineBreaks: Bool, ascii: Bool) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 8)
        func add(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        let lineBreak = keepLineBreaks ? "\n" : (ascii ? "\\n" : "⏎")
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            defer { i += 1 }
            guard isUnsafe(v) else { out.append(scalars[i]); continue }
            switch v {
            case 0x0A:
                add(lineBreak)
            case 0x0D where i + 1 < scalars.count && scalars[i + 1].value == 0x0A:
                if keepLineBreaks { add("\r") } // CRLF stays CRLF in a message; one ⏎ in a field
            case 0x09:
                add(keepLineBreaks ? "\t" : " ")
            default:
                add(visible(v))
            }
        }
        return String(out)
    }

    // MARK: CSV

    /// One CSV cell: controls neutralised as in `line`, and guarded against spreadsheet formula
    /// injection (OWASP): a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// (or with spaces and then one of `=+-@`) gets a leading `'`, so a spreadsheet shows it as
    /// text instead of running it. A plain number (`-5`, `12000`, `-1250.50`) is left as it is:
    /// amounts stay numbers, and a number cannot be a formula.
    public static func csvCell(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        let safe = line(s)
        if isPlainNumber(s) { return safe }
        let risky: Set<UInt32> = [0x3D, 0x2B, 0x2D, 0x40] // = + - @
        let firstVisible = safe.unicodeScalars.first { $0 != " " }
        if risky.contains(first.value) || first.value == 0x09 || first.value == 0x0D || firstVisible.map({ risky.contains($0.value) }) == true {
            return "'" + safe
        }
        return safe
    }

    /// `-5`, `12000`, `0.5`, `-1250.50`: an optional minus, digits, an optional fraction.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        let parts = u.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard !u.isEmpty, parts.count <= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    // MARK: Markdown

    /// User text inside Markdown (a table cell, a list item): controls neutralised as in `line`;
    /// HTML made inert (`<` `>` `&` as entities, so no tags and no `<http://…>` autolinks); and
    /// the characters that make links, images, emphasis, code and table cells (`[ ] * _ ` ~ | \`)
    /// backslash-escaped, so `[x](javascript:…)` and `![](…)` stay plain text.
    public static func markdown(_ s: String) -> String {
        let text = line(s)
        guard text.utf8.contains(where: { markdownSpecial($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for ch in text.unicodeScalars {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out += "\\"
                out.unicodeScalars.append(ch)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private static func markdownSpecial(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"),
             UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}
