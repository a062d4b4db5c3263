import Foundation

/// The bytes of a board snapshot: a derived, rebuildable copy of a folded board state that
/// opens a big board without folding its whole journal again (see `BoardState.encode`).
///
/// Why a hand-made binary form: the snapshot exists to be faster than replaying the journal
/// (~100,000 JSON lines in well under 100 ms), which no general-purpose coder here came near.
/// Repeated short texts (stage keys, logins, activity kinds, field keys) are written once and
/// then referred to by number, which also makes the decoded strings share storage.
public struct SnapshotWriter {
    public private(set) var bytes: [UInt8] = []
    private var symbols: [String: Int] = [:]

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public mutating func byte(_ v: UInt8) { bytes.append(v) }
    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    /// Unsigned LEB128: small numbers (counts, lengths, deal numbers) take one or two bytes.
    public mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag, so small negative numbers stay small.
    public mutating func int(_ v: Int) {
        let i = Int64(v)
        uint(UInt64(bitPattern: (i << 1) ^ (i >> 63)))
    }

    public mutating func count(_ n: Int) { uint(UInt64(n)) }

    public mutating func fixed64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func double(_ v: Double) { fixed64(v.bitPattern) }

    /// The exact instant (the bits of the Double, nothing rounded).
    public mutating func date(_ d: Date) { double(d.timeIntervalSinceReferenceDate) }

    public mutating func raw(_ b: [UInt8]) {
        count(b.count)
        bytes.append(contentsOf: b)
    }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            count(buf.count)
            bytes.append(contentsOf: buf)
        }
    }

    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    /// A text that repeats across the board: written once, then by its number.
    public mutating func symbol(_ s: String) {
        if let n = symbols[s] {
            count(n + 1)
        } else {
            symbols[s] = symbols.count
            count(0)
            string(s)
        }
    }

    public mutating func json(_ v: JSONValue) {
        switch v {
        case .null: byte(0)
        case .bool(let b): byte(b ? 2 : 1)
        case .number(let n): byte(3); double(n)
        case .string(let s): byte(4); string(s)
        case .numberText(let s): byte(7); string(s)
        case .array(let a):
            byte(5)
            count(a.count)
            for x in a { json(x) }
        case .object(let pairs):
            byte(6)
            count(pairs.count)
            for (k, x) in pairs {
                symbol(k)
                json(x)
            }
        }
    }
}

/// Why a snapshot could not be read: it is then ignored and the journal replayed.
public struct SnapshotError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads what `SnapshotWriter` wrote. Every read is bounds-checked and throws on anything
/// malformed: a damaged or foreign snapshot must cost a replay, never a crash.
public struct SnapshotReader {
    private let base: UnsafeRawBufferPointer
    public private(set) var position: Int
    private var symbols: [String] = []

    /// `bytes` must stay alive and unchanged while the reader is used.
    public init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        base = bytes
        self.position = position
    }

    public var atEnd: Bool { position == base.count }

    public mutating func byte() throws -> UInt8 {
        guard position < base.count else { throw SnapshotError("snapshot ends early") }
        defer { position += 1 }
        return base[position]
    }

    public mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw SnapshotError("bad flag at byte \(position)")
        }
    }

    public mutating func uint() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw SnapshotError("number too long at byte \(position)") }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    public mutating func int() throws -> Int {
        let u = try uint()
        let i = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        return Int(i)
    }

    /// A number that is not a count (an index, a line number, an offset): any Int up to Int.max.
    public mutating func natural() throws -> Int {
        let n = try uint()
        guard n <= UInt64(Int.max) else { throw SnapshotError("number out of range at byte \(position)") }
        return Int(n)
    }

    /// A count of things still to read: never more than the bytes left, so a damaged count
    /// cannot make a reader reserve or loop for billions.
    public mutating func count() throws -> Int {
        let n = try uint()
        guard n <= UInt64(base.count - position) else { throw SnapshotError("count \(n) past the end at byte \(position)") }
        return Int(n)
    }

    public mutating func fixed64() throws -> UInt64 {
        guard base.count - position >= 8 else { throw SnapshotError("snapshot ends early") }
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: base[position..<position + 8])) }
        position += 8
        return UInt64(littleEndian: v)
    }

    public mutating func double() throws -> Double { Double(bitPattern: try fixed64()) }

    public mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: try double()) }

    public mutating func raw() throws -> [UInt8] {
        let n = try count()
        defer { position += n }
        return Array(base[position..<position + n])
    }

    public mutating func string() throws -> String {
        let n = try count()
        defer { position += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[position..<position + n]), as: UTF8.self)
    }

    public mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }

    public mutating func symbol() throws -> String {
        let n = try natural()
        if n == 0 {
            let s = try string()
            symbols.append(s)
            return s
        }
        guard n <= symbols.count else { throw SnapshotError("unknown text #\(n) at byte \(position)") }
        return symbols[n - 1]
    }

    public mutating func json(depth: Int = 0) throws -> JSONValue {
        guard depth < 64 else { throw SnapshotError("JSON nested too deep at byte \(position)") }
        switch try byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(try double())
        case 4: return .string(try string())
        case 7: return .numberText(try string())
        case 5:
            let n = try count()
            var a: [JSONValue] = []
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try json(depth: depth + 1)) }
            return .array(a)
        case 6:
            let n = try count()
            var pairs: [(String, JSONValue)] = []
            pairs.reserveCapacity(n)
            for _ in 0..<n { pairs.append((try symbol(), try json(depth: depth + 1))) }
            return .object(pairs)
        default:
            throw SnapshotError("bad JSON tag at byte \(position)")
        }
    }
}
