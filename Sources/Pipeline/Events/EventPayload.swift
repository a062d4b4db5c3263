import Foundation

/// What an event says, typed: one case per event type this version writes, each a Swift type
/// whose JSON is written and read in its own file (`DealMoved.swift`: `init(json:)` and `json`).
///
/// The journal keeps each payload as it was written (`Event.data`): a type this version does
/// not know, a key it does not know inside a known payload, a value of the wrong kind — all
/// are written back byte for byte (`history --format json`). The typed payload is how every
/// reader reads it: the fold, the commands, the board and the command line.
public enum EventPayload: Equatable, Sendable {
    case dealCreated(DealCreated)
    case dealEdited(DealEdited)
    case checkSet(CheckSet)
    case activityLogged(ActivityLogged)
    case dealMoved(DealMoved)
    case undo(Undo)
    case reviewDone(ReviewDone)
    /// A type this version does not know (written by a newer one): kept, and ignored by the fold.
    case other(type: String, data: JSONValue)

    /// Reads the payload of an event of this type. Never fails: a field that is missing or of the
    /// wrong kind reads as its payload type says (see each type), as the fold has always read it.
    public init(type: String, json: JSONValue) {
        switch type {
        case EventType.dealCreated: self = .dealCreated(DealCreated(json: json))
        case EventType.dealEdited: self = .dealEdited(DealEdited(json: json))
        case EventType.checkSet: self = .checkSet(CheckSet(json: json))
        case EventType.activityLogged: self = .activityLogged(ActivityLogged(json: json))
        case EventType.dealMoved: self = .dealMoved(DealMoved(json: json))
        case EventType.undo: self = .undo(Undo(json: json))
        case EventType.reviewDone: self = .reviewDone(ReviewDone(json: json))
        default: self = .other(type: type, data: json)
        }
    }

    public var type: String {
        switch self {
        case .dealCreated: EventType.dealCreated
        case .dealEdited: EventType.dealEdited
        case .checkSet: EventType.checkSet
        case .activityLogged: EventType.activityLogged
        case .dealMoved: EventType.dealMoved
        case .undo: EventType.undo
        case .reviewDone: EventType.reviewDone
        case .other(let type, _): type
        }
    }

    /// The payload as a journal line's `data`.
    public var json: JSONValue {
        switch self {
        case .dealCreated(let p): p.json
        case .dealEdited(let p): p.json
        case .checkSet(let p): p.json
        case .activityLogged(let p): p.json
        case .dealMoved(let p): p.json
        case .undo(let p): p.json
        case .reviewDone(let p): p.json
        case .other(_, let data): data
        }
    }
}

/// A field's key and its value as the journal holds it. Whether the value is text or money is
/// for pipeline.toml to say (today's, at replay), so it stays JSON: text reads as `text`, money
/// through `UnreadValue.amount`, which says what is wrong with a value dealboard did not write.
public struct FieldValue: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }

    /// The value as text; "" when it is not text (cleared, or a number written by hand).
    public var text: String { value.string ?? "" }

    static func list(_ json: JSONValue) -> [FieldValue]? {
        json.object.map { $0.map { FieldValue($0.0, $0.1) } }
    }

    static func json(_ list: [FieldValue]) -> JSONValue {
        .object(list.map { ($0.key, $0.value) })
    }
}

/// Reads a payload's keys in one pass. Of a key written twice, the first counts — as the
/// fold read payloads before they were typed (a look-up returned the first).
struct PayloadKeys {
    private var seen: UInt32 = 0

    /// True the first time key number `n` (0–31, one per key of the payload) is met.
    mutating func first(_ n: Int) -> Bool {
        let bit: UInt32 = 1 << UInt32(n)
        defer { seen |= bit }
        return seen & bit == 0
    }
}

extension JSONValue {
    /// The texts of a list, leaving out what is not text; [] when this is not a list.
    var strings: [String] { array?.compactMap(\.string) ?? [] }
    /// A timestamp written as text; nil when missing, not text or not a time.
    var timestamp: Date? { string.flatMap { Timestamp.parse($0) } }
}

extension Event {
    /// Builds an event from a typed payload (its type is the payload's).
    public init(id: String, timestamp: Date, user: String, deal: String? = nil, number: Int? = nil, payload: EventPayload, seq: Int? = nil) {
        self.init(id: id, timestamp: timestamp, user: user, type: payload.type, deal: deal, number: number, data: payload.json, seq: seq)
    }

    /// The payload, typed. Read from `data` on each call: a reader that needs several fields
    /// takes the payload once.
    public var payload: EventPayload { EventPayload(type: type, json: data) }

    public var created: DealCreated? { type == EventType.dealCreated ? DealCreated(json: data) : nil }
    public var edited: DealEdited? { type == EventType.dealEdited ? DealEdited(json: data) : nil }
    public var checkSet: CheckSet? { type == EventType.checkSet ? CheckSet(json: data) : nil }
    public var activity: ActivityLogged? { type == EventType.activityLogged ? ActivityLogged(json: data) : nil }
    public var moved: DealMoved? { type == EventType.dealMoved ? DealMoved(json: data) : nil }
    public var undo: Undo? { type == EventType.undo ? Undo(json: data) : nil }
    public var review: ReviewDone? { type == EventType.reviewDone ? ReviewDone(json: data) : nil }
}

extension UndoEntry {
    /// The payload of the change that may be undone, typed.
    public var payload: EventPayload { EventPayload(type: type, json: data) }
}
