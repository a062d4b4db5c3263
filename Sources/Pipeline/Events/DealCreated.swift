import Foundation

/// `deal.created`: a new deal, with the checks ticked and activities logged with it, and for a
/// manager's forced entry into a later stage the reason and the criteria it was forced past.
///
/// `{"title":"Acme renewal","company":"Acme","amount":"12000","owner":"alice","stage":"prospecting",
///   "fields":{…},"checks":[…],"activities":[{"kind":"call","text":"…"}],"forced":true,"reason":"…","unmet":[…]}`
public struct DealCreated: Equatable, Sendable {
    /// "" when missing or not text.
    public var title: String
    public var company: String
    /// As written: money is read at replay (`UnreadValue.amount`), which says what is wrong with
    /// a value dealboard did not write. nil: no `amount` key.
    public var amount: JSONValue?
    /// nil: missing or not text — the deal is its author's.
    public var owner: String?
    /// nil: missing or not text.
    public var stage: String?
    /// Custom fields in the order written (a key written twice is there twice; the later wins).
    public var fields: [FieldValue]
    /// Check keys ticked with the deal (what is not text is left out).
    public var checks: [String]
    public var activities: [LoggedActivity]
    /// True only when written as `true`.
    public var forced: Bool
    public var reason: String?
    public var unmet: [String]
    /// An imported deal: when the CRM says it was created (the fold's creation time; the event's
    /// own timestamp stays the time it was written), and where it came from.
    public var at: Date?
    public var imported: ImportSource?

    /// An activity logged with a new deal.
    public struct LoggedActivity: Equatable, Sendable {
        public var kind: String
        public var text: String

        public init(kind: String, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public init(title: String, company: String, amount: String, owner: String, stage: String, fields: [FieldValue] = [],
                checks: [String] = [], activities: [LoggedActivity] = [], forced: Bool = false, reason: String? = nil, unmet: [String] = []) {
        self.title = title
        self.company = company
        self.amount = .string(amount)
        self.owner = owner
        self.stage = stage
        self.fields = fields
        self.checks = checks
        self.activities = activities
        self.forced = forced
        self.reason = reason
        self.unmet = unmet
    }

    public init(json: JSONValue) {
        title = ""
        company = ""
        fields = []
        checks = []
        activities = []
        forced = false
        unmet = []
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "title" where keys.first(0): title = value.string ?? ""
            case "company" where keys.first(1): company = value.string ?? ""
            case "amount" where keys.first(2): amount = value
            case "owner" where keys.first(3): owner = value.string
            case "stage" where keys.first(4): stage = value.string
            case "fields" where keys.first(5): fields = FieldValue.list(value) ?? []
            case "checks" where keys.first(6): checks = value.strings
            case "activities" where keys.first(7):
                // Whatever an entry holds, it is an activity: a note, when its kind is not text.
                activities = (value.array ?? []).map { LoggedActivity(kind: $0["kind"]?.string ?? "note", text: $0["text"]?.string ?? "") }
            case "forced" where keys.first(8): forced = value.bool == true
            case "reason" where keys.first(9): reason = value.string
            case "unmet" where keys.first(10): unmet = value.strings
            case "at" where keys.first(11): at = value.timestamp
            case "imported" where keys.first(12): imported = ImportSource(json: value)
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([
            ("title", .string(title)), ("company", .string(company)), ("amount", amount), ("owner", owner.map { .string($0) }),
            ("stage", stage.map { .string($0) }), ("fields", fields.isEmpty ? nil : FieldValue.json(fields)),
            ("checks", checks.isEmpty ? nil : .array(checks.map { .string($0) })),
            ("activities", activities.isEmpty ? nil : .array(activities.map { .obj([("kind", .string($0.kind)), ("text", .string($0.text))]) })),
            ("forced", forced ? .bool(true) : nil), ("reason", reason.map { .string($0) }),
            ("unmet", unmet.isEmpty ? nil : .array(unmet.map { .string($0) })),
            ("at", at.map { .string(Timestamp.format($0)) }), ("imported", imported?.json),
        ])
    }
}
