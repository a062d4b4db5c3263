import Foundation

/// One line of the journal: every change to a board is one of these.
public struct Event: Equatable, Sendable {
    /// Unique id (random; this version writes 15 base-62 characters). Replay ignores a second event with the same id,
    /// which is what makes a git `merge=union` of two journals safe.
    public var id: String
    /// UTC, millisecond precision.
    public var timestamp: Date
    /// The board-wide order of the event: one more than the highest the writer had seen, taken
    /// under the board's lock, so events from every author's journal merge into one sequence.
    /// nil on lines written before per-author journals (their file order is their order).
    public var seq: Int?
    /// The operating-system user who wrote the event.
    public var user: String
    public var type: String
    /// The deal's stable id (the id of its `deal.created` event), when the event is about a deal.
    public var deal: String?
    /// The deal's short number at the time of writing, for people and `grep`.
    public var number: Int?
    /// The payload as written: read it typed, through `payload` (or `moved`, `created`, …);
    /// kept as written so what this version does not know is written back unchanged.
    public var data: JSONValue
    /// Top-level keys this version does not know (written by a newer one), kept in order so
    /// the event can be written back unchanged.
    public var extra: [String: JSONValue] = [:]
    public var extraOrder: [String] = []

    public init(id: String, timestamp: Date, user: String, type: String, deal: String? = nil, number: Int? = nil, data: JSONValue = .object([]),
                seq: Int? = nil) {
        self.id = id
        self.seq = seq
        self.timestamp = timestamp
        self.user = user
        self.type = type
        self.deal = deal
        self.number = number
        self.data = data
    }
}

/// The event types this version writes and understands. Others are kept and ignored.
public enum EventType {
    public static let dealCreated = "deal.created"
    public static let dealEdited = "deal.edited"
    public static let checkSet = "check.set"
    public static let activityLogged = "activity.logged"
    public static let dealMoved = "deal.moved"
    public static let undo = "undo"
    public static let reviewDone = "review.done"
    /// Not an event type: the `target_type` of an undo that takes back a whole import.
    public static let importBatch = "import"
}

/// An event before the store stamps it with id, time and user under the lock.
public struct EventDraft: Equatable, Sendable {
    public var payload: EventPayload
    public var deal: String?
    public var number: Int?
    /// The id to write it with, when the caller needs it before the write (an import refers to
    /// the deals it creates by their creation's id); nil: a fresh one.
    public var id: String?

    public init(_ payload: EventPayload, deal: String? = nil, number: Int? = nil, id: String? = nil) {
        self.payload = payload
        self.deal = deal
        self.number = number
        self.id = id
    }

    public var type: String { payload.type }

    public func stamped(id: String, timestamp: Date, user: String, seq: Int? = nil) -> Event {
        Event(id: self.id ?? id, timestamp: timestamp, user: user, deal: deal, number: number, payload: payload, seq: seq)
    }
}
