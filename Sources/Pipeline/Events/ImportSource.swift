import Foundation

/// Where an imported event came from: `"imported":{"format":"pipedrive","file":"deals.csv","row":12,"record":"1042","batch":"…"}`
/// inside the payload of the `deal.created`, `deal.moved` and `deal.edited` events an import writes.
///
/// `batch` is the same on every event of one import: undo takes the whole import back as one
/// step. An event that carries it records the past, so replay holds it to the gates as it holds
/// a manager's forced move: a manager's import may go past unmet criteria, anyone else's may not
/// (`ReplayRules`).
public struct ImportSource: Equatable, Sendable {
    public var format: String
    public var file: String
    /// The row of the file (1 is the header row), 0 when not written.
    public var row: Int
    /// The CRM's record id.
    public var record: String
    public var batch: String

    public init(format: String, file: String, row: Int, record: String, batch: String) {
        self.format = format
        self.file = file
        self.row = row
        self.record = record
        self.batch = batch
    }

    /// nil when the value is not an object: such an event is not an imported one.
    public init?(json: JSONValue?) {
        guard let object = json?.object else { return nil }
        format = ""
        file = ""
        row = 0
        record = ""
        batch = ""
        var keys = PayloadKeys()
        for (key, value) in object {
            switch key {
            case "format" where keys.first(0): format = value.string ?? ""
            case "file" where keys.first(1): file = value.string ?? ""
            case "row" where keys.first(2): row = value.int ?? 0
            case "record" where keys.first(3): record = value.string ?? ""
            case "batch" where keys.first(4): batch = value.string ?? ""
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("format", .string(format)), ("file", .string(file)), ("row", .number(Double(row))), ("record", .string(record)), ("batch", .string(batch))])
    }

    /// "imported from pipedrive, row 12" — text from the file: callers show it through SafeText.
    public var description: String { "imported from \(format)" + (row > 0 ? ", row \(row)" : "") }
}
