import Foundation

/// The ids of every event folded, so that an event arriving twice (a git merge, a journal
/// copied by hand) counts once.
///
/// A board read from a snapshot holds its ids packed and sorted (`SortedIDs`), searched by
/// halves: putting 100,000 ids into a hash set was a tenth of an open from the snapshot, and
/// most of them are never looked at again. Ids folded since are kept in a set.
public struct SeenIDs: Sendable, Equatable {
    /// From a snapshot, in `precedes` order.
    private var sorted = SortedIDs()
    private var added: Set<String> = []

    public init() {}

    public var count: Int { sorted.count + added.count }

    /// False when the id was seen before.
    public mutating func insert(_ id: String) -> Bool {
        if sorted.count > 0, sorted.contains(id) { return false }
        return added.insert(id).inserted
    }

    public mutating func reserveCapacity(_ n: Int) { added.reserveCapacity(n) }

    /// Byte order: the same on every machine, and cheap for short ASCII ids.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in SortedIDs.compare(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) < 0 } }
    }

    /// Every id, in byte order.
    var inOrder: [String] {
        var out: [String] = []
        out.reserveCapacity(count)
        forEachInOrder(addedSorted: added.sorted(by: Self.precedes)) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Every id's bytes, in byte order (what a snapshot writes): the packed ids merged with the
    /// ones folded since, without a string made for each packed one. The ones folded since come
    /// sorted by the caller (a snapshot written after a replay has them all there, a million at
    /// 100k: sorted once, not once per pass).
    private func forEachInOrder(addedSorted: [String], _ body: (UnsafeRawBufferPointer) -> Void) {
        var more = addedSorted
        var j = 0
        sorted.forEach { old in
            while j < more.count, more[j].withUTF8({ SortedIDs.compare(UnsafeRawBufferPointer($0), old) < 0 }) {
                more[j].withUTF8 { body(UnsafeRawBufferPointer($0)) }
                j += 1
            }
            body(old)
        }
        while j < more.count {
            more[j].withUTF8 { body(UnsafeRawBufferPointer($0)) }
            j += 1
        }
    }

    /// From ids that must be strictly in byte order (else the snapshot is not ours).
    init(sorted ids: [String]) throws {
        var packed = SortedIDs()
        for var id in ids { id.withUTF8 { packed.append(UnsafeRawBufferPointer($0)) } }
        try self.init(packed: packed)
    }

    /// `checked: false`: the caller checks `inStrictOrder` itself (elsewhere, meanwhile) and
    /// refuses the ids if it does not hold.
    init(packed: SortedIDs, checked: Bool = true) throws {
        guard !checked || packed.isStrictlyOrdered else { throw SnapshotError("event ids out of order") }
        sorted = packed
    }

    /// The ids from a snapshot are strictly in byte order (else the snapshot is not ours).
    var inStrictOrder: Bool { sorted.isStrictlyOrdered }

    /// Written as their count and total length, where each one ends (4 bytes each, little
    /// endian), then all their bytes: read back with two copies into one buffer (`SortedIDs`),
    /// no string made, no number decoded one by one (format 8).
    func encode(into w: inout SnapshotWriter) {
        var ends: [UInt32] = []
        ends.reserveCapacity(count)
        var total = 0
        let more = added.sorted(by: Self.precedes)
        forEachInOrder(addedSorted: more) { id in
            total += id.count
            ends.append(UInt32(truncatingIfNeeded: total).littleEndian)
        }
        w.count(ends.count)
        w.count(total)
        ends.withUnsafeBytes { w.bytes(of: $0) }
        forEachInOrder(addedSorted: more) { w.bytes(of: $0) }
    }

    init(snapshot r: inout SnapshotReader, checked: Bool = true) throws {
        let n = try r.count()
        let total = try r.count()
        guard total <= Int(UInt32.max), n <= r.remaining / 4, total <= r.remaining - 4 * n else { throw SnapshotError("event ids past the end") }
        // A snapshot in memory is read in place: a million ids are 19 MB at 100k.
        if let memory = r.memory, let ends = try r.inPlace(4 * n), let bytes = try r.inPlace(total) {
            guard let packed = SortedIDs(memory: memory, bytes: bytes, ends: ends) else { throw SnapshotError("event ids outside the snapshot") }
            try self.init(packed: packed, checked: checked)
            return
        }
        let ends = try [UInt32](unsafeUninitializedCapacity: n) { buffer, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            try r.copy(into: UnsafeMutableRawBufferPointer(buffer))
            count = n
        }
        let bytes = try [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            try r.copy(into: UnsafeMutableRawBufferPointer(buffer))
            count = total
        }
        try self.init(packed: SortedIDs(bytes: bytes, ends: ends), checked: checked)
    }

    public static func == (a: SeenIDs, b: SeenIDs) -> Bool {
        a.count == b.count && a.inOrder == b.inOrder
    }
}

