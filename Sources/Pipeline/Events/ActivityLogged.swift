import Foundation

/// `activity.logged`: a call, email, meeting or note, back-dated when `date` is given.
///
/// `{"kind":"meeting","text":"Demo for the ops team","date":"2026-11-03T21:00:00.000Z"}`
public struct ActivityLogged: Equatable, Sendable {
    /// As written; nil when missing or not text (the fold files it as a note).
    public var kind: String?
    /// "" when missing or not text.
    public var text: String
    /// When it happened; nil: when it was logged (also for a date that is not a time).
    public var date: Date?

    public init(kind: String, text: String, date: Date?) {
        self.kind = kind
        self.text = text
        self.date = date
    }

    public init(json: JSONValue) {
        text = ""
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "kind" where keys.first(0): kind = value.string
            case "text" where keys.first(1): text = value.string ?? ""
            case "date" where keys.first(2): date = value.timestamp
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("kind", kind.map { .string($0) }), ("text", .string(text)), ("date", date.map { .string(Timestamp.format($0)) })])
    }
}
