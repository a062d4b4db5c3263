import Foundation

/// `check.set`: a checklist item or buyer signal ticked (or re-confirmed) or unticked, with its
/// state before, so undo can put it back.
///
/// `{"check":"icp.company_size_fits","label":"Company size fits","checked":true,"previous":true,"previous_at":"2026-11-03T11:24:00.000Z"}`
public struct CheckSet: Equatable, Sendable {
    /// The check's key; nil when missing or not text (the event then changes nothing).
    public var check: String?
    /// Its label when it was ticked, for people.
    public var label: String?
    /// True unless written as `false` (missing, or not true or false, reads as ticked).
    public var checked: Bool
    /// Whether it was ticked before (false unless written as `true`), and since when.
    public var previous: Bool
    public var previousAt: Date?

    public init(check: String, label: String, checked: Bool, previous: Bool, previousAt: Date?) {
        self.check = check
        self.label = label
        self.checked = checked
        self.previous = previous
        self.previousAt = previousAt
    }

    public init(json: JSONValue) {
        checked = true
        previous = false
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "check" where keys.first(0): check = value.string
            case "label" where keys.first(1): label = value.string
            case "checked" where keys.first(2): checked = value.bool ?? true
            case "previous" where keys.first(3): previous = value.bool ?? false
            case "previous_at" where keys.first(4): previousAt = value.timestamp
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("check", check.map { .string($0) }), ("label", label.map { .string($0) }), ("checked", .bool(checked)),
              ("previous", .bool(previous)), ("previous_at", previousAt.map { .string(Timestamp.format($0)) })])
    }
}
