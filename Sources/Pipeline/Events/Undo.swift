import Foundation

/// `undo`: one of its author's changes taken back. It carries its own compensation — the values
/// to restore, the check's state before — so replay never needs the target event.
///
/// `{"target":"…","target_type":"deal.edited","restore":{"budget":"40000"},"summary":"undo edit of #1: …"}`
/// (a check: `"check":…,"checked":false,"checked_at":…`; a move: `"stage":` the stage it goes back to)
public struct Undo: Equatable, Sendable {
    /// The event undone, and its type; an undo without both is not applied.
    public var target: String?
    public var targetType: String?
    /// An edit's previous values; nil when missing or not an object (nothing is restored).
    public var restore: [FieldValue]?
    /// A check's key and its state again (not ticked unless written as `true`), and since when.
    public var check: String?
    public var checked: Bool?
    public var checkedAt: Date?
    /// A move's stage before it (for people; the fold takes it from the deal's history).
    public var stage: String?
    /// "undo edit of #1: Amount 15,000 → 12,000": what came back, in words.
    public var summary: String?
    /// The undo of a whole import (`target_type` "import", `target` its batch): every change it
    /// made, each with its own compensation, so replay needs none of the import's events.
    public var parts: [UndoPart]?

    public init(target: String, targetType: String, restore: [FieldValue]? = nil, check: String? = nil, checked: Bool? = nil,
                checkedAt: Date? = nil, stage: String? = nil, summary: String) {
        self.target = target
        self.targetType = targetType
        self.restore = restore
        self.check = check
        self.checked = checked
        self.checkedAt = checkedAt
        self.stage = stage
        self.summary = summary
    }

    public init(json: JSONValue) {
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "target" where keys.first(0): target = value.string
            case "target_type" where keys.first(1): targetType = value.string
            case "restore" where keys.first(2): restore = FieldValue.list(value)
            case "check" where keys.first(3): check = value.string
            case "checked" where keys.first(4): checked = value.bool
            case "checked_at" where keys.first(5): checkedAt = value.timestamp
            case "stage" where keys.first(6): stage = value.string
            case "summary" where keys.first(7): summary = value.string
            case "parts" where keys.first(8): parts = value.array.map { $0.map(UndoPart.init(json:)) }
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([
            ("target", target.map { .string($0) }), ("target_type", targetType.map { .string($0) }), ("restore", restore.map(FieldValue.json)),
            ("check", check.map { .string($0) }), ("checked", checked.map { .bool($0) }),
            ("checked_at", checkedAt.map { .string(Timestamp.format($0)) }), ("stage", stage.map { .string($0) }),
            ("summary", summary.map { .string($0) }), ("parts", parts.map { .array($0.map(\.json)) }),
        ])
    }
}

/// One change of an import taken back: a deal it created (removed again), an edit (its previous
/// values restored) or a move (its stay in the stage removed).
/// `{"deal":"…","target":"…","target_type":"deal.edited","restore":{"amount":"12000"}}`
public struct UndoPart: Equatable, Sendable {
    public var deal: String?
    public var target: String?
    public var targetType: String?
    public var restore: [FieldValue]?

    public init(deal: String, target: String, targetType: String, restore: [FieldValue]? = nil) {
        self.deal = deal
        self.target = target
        self.targetType = targetType
        self.restore = restore
    }

    public init(json: JSONValue) {
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "deal" where keys.first(0): deal = value.string
            case "target" where keys.first(1): target = value.string
            case "target_type" where keys.first(2): targetType = value.string
            case "restore" where keys.first(3): restore = FieldValue.list(value)
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("deal", deal.map { .string($0) }), ("target", target.map { .string($0) }), ("target_type", targetType.map { .string($0) }),
              ("restore", restore.map(FieldValue.json))])
    }
}
