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
        // Plain ASCII, most of a board: one cell a byte, without breaking the text into
        // grapheme clusters (that was a quarter of a cursor key's work). Up to the byte before
        // the first non-ASCII one (a mark may join that one's cluster); the rest as clusters.
        // The same rules either way: tab and newline are a space, other controls take no cell.
        let utf8 = text.utf8
        var plain = utf8.count
        if let first = utf8.firstIndex(where: { $0 >= 0x80 }) { plain = max(0, utf8.distance(from: utf8.startIndex, to: first) - 1) }
        for b in utf8.prefix(plain) {
            let byte = b == 0x09 || b == 0x0A ? 0x20 : b
            if byte < 0x20 || byte == 0x7F { continue }
            if col + 1 > limit { return max(0, col - x) }
            if col >= 0 { setCell(col, y, Cell(text: Self.asciiText[Int(byte)], role: role)) }
            col += 1
        }
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
