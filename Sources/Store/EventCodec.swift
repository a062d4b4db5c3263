import Foundation
import Pipeline

/// An event as one journal line, and back.
///
/// Line shape (keys in this order, so a line reads well in `grep` and `less`):
/// `{"id":"…","ts":"2026-11-23T09:34:58.123Z","user":"alice","type":"deal.moved","deal":"…","no":7,"data":{…}}`
/// Keys this version does not know are kept in `extra` and written back unchanged.
public enum EventCodec {
    public struct DecodeError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func encode(_ event: Event) -> String {
        JSONLine.write(json(event))
    }

    public static func json(_ event: Event) -> JSONValue {
        var data = event.data
        var extra: [(String, JSONValue)] = []
        if case .object(var d) = data, let at = d.firstIndex(where: { $0.0 == "_extra" }) {
            extra = d[at].1.object ?? []
            d.remove(at: at)
            data = .object(d)
        }
        guard case .object(let pairs) = JSONValue.obj([
            ("id", .string(event.id)), ("ts", .string(Timestamp.format(event.timestamp))), ("user", .string(event.user)),
            ("type", .string(event.type)), ("deal", event.deal.map { .string($0) }), ("no", event.number.map { .number(Double($0)) }),
            ("data", data),
        ]) else { return .null }
        return .object(pairs + extra)
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Event {
        let value: JSONValue
        do { value = try JSONLine.parse(bytes) } catch let e as JSONLine.ParseError {
            throw DecodeError(message: "not valid JSON: \(e)")
        }
        return try decode(value)
    }

    public static func decode(_ value: JSONValue) throws -> Event {
        guard case .object = value else { throw DecodeError(message: "an event must be a JSON object") }
        guard let id = value["id"]?.string, !id.isEmpty else { throw DecodeError(message: "missing \"id\" (a string)") }
        guard let tsText = value["ts"]?.string else { throw DecodeError(message: "missing \"ts\" (a UTC timestamp)") }
        guard let ts = Timestamp.parse(tsText) else { throw DecodeError(message: "\"ts\": \"\(tsText)\" is not a timestamp like 2026-11-23T09:34:58.123Z") }
        guard let user = value["user"]?.string else { throw DecodeError(message: "missing \"user\" (a string)") }
        guard let type = value["type"]?.string, !type.isEmpty else { throw DecodeError(message: "missing \"type\" (a string)") }
        var data = value["data"] ?? .object([])
        // Unknown top-level keys travel inside data under "_extra" so nothing is dropped.
        let known: Set<String> = ["id", "ts", "user", "type", "deal", "no", "data"]
        if case .object(let pairs) = value {
            let extra = pairs.filter { !known.contains($0.0) }
            if !extra.isEmpty, case .object(var d) = data {
                d.append(("_extra", .object(extra)))
                data = .object(d)
            }
        }
        return Event(id: id, timestamp: ts, user: user, type: type, deal: value["deal"]?.string, number: value["no"]?.int, data: data)
    }
}
