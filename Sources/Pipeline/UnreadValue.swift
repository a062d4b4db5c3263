import Foundation

/// A money value in the journal that dealboard could not have written — out of range (`1e30`,
/// 23 digits), not in the journal's form (`12,000`, `-5`, `1.50`), or a JSON number instead of
/// text. It is not read: the deal keeps the value it had (none, for a creation), the rest of
/// the event still applies, and every reader goes on. `dealboard check` lists it with file and
/// line; every command warns. Nothing is guessed, nothing traps.
public struct UnreadValue: Equatable, Sendable, CustomStringConvertible {
    public var eventID: String
    public var user: String
    public var type: String
    public var number: Int?
    public var at: Date
    /// The field's key (`amount`, `budget`).
    public var field: String
    /// The value as the journal holds it (shortened when long).
    public var value: String
    public var reason: String

    /// "alice's deal.edited of #5 (event X, 2026-11-23T09:00:00.000Z): amount "1e30" was not read: …"
    public var description: String {
        let of = number.map { " of #\($0)" } ?? ""
        return "\(user)'s \(type)\(of) (event \(eventID), \(Timestamp.format(at))): \(field) \(value) was not read: \(reason); "
            + (type == EventType.dealCreated ? "the deal has no \(field)" : "the deal keeps its \(field)")
    }

    /// The amount a journal value holds: "" and null are none; anything but the journal's own
    /// text of an amount in range is a reason not to read it.
    static func amount(_ v: JSONValue) -> JournalAmount {
        switch v {
        case .null: return .read(.zero)
        case .string(let s):
            if s.isEmpty { return .read(.zero) }
            if let m = Money(canonical: s) { return .read(m) }
            let digits = s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
            if digits, s.split(separator: ".").first.map({ $0.drop { $0 == "0" }.count > 14 }) == true {
                return .unread("more than the largest amount, 10000000000000")
            }
            return .unread("not an amount as dealboard writes them (digits, a . and at most 4 decimals, no sign or grouping, up to 10000000000000)")
        case .number:
            return .unread("a JSON number; dealboard writes amounts as text, such as \"12000\"")
        default:
            return .unread("not text")
        }
    }

    /// The value as shown in a message: JSON text, at most 40 characters of it.
    static func shown(_ v: JSONValue) -> String {
        let text: String
        switch v {
        case .string(let s): text = "\"" + s + "\""
        case .number(let n): text = n.isFinite ? "\(n)" : "a number"
        case .numberText(let t): text = t
        case .bool(let b): text = b ? "true" : "false"
        case .null: text = "null"
        case .array: text = "a list"
        case .object: text = "an object"
        }
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// A journal value read as an amount, or why it is not one.
enum JournalAmount {
    case read(Money)
    case unread(String)
}
