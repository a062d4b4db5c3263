import Pipeline

/// Pretty JSON (two-space indent) written as it is made, handed on in chunks.
///
/// Why: a report of 100,000 deals is 43 MB of JSON. Built first as a tree of `JSONValue`s and
/// then printed into one buffer, it took a third of the command: the tree's millions of
/// values, and the buffer doubling its way up to 43 MB, copied and page-faulted each time.
/// Written here, the big lists go out value by value and the buffer stays at `chunk` bytes.
///
/// Every container is opened and closed by the caller; an element of an array starts with
/// `element()`, a member of an object with `key(_:)`, and the value follows.
/// `JSONLine.pretty` writes whole `JSONValue`s through this too, so the two cannot differ.
public struct JSONStream: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var level = 0
    /// The innermost open container has no element yet.
    private var empty = true
    private let sink: (@Sendable ([UInt8]) -> Void)?
    private let chunk: Int

    /// `sink` is handed the bytes written so far whenever they reach `chunk`; without one,
    /// everything stays in `bytes`.
    public init(chunk: Int = 1 << 18, sink: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.sink = sink
        self.chunk = chunk
        bytes.reserveCapacity(sink == nil ? 1 << 16 : chunk + 4096)
    }

    /// Ends the output with a line break and hands what is left to the sink.
    public mutating func finishLine() {
        bytes.append(0x0A)
        send()
    }

    private mutating func send() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// A stream that goes on with the array this one is writing, from its next element (after
    /// `elementsBefore` more): for elements written elsewhere, on another core, and `append`ed
    /// here in order.
    public func continuation(elementsBefore: Bool) -> JSONStream {
        var part = JSONStream(chunk: chunk)
        part.level = level
        part.empty = empty && !elementsBefore
        return part
    }

    /// The elements a `continuation` of this stream wrote.
    public mutating func append(_ part: JSONStream) {
        bytes.append(contentsOf: part.bytes)
        empty = part.empty
        if bytes.count >= chunk { send() }
    }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the next element of the array being written.
    public mutating func element() {
        if bytes.count >= chunk { send() }
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        newline(level)
    }

    /// Starts the next member of the object being written: its key, then the value follows.
    public mutating func key(string k: String) {
        element()
        JSONLine.writeString(k, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
    }

    /// A key known when the program was built: plain ASCII, nothing to escape (a report writes
    /// a million of them).
    public mutating func key(_ k: StaticString) {
        element()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        bytes.append(0x22)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        level += 1
        empty = true
    }

    /// An empty container closes on the same line (`[]`, `{}`).
    private mutating func close(_ bracket: UInt8) {
        level -= 1
        if !empty { newline(level) }
        bytes.append(bracket)
        // The parent holds at least this container.
        empty = false
    }

    private mutating func newline(_ level: Int) {
        bytes.append(0x0A)
        // Copied from static text: no array of spaces made, or counted, per line.
        var left = 2 * level
        while left > 0 {
            let n = min(left, Self.spaces.utf8CodeUnitCount)
            bytes.append(contentsOf: UnsafeBufferPointer(start: Self.spaces.utf8Start, count: n))
            left -= n
        }
    }

    private static var spaces: StaticString { "                                " }

    // MARK: Values

    public mutating func string(_ s: String) { JSONLine.writeString(s, into: &bytes) }
    public mutating func null() {
        let word: StaticString = "null"
        bytes.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// Written as `JSONValue.number(Double(n))` is, for any count a report holds (a short
    /// String: no allocation).
    public mutating func int(_ n: Int) {
        guard n.magnitude < 1_000_000_000_000_000 else { return value(.number(Double(n))) }
        bytes.append(contentsOf: String(n).utf8)
    }

    /// A number written as exactly this text (money).
    public mutating func numberText(_ t: String) { bytes.append(contentsOf: t.utf8) }

    /// Any value, containers included, at the current place.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .array(let a) where !a.isEmpty:
            beginArray()
            for x in a {
                element()
                value(x)
            }
            endArray()
        case .object(let o) where !o.isEmpty:
            beginObject()
            for (k, x) in o {
                key(string: k)
                value(x)
            }
            endObject()
        case .string(let s):
            string(s)
        default:
            var text = ""
            JSONLine.write(v, into: &text)
            bytes.append(contentsOf: text.utf8)
        }
    }
}
