import Foundation

/// `deal.edited`: fields set, with the values they had, so undo can put them back.
///
/// `{"set":{"amount":"15000","decision_maker":"Jean Ng"},"previous":{"amount":"12000","decision_maker":""}}`
public struct DealEdited: Equatable, Sendable {
    /// The fields and their new values, in the order written. nil when `set` is not an object.
    public var set: [FieldValue]?
    /// The values before, for undo; nil when `previous` is missing or not an object.
    public var previous: [FieldValue]?
    /// False when the payload has no `set` at all: such an edit is not applied. (One whose `set`
    /// is not an object is: it changes nothing, and is an edit nobody can name the fields of.)
    public var hasSet: Bool
    /// A newer export's values written by an import: where they came from.
    public var imported: ImportSource?

    public init(set: [FieldValue], previous: [FieldValue]) {
        self.set = set
        self.previous = previous
        hasSet = true
    }

    public init(json: JSONValue) {
        hasSet = false
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "set" where keys.first(0):
                hasSet = true
                set = FieldValue.list(value)
            case "previous" where keys.first(1): previous = FieldValue.list(value)
            case "imported" where keys.first(2): imported = ImportSource(json: value)
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("set", set.map(FieldValue.json)), ("previous", previous.map(FieldValue.json)), ("imported", imported?.json)])
    }

    /// The value a field had before the edit ("" when none was recorded).
    public func previous(_ key: String) -> String {
        previous?.first { $0.key == key }?.text ?? ""
    }
}
