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

    init(packed: SortedIDs) throws {
        guard packed.isStrictlyOrdered else { throw SnapshotError("event ids out of order") }
        sorted = packed
    }

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

    init(snapshot r: inout SnapshotReader) throws {
        let n = try r.count()
        let total = try r.count()
        guard total <= Int(UInt32.max), n <= r.remaining / 4, total <= r.remaining - 4 * n else { throw SnapshotError("event ids past the end") }
        let ends = try [UInt32](unsafeUninitializedCapacity: n) { buffer, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            try r.copy(into: UnsafeMutableRawBufferPointer(buffer))
            count = n
        }
        // Each id ends after the one before (an empty id has none to end) and the last at the total.
        var last: UInt32 = 0
        for i in ends.indices {
            let e = UInt32(littleEndian: ends[i])
            guard e >= last else { throw SnapshotError("event ids out of order") }
            last = e
        }
        guard Int(last) == total else { throw SnapshotError("event ids of another length") }
        let bytes = try [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            try r.copy(into: UnsafeMutableRawBufferPointer(buffer))
            count = total
        }
        try self.init(packed: SortedIDs(bytes: bytes, ends: UInt32(1).littleEndian == 1 ? ends : ends.map { UInt32(littleEndian: $0) }))
    }

    public static func == (a: SeenIDs, b: SeenIDs) -> Bool {
        a.count == b.count && a.inOrder == b.inOrder
    }
}

/// Ids in byte order, packed: one buffer of all their bytes and where each one ends. A
/// 100,000-deal board has a million of them; as a million strings they took 60 MB and a
/// tenth of an open to make, one heap object each.
struct SortedIDs: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    /// `ends[i]`: where id `i` ends in `bytes` (it starts where the one before ends).
    private(set) var ends: [UInt32] = []

    var count: Int { ends.count }

    init() {}

    /// `ends` must grow and stay within `bytes` (as `SeenIDs(snapshot:)` checks).
    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    mutating func append(_ id: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: id)
        ends.append(UInt32(bytes.count))
    }

    /// memcmp, then the shorter first: byte order.
    static func compare(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
        let n = min(x.count, y.count)
        let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
        return c != 0 ? Int(c) : x.count - y.count
    }

    private func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i]) }

    func forEach(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            for i in ends.indices { body(UnsafeRawBufferPointer(rebasing: all[range(i)])) }
        }
    }

    var isStrictlyOrdered: Bool {
        bytes.withUnsafeBytes { all in
            ends.indices.dropFirst().allSatisfy { i in
                Self.compare(UnsafeRawBufferPointer(rebasing: all[range(i - 1)]), UnsafeRawBufferPointer(rebasing: all[range(i)])) < 0
            }
        }
    }

    func contains(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { wanted in
            bytes.withUnsafeBytes { all in
                var low = 0, high = ends.count
                while low < high {
                    let mid = (low + high) / 2
                    let c = Self.compare(UnsafeRawBufferPointer(rebasing: all[range(mid)]), UnsafeRawBufferPointer(wanted))
                    if c == 0 { return true }
                    if c < 0 { low = mid + 1 } else { high = mid }
                }
                return false
            }
        }
    }
}