/// Ids in byte order, packed: one buffer of all their bytes and where each one ends. A
/// 100,000-deal board has a million of them; as a million strings they took 60 MB and a
/// tenth of an open to make, one heap object each.
///
/// The two buffers are either arrays of its own, or parts of a snapshot read in place.
struct SortedIDs: Sendable {
    private var bytes: [UInt8] = []
    /// `ends[i]`: where id `i` ends in `bytes` (it starts where the one before ends), little endian.
    private var ends: [UInt32] = []
    /// In a snapshot's memory: the same two, as the snapshot holds them.
    private var inPlace: (memory: SnapshotMemory, bytes: Range<Int>, ends: Range<Int>)?

    var count: Int { inPlace.map { $0.ends.count / 4 } ?? ends.count }

    init() {}

    /// `ends` (little endian) must grow and stay within `bytes`: `init(packed:)` checks.
    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// The same, where they lie in `memory` (`ends` 4 bytes each, little endian).
    init?(memory: SnapshotMemory, bytes: UnsafeRawBufferPointer, ends: UnsafeRawBufferPointer) {
        guard let b = memory.offset(of: bytes), let e = memory.offset(of: ends) else { return nil }
        inPlace = (memory, b..<(b + bytes.count), e..<(e + ends.count))
    }

    mutating func append(_ id: UnsafeRawBufferPointer) {
        precondition(inPlace == nil, "ids read in place are not added to")
        bytes.append(contentsOf: id)
        ends.append(UInt32(bytes.count).littleEndian)
    }

    /// The ids' bytes and ends, wherever they are.
    struct View {
        let bytes: UnsafeRawBufferPointer
        let ends: UnsafeRawBufferPointer
        var count: Int { ends.count / 4 }

        @inline(__always) func end(_ i: Int) -> Int {
            Int(UInt32(littleEndian: ends.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        }

        /// Id `i`; its ends must have been checked (`isWellFormed`).
        @inline(__always) func id(_ i: Int) -> UnsafeRawBufferPointer {
            let start = i == 0 ? 0 : end(i - 1)
            return UnsafeRawBufferPointer(rebasing: bytes[start..<end(i)])
        }

        /// Every id ends after the one before (an empty id has none to end) and the last at the end of the bytes.
        var isWellFormed: Bool {
            var last = 0
            for i in 0..<count {
                let e = end(i)
                guard e >= last else { return false }
                last = e
            }
            return last == bytes.count
        }
    }

    func withView<T>(_ body: (View) -> T) -> T {
        if let (memory, b, e) = inPlace {
            return body(View(bytes: UnsafeRawBufferPointer(rebasing: memory.bytes[b]), ends: UnsafeRawBufferPointer(rebasing: memory.bytes[e])))
        }
        return bytes.withUnsafeBytes { b in ends.withUnsafeBytes { e in body(View(bytes: b, ends: e)) } }
    }

    /// Byte order: memcmp, then the shorter first. Ids differ in their first 8 bytes nearly
    /// always, so those are compared as one number first (a million neighbours at each open).
    @inline(__always) static func compare(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
        if x.count >= 8, y.count >= 8 {
            let a = UInt64(bigEndian: x.loadUnaligned(as: UInt64.self)), b = UInt64(bigEndian: y.loadUnaligned(as: UInt64.self))
            if a != b { return a < b ? -1 : 1 }
        }
        let n = min(x.count, y.count)
        let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
        return c != 0 ? Int(c) : x.count - y.count
    }

    func forEach(_ body: (UnsafeRawBufferPointer) -> Void) {
        withView { v in
            for i in 0..<v.count { body(v.id(i)) }
        }
    }

    /// Well formed, and each id after the one before.
    var isStrictlyOrdered: Bool {
        withView { v in
            guard v.isWellFormed else { return false }
            guard v.count > 1 else { return true }
            var before = v.id(0)
            for i in 1..<v.count {
                let id = v.id(i)
                guard Self.compare(before, id) < 0 else { return false }
                before = id
            }
            return true
        }
    }

    func contains(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { wanted in
            withView { v in
                var low = 0, high = v.count
                while low < high {
                    let mid = (low + high) / 2
                    let c = Self.compare(v.id(mid), UnsafeRawBufferPointer(wanted))
                    if c == 0 { return true }
                    if c < 0 { low = mid + 1 } else { high = mid }
                }
                return false
            }
        }
    }
}
