import CSV
import Foundation
import Pipeline

/// Rows to CSV text through the CSV library (quoting, embedded commas, quotes and line breaks),
/// every cell through `SafeText.csvCell` so a spreadsheet never runs a cell as a formula.
public enum CSVText {
    public static func write(header: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header.map(SafeText.csvCell))
        for row in rows { try writer.write(row: row.map(SafeText.csvCell)) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
