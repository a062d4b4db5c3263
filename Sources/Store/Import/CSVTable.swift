import CSV
import Foundation
import Pipeline

/// A CSV file as a CRM or a spreadsheet writes it, read with the CSV library: a UTF-8 BOM is
/// dropped, the delimiter (`,`, `;` from European Excel, or a tab) is taken from the header
/// line, quoted cells may hold delimiters, quotes and line breaks, and CRLF line ends are fine.
public struct CSVTable: Sendable {
    public var header: [String]
    /// The data rows, each padded to the header's width (a short row's missing cells are empty).
    public var rows: [[String]]
    /// The spreadsheet row number of each data row (the header is row 1; a quoted line break
    /// does not start a new row).
    public func rowNumber(_ index: Int) -> Int { index + 2 }
    public var delimiter: Character

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ data: Data, name: String) throws -> CSVTable {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw Invalid(description: "\(name): not UTF-8 text (save the export as \"CSV UTF-8\")")
        }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw Invalid(description: "\(name): the file is empty") }
        let delimiter = Self.delimiter(of: text)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter.unicodeScalars.first!)
        } catch {
            throw Invalid(description: "\(name): not readable as CSV: \(error)")
        }
        var all: [[String]] = []
        while let row = reader.next() { all.append(row) }
        if let e = reader.error { throw Invalid(description: "\(name): row \(all.count + 1): not valid CSV: \(e)") }
        let header = all.first?.map(\.trimmedCell) ?? []
        // Blank lines (a trailing one, or one Excel leaves) are not rows.
        let rows = all.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }
            .map { $0.count < header.count ? $0 + Array(repeating: "", count: header.count - $0.count) : $0 }
        return CSVTable(header: header, rows: Array(rows), delimiter: delimiter)
    }

    /// The delimiter the header line uses most, outside quotes: `;` or a tab, else `,`.
    static func delimiter(of text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if !quoted, ch == "\n" || ch == "\r\n" || ch == "\r" { break }
            if !quoted, counts[ch] != nil { counts[ch]! += 1 }
        }
        let best = counts.max { ($0.value, $0.key == "," ? 1 : 0) < ($1.value, $1.key == "," ? 1 : 0) }!
        return best.value == 0 ? "," : best.key
    }

    /// The index of a column by its header, ignoring case and surrounding spaces.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

extension String {
    /// Without the white space and line breaks around it — Foundation's `trimmingCharacters` at a
    /// fraction of the cost (it bridges every string), which matters over 10,000 rows of cells.
    var trimmedCell: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
