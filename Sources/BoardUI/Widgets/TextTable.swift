import Foundation
import Pipeline
import Terminal

/// A plain-text table whose columns line up in a terminal, wide characters included.
/// The CLI's `list` and the text report use it; the board draws its own grid.
public struct TextTable {
    public struct Column {
        public var title: String
        public var alignRight: Bool
        public var maxWidth: Int
        public init(_ title: String, alignRight: Bool = false, maxWidth: Int = 40) {
            self.title = title
            self.alignRight = alignRight
            self.maxWidth = maxWidth
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    /// Cells are typed text: each is shown on one line with its controls visible (`SafeText.line`)
    /// before the columns are measured, so hostile text can neither break nor misalign the table.
    public mutating func add(_ row: [String]) { rows.append(row.map { SafeText.line($0) }) }

    public func render() -> String {
        var widths = columns.map { TextWidth.of($0.title) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = min(columns[i].maxWidth, max(widths[i], TextWidth.of(cell)))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in TextWidth.pad(c, to: widths[i], alignRight: columns[i].alignRight) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(columns.map(\.title))]
        out.append(line(widths.map { String(repeating: "-", count: $0) }))
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}
