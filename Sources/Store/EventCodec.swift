import Foundation
import Pipeline

/// An event as one journal line, and back.
///
/// Line shape (keys in this order, so a line reads well in `grep` and `less`):
/// `{"id":"…","ts":"2026-11-23T09:34:58.123Z","user":"alice","type":"deal.moved","deal":"…","no":7,"data":{…}}`
/// Keys this version does not know are kept in `Event.extra` and written back after the known ones.
public enum EventCodec {
    public struct DecodeError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The keys every line has.
    enum TopKey: String {
        case id, ts, seq, user, type, deal, no, data

        /// The key spelled by `raw`, matched as bytes; nil for any other key.
        init?(_ raw: UnsafeBufferPointer<UInt8>) {
            func equals(_ word: StaticString) -> Bool {
                word.utf8CodeUnitCount == raw.count && memcmp(word.utf8Start, raw.baseAddress!, raw.count) == 0
            }
            switch raw.count {
            case 2: if equals("id") { self = .id } else if equals("ts") { self = .ts } else if equals("no") { self = .no } else { return nil }
            case 3: if equals("seq") { self = .seq } else { return nil }
            case 4:
                if equals("user") { self = .user } else if equals("type") { self = .type } else if equals("deal") { self = .deal }
                else if equals("data") { self = .data } else { return nil }
            default: return nil
            }
        }
    }

    public static func encode(_ event: Event) -> String {
        JSONLine.write(json(event))
    }

    public static func json(_ event: Event) -> JSONValue {
        guard case .object(let pairs) = JSONValue.obj([
            ("id", .string(event.id)), ("ts", .string(Timestamp.format(event.timestamp))), ("seq", event.seq.map { .number(Double($0)) }),
            ("user", .string(event.user)),
            ("type", .string(event.type)), ("deal", event.deal.map { .string($0) }), ("no", event.number.map { .number(Double($0)) }),
            ("data", event.data),
        ]) else { return .null }
        return .object(pairs + event.extraOrder.compactMap { k in event.extra[k].map { (k, $0) } })
    }

    /// Decodes one journal line. The top-level object is read field by field straight into an
    /// `Event` (only `data` becomes a `JSONValue`), which keeps replay of a big board within
    /// its time budget; any other key is kept in `extra`, in order, and written back after the known ones.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Event {
        var p = JSONLine.Parser(bytes: bytes)
        var id: String?, user: String?, type: String?, deal: String?
        var ts: Date?
        var tsText: String?
        var number: Int?
        var seq: Int?
        var data: JSONValue = .object([])
        var extra: [(String, JSONValue)] = []
        do {
            p.skipSpace()
            guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else { throw DecodeError(message: "an event must be a JSON object") }
            p.i += 1
            p.skipSpace()
            if p.i < bytes.count, bytes[p.i] == UInt8(ascii: "}") { p.i += 1 } else {
                while true {
                    p.skipSpace()
                    guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "\"") else { throw p.fail("expected a key in quotes") }
                    // The seven keys of every line are matched as bytes: no String per key.
                    // (And switched on as an enum: comparing unequal Strings is not free either.)
                    var key = ""
                    let known: TopKey?
                    if let raw = p.plainKey() {
                        known = TopKey(raw)
                        if known == nil { key = String(decoding: raw, as: UTF8.self) }
                    } else {
                        key = try p.string()
                        known = TopKey(rawValue: key)
                    }
                    p.skipSpace()
                    guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: ":") else { throw p.fail("expected ':'") }
                    p.i += 1
                    p.skipSpace()
                    let value = try p.value(depth: 1)
                    switch known {
                    case .id?: id = value.string
                    case .ts?:
                        tsText = value.string
                        ts = tsText.flatMap { Timestamp.parse($0) }
                    case .user?: user = value.string
                    case .type?: type = value.string
                    case .deal? where value.string != nil: deal = value.string
                    case .no? where value.int != nil: number = value.int
                    case .seq? where value.int != nil: seq = value.int
                    case .data?: data = value
                    default: extra.append((known?.rawValue ?? key, value))
                    }
                    p.skipSpace()
                    guard p.i < bytes.count else { throw p.fail("unexpected end of line") }
                    if bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                    if bytes[p.i] == UInt8(ascii: "}") { p.i += 1; break }
                    throw p.fail("expected ',' or '}'")
                }
            }
            p.skipSpace()
            guard p.i == bytes.count else { throw p.fail("unexpected text after the JSON value") }
        } catch let e as JSONLine.ParseError {
            throw DecodeError(message: "not valid JSON: \(e)")
        }
        guard let id, !id.isEmpty else { throw DecodeError(message: "missing \"id\" (a string)") }
        guard let tsText else { throw DecodeError(message: "missing \"ts\" (a UTC timestamp)") }
        guard let ts else { throw DecodeError(message: "\"ts\": \"\(tsText)\" is not a timestamp like 2026-11-23T09:34:58.123Z") }
        guard let user else { throw DecodeError(message: "missing \"user\" (a string)") }
        guard let type, !type.isEmpty else { throw DecodeError(message: "missing \"type\" (a string)") }
        var event = Event(id: id, timestamp: ts, user: user, type: type, deal: deal, number: number, data: data, seq: seq)
        keep(extra, in: &event)
        return event
    }

    static func keep(_ extra: [(String, JSONValue)], in event: inout Event) {
        for (k, v) in extra where event.extra[k] == nil {
            event.extra[k] = v
            event.extraOrder.append(k)
        }
    }
}
