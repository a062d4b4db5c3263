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
    /// Where each block's bytes are (after its length), in order: the checksum hashes each on
    /// its own (`SnapshotSum`).
    public private(set) var blocks: [Range<Int>] = []

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

    /// Bytes as they are, without their count (the reader knows it from what came before).
    public mutating func bytes(of b: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: b)
    }

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

    /// A block written by a writer of its own (its own table of repeated texts), preceded by its
    /// length: a reader can skip it, or read it on another thread from where it starts.
    public mutating func block(_ other: SnapshotWriter) {
        count(other.bytes.count)
        let start = bytes.count
        bytes.append(contentsOf: other.bytes)
        blocks.append(start..<bytes.count)
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
///
/// It reads either bytes already in memory, or a stream through a small window that a source
/// refills (a snapshot file read in chunks): then the file's bytes are never all in memory beside
/// the state decoded from them, which was 8 MB of a 10,000-deal board's peak memory.
public struct SnapshotReader {
    /// Fills the buffer with the stream's next bytes and says how many (0: the stream ended).
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private final class Window {
        var memory: UnsafeMutableRawBufferPointer
        let source: Source
        init(capacity: Int, source: @escaping Source) {
            memory = .allocate(byteCount: capacity, alignment: 8)
            self.source = source
        }
        deinit { memory.deallocate() }
    }

    /// The bytes at hand: `base[at..<end]` are still to read.
    private var base: UnsafeRawPointer?
    private var at: Int
    private var end: Int
    /// Bytes of the stream before `base`, and in the whole stream.
    private var before = 0
    private let total: Int
    private let window: Window?
    private var symbols: [String] = []
    /// The snapshot these bytes are part of, when they are read in place (see `SnapshotMemory`).
    public private(set) var memory: SnapshotMemory?

    /// Reads bytes in memory: `bytes` must stay alive and unchanged while the reader is used.
    public init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        base = UnsafeRawPointer(bytes.baseAddress)
        at = min(position, bytes.count)
        end = bytes.count
        total = bytes.count
        window = nil
    }

    /// Reads `bytes`, which lie in `memory`: what is kept of them (packed deal parts, ids) may
    /// point into `memory` rather than be copied.
    public init(_ bytes: UnsafeRawBufferPointer, in memory: SnapshotMemory) {
        self.init(bytes)
        self.memory = memory
    }

    /// Reads a stream of exactly `length` bytes from `source`, through a window of `window` bytes
    /// (grown only for a single text longer than that).
    public init(length: Int, window capacity: Int = 1 << 18, source: @escaping Source) {
        let w = Window(capacity: max(64, capacity), source: source)
        base = UnsafeRawPointer(w.memory.baseAddress)
        at = 0
        end = 0
        total = max(0, length)
        window = w
    }

    /// Where the next read starts in the whole stream.
    public var position: Int { before + at }
    /// Bytes still to read.
    public var remaining: Int { total - position }
    public var atEnd: Bool { position == total }

    @inline(__always) private mutating func need(_ n: Int) throws {
        if end - at < n { try refill(n) }
    }

    /// Moves what is left of the window to its start and reads until `n` bytes are at hand.
    private mutating func refill(_ n: Int) throws {
        guard let w = window, n <= total - position else { throw SnapshotError("snapshot ends early at byte \(position)") }
        let keep = end - at
        if n > w.memory.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n, 2 * w.memory.count), alignment: 8)
            if keep > 0 { bigger.baseAddress!.copyMemory(from: base! + at, byteCount: keep) }
            w.memory.deallocate()
            w.memory = bigger
        } else if keep > 0 {
            w.memory.baseAddress!.copyMemory(from: base! + at, byteCount: keep)
        }
        base = UnsafeRawPointer(w.memory.baseAddress)
        before += at
        at = 0
        end = keep
        while end < n {
            let room = min(w.memory.count, end + (total - before - end))
            let got = try w.source(UnsafeMutableRawBufferPointer(rebasing: w.memory[end..<room]))
            guard got > 0, got <= room - end else { throw SnapshotError("snapshot ends early at byte \(before + end)") }
            end += got
        }
    }

    /// Moves past `n` bytes without reading them (a stream still goes through them: its source
    /// sees every byte, as a hash over the whole file must).
    public mutating func skip(_ n: Int) throws {
        guard n >= 0, n <= total - position else { throw SnapshotError("skip of \(n) past the end at byte \(position)") }
        var left = n
        while left > 0 {
            if end == at { try need(min(left, window?.memory.count ?? left)) }
            let step = min(left, end - at)
            at += step
            left -= step
        }
    }

    /// Copies the next `into.count` bytes, a window at a time: a stream's window never has to
    /// grow to hold them all.
    public mutating func copy(into: UnsafeMutableRawBufferPointer) throws {
        let n = into.count
        guard n <= total - position else { throw SnapshotError("\(n) bytes past the end at byte \(position)") }
        var done = 0
        while done < n {
            if end == at { try need(min(n - done, window?.memory.count ?? n - done)) }
            let step = min(n - done, end - at)
            into.baseAddress!.advanced(by: done).copyMemory(from: base! + at, byteCount: step)
            at += step
            done += step
        }
    }

    /// Reads a block written by `SnapshotWriter.block` (its length already read) with the block's
    /// own table of repeated texts, and checks that `body` read all of it and no more.
    public mutating func block<T>(length: Int, _ body: (inout SnapshotReader) throws -> T) throws -> T {
        let start = position
        guard length <= total - start else { throw SnapshotError("block of \(length) past the end at byte \(start)") }
        let outer = symbols
        symbols = []
        defer { symbols = outer }
        let value = try body(&self)
        guard position == start + length else { throw SnapshotError("block at byte \(start) is not \(length) bytes long") }
        return value
    }

    /// A reader of its own over `length` bytes from `offset`, when the bytes are all in memory
    /// (nil for a stream: the store opens the file there instead).
    public func slice(at offset: Int, length: Int) -> SnapshotReader? {
        guard window == nil, let base, offset >= 0, length >= 0, offset + length <= total else { return nil }
        var part = SnapshotReader(UnsafeRawBufferPointer(start: base + offset, count: length))
        part.memory = memory
        return part
    }

    public mutating func byte() throws -> UInt8 {
        try need(1)
        defer { at += 1 }
        return base!.load(fromByteOffset: at, as: UInt8.self)
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
        guard n <= UInt64(total - position) else { throw SnapshotError("count \(n) past the end at byte \(position)") }
        return Int(n)
    }

    public mutating func fixed64() throws -> UInt64 {
        try need(8)
        defer { at += 8 }
        return UInt64(littleEndian: base!.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    public mutating func double() throws -> Double { Double(bitPattern: try fixed64()) }

    public mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: try double()) }

    /// The next `n` bytes, in place: valid until the next read.
    private mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        try need(n)
        defer { at += n }
        return UnsafeRawBufferPointer(start: base! + at, count: n)
    }

    /// The bytes from `start` to where the reader is, for a reader of bytes in memory (nil for a
    /// stream, whose window no longer holds them).
    public func bytesRead(since start: Int) -> UnsafeRawBufferPointer? {
        guard window == nil, let base, start >= 0, start <= position else { return nil }
        return UnsafeRawBufferPointer(start: base + start, count: position - start)
    }

    /// The next `n` bytes where they lie in `memory` (valid as long as it is), for a reader of
    /// a snapshot in memory; nil for any other reader (then read them with `copy` or `withBytes`).
    public mutating func inPlace(_ n: Int) throws -> UnsafeRawBufferPointer? {
        guard memory != nil else { return nil }
        return try take(n)
    }

    /// The next `n` bytes, in place: valid only inside `body`.
    public mutating func withBytes<T>(_ n: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try body(try take(n))
    }

    public mutating func raw() throws -> [UInt8] {
        Array(try take(try count()))
    }

    public mutating func string() throws -> String {
        String(decoding: try take(try count()), as: UTF8.self)
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
