import Foundation

/// Terminal column widths, without ncurses (tests and layout run without a terminal).
/// CJK and emoji take two columns, combining marks none; emoji sequences (with U+FE0F or
/// zero-width joiners) count as one wide glyph — ncurses would count them wrongly.
public enum TextWidth {
    public static func of(_ character: Character) -> Int {
        // Printable ASCII is most of what a board shows; skip the Unicode tables for it.
        if let a = character.asciiValue { return a >= 0x20 && a < 0x7F || a == 0x09 || a == 0x0A ? 1 : 0 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // U+FE0F and ZWJ make an emoji glyph wide; after any other base ("a\u{FE0F}",
        // "c\u{200D}") they are zero-width hangers-on and the cluster is as wide as its base.
        if scalars.count > 1, isEmojiBase(first), scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
        return of(first)
    }

    /// A scalar that starts an emoji glyph (❤, 👩), not a letter, digit or `#` that also has
    /// an emoji form only with U+FE0F and a keycap.
    static func isEmojiBase(_ s: Unicode.Scalar) -> Bool {
        s.value > 0xFF && s.properties.isEmoji
    }

    /// What one cell shows for a cluster of width 1: the cluster without the zero-width
    /// characters that attached to its base (variation selectors, ZWJ/ZWNJ, other format
    /// characters). Combining marks stay (`e\u{301}` is é); the terminal would otherwise
    /// measure the leftovers its own way and shift the rest of the row.
    public static func cellText(_ character: Character) -> String {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return String(character) }
        var out = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            if i > 0 {
                let v = s.value
                if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { continue }
                switch s.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: break
                default: continue
                }
            }
            out.append(s)
        }
        return String(out)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0x09 || v == 0x0A { return 1 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(v) ? 2 : 1
    }

    public static func of(_ text: String) -> Int {
        var n = 0
        for b in text.utf8 {
            guard b >= 0x20, b < 0x7F else { return text.reduce(0) { $0 + of($1) } }
            n += 1
        }
        return n
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
             0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts text to at most `width` columns, ending in `…` when something was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// Pads (or truncates) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let fill = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? fill + cut : cut + fill
    }
}
