import Foundation

/// `review.done`: a manager marked the weekly review done; "since last review" starts here.
///
/// `{"previous":"2026-11-07T09:00:00.000Z","note":"Q4 pipeline"}` (both optional)
public struct ReviewDone: Equatable, Sendable {
    /// When the review before this one was done.
    public var previous: Date?
    /// nil when missing or not text.
    public var note: String?

    public init(previous: Date?, note: String?) {
        self.previous = previous
        self.note = note
    }

    public init(json: JSONValue) {
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "previous" where keys.first(0): previous = value.timestamp
            case "note" where keys.first(1): note = value.string
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([("previous", previous.map { .string(Timestamp.format($0)) }), ("note", note.map { .string($0) })])
    }
}
