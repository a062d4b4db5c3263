import Foundation

/// The ids of every event folded, so that an event arriving twice (a git merge, a journal
/// copied by hand) counts once.
///
/// A board read from a snapshot holds its ids as one sorted array, searched by halves: putting
/// 100,000 ids into a hash set was a tenth of an open from the snapshot, and most of them are
/// never looked at again. Ids folded since are kept in a set.
public struct SeenIDs: Sendable, Equatable {
    /// From a snapshot, in `precedes` order.
    private var sorted: [String] = []
    private var added: Set<String> = []

    public init() {}

    public var count: Int { sorted.count + added.count }

    /// False when the id was seen before.
    public mutating func insert(_ id: String) -> Bool {
        if !sorted.isEmpty, contains(sortedID: id) { return false }
        return added.insert(id).inserted
    }

    public mutating func reserveCapacity(_ n: Int) { added.reserveCapacity(n) }

    /// Byte order: the same on every machine, and cheap for short ASCII ids.
    /// Compared with memcmp: the generic comparison of two UTF-8 views went a byte at a time
    /// through iterators, and checking a snapshot's 100,000 ids took 3 ms of an open.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
    }

    private func contains(sortedID id: String) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(sorted[mid], id) { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == id
    }

    /// Every id, in byte order (what a snapshot writes).
    var inOrder: [String] {
        guard !added.isEmpty else { return sorted }
        let more = added.sorted(by: Self.precedes)
        guard !sorted.isEmpty else { return more }
        var out: [String] = []
        out.reserveCapacity(sorted.count + more.count)
        var i = 0, j = 0
        while i < sorted.count || j < more.count {
            if j == more.count || (i < sorted.count && Self.precedes(sorted[i], more[j])) { out.append(sorted[i]); i += 1 } else { out.append(more[j]); j += 1 }
        }
        return out
    }

    /// From a snapshot's ids, which must be strictly in byte order (else the snapshot is not ours).
    init(sorted ids: [String]) throws {
        for i in ids.indices.dropFirst() where !Self.precedes(ids[i - 1], ids[i]) {
            throw SnapshotError("event ids out of order")
        }
        sorted = ids
    }

    public static func == (a: SeenIDs, b: SeenIDs) -> Bool {
        a.count == b.count && a.inOrder == b.inOrder
    }
}
