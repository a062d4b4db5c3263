import Foundation

/// What a cell means, not how it looks: the theme (and the terminal's colour support) decides.
public enum Role: String, CaseIterable, Sendable {
    case normal, title, header, headerDim, card, cardDim, selected, stale, overTarget, overdue, ready
    case dialog, dialogTitle, dialogSelected, error, status, statusError, hint, border
}

/// One terminal cell. A wide character occupies its cell and a following `continuation` cell.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: Role
    public var continuation: Bool

    public static let blank = Cell(text: " ", role: .normal, continuation: false)

    public init(text: String, role: Role, continuation: Bool = false) {
        self.text = text
        self.role = role
        self.continuation = continuation
    }
}

/// A grid of cells the views draw into. The terminal layer copies it to the real screen;
/// tests read it back as text. Drawing is clipped: nothing outside the grid is ever written,
/// and a wide character that does not fit is replaced by a space, so the grid never breaks.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Each ASCII character as the text of a cell, made once.
    private static let asciiText: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes text at (x, y) in at most `maxWidth` columns; returns the columns used.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, _ role: Role = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        // Most of a board is plain text: ASCII and a few symbols of one column (`·`, `…`, arrows,
        // box lines, Latin letters). Those are laid out a scalar at a time, without breaking the
        // text into grapheme clusters (that was a quarter of a cursor key's work), as long as the
        // scalar after each one is also such a scalar — anything else (a combining mark, a
        // variation selector, a joiner) could join its cluster. From the first scalar that is
        // not, the rest goes as clusters. The same rules either way: tab and newline are a
        // space, other controls take no cell.
        let utf8 = text.utf8
        var plain = 0
        var full = false
        _ = utf8.withContiguousStorageIfAvailable { bytes in
            var current = Self.simpleScalar(bytes, at: 0)
            while let this = current {
                let next = Self.simpleScalar(bytes, at: plain + this.length)
                guard plain + this.length == bytes.count || next != nil else { break }
                let b = this.byte == 0x09 || this.byte == 0x0A ? 0x20 : this.byte
                if this.text.isEmpty, b < 0x20 || b == 0x7F {
                    // a control: no cell
                } else if col + 1 > limit {
                    full = true
                    return
                } else {
                    if col >= 0 { setCell(col, y, Cell(text: this.text.isEmpty ? Self.asciiText[Int(b)] : this.text, role: role)) }
                    col += 1
                }
                plain += this.length
                current = next
            }
        }
        if full { return max(0, col - x) }
        for ch in text[utf8.index(utf8.startIndex, offsetBy: plain)...] {
            var w = TextWidth.of(ch)
            // A cluster of width 0 (a zero-width space, a BOM, a bidi control, a mark with no
            // base, a control character) takes no cell: dropped. Marks that follow a base are
            // in the base's cluster and were measured with it.
            if w == 0 { continue }
            var s = w == 1 ? TextWidth.cellText(ch) : String(ch)
            if ch == "\t" || ch.isNewline { s = " "; w = 1 }
            if col + w > limit {
                if col < limit, w == 2 { setCell(col, y, Cell(text: " ", role: role)); col += 1 }
                break
            }
            if col >= 0 {
                setCell(col, y, Cell(text: s, role: role))
                if w == 2, col + 1 < width { setCell(col + 1, y, Cell(text: "", role: role, continuation: true)) }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// The scalar starting at byte `i` if it is one `put` may lay out alone: ASCII (`byte` set),
    /// or a symbol or letter of one column that never joins the scalar before it into a cluster
    /// (`text` set, `byte` 0); nil for anything else (a 4-byte scalar, a sequence cut short).
    @inline(__always)
    static func simpleScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (text: String, byte: UInt8, length: Int)? {
        guard i < bytes.count else { return nil }
        let b0 = bytes[i]
        if b0 < 0x80 { return ("", b0, 1) }
        let v: UInt32
        let length: Int
        if b0 & 0xE0 == 0xC0, i + 1 < bytes.count {
            v = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            length = 2
        } else if b0 & 0xF0 == 0xE0, i + 2 < bytes.count {
            v = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            length = 3
        } else {
            return nil
        }
        // A String's bytes are valid UTF-8, so the sequence decodes to exactly one scalar.
        guard let text = oneColumn[v] else { return nil }
        return (text, 0, length)
    }

    /// Scalars whose grapheme-cluster property is "Other" (they neither join the scalar before
    /// them nor the one after), kept when `TextWidth` gives them one column: Latin-1 and Latin
    /// Extended-A (not the soft hyphen), general punctuation (not the zero-width and separator
    /// controls), arrows, box drawing and block elements. Each with its text, made once.
    static let oneColumn: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let ranges: [ClosedRange<UInt32>] = [0xA1...0xAC, 0xAE...0x17F, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2500...0x259F]
        for r in ranges {
            for v in r {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let ch = Character(scalar)
                if TextWidth.of(ch) == 1, TextWidth.cellText(ch) == String(ch) { table[v] = String(ch) }
            }
        }
        return table
    }()

    /// Fills a rectangle with blanks of a role (backgrounds of panels, the selected card).
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ role: Role) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { setCell(col, row, Cell(text: " ", role: role)) }
        }
    }

    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        // Overwriting half of a wide character blanks the other half.
        let i = y * width + x
        if cells[i].continuation, x > 0 { cells[i - 1] = Cell(text: " ", role: cells[i - 1].role) }
        if !cells[i].continuation, x + 1 < width, cells[i + 1].continuation { cells[i + 1] = Cell(text: " ", role: cells[i + 1].role) }
        cells[i] = cell
    }

    /// The screen as text, one line per row, trailing spaces trimmed: what tests assert on.
    public var text: String {
        (0..<height).map { row($0) }.joined(separator: "\n")
    }

    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].continuation { s += self[x, y].text }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// The role at a position (tests check highlighting).
    public func role(_ x: Int, _ y: Int) -> Role { self[x, y].role }
}
