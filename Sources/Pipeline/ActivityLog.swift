import Foundation

/// A deal's activities, oldest first.
///
/// Built by the fold they are an array. Read from a snapshot they stay packed: the snapshot's
/// bytes for them, copied once per block of deals, decoded each time someone reads them (a
/// detail view, an exit criterion that asks for a meeting, an export). An open then builds
/// no `Activity` for the thousands of deals nobody looks at. They were half of the work of
/// reading a snapshot, and about a third of a 100,000-deal board's memory: each a 96-byte
/// value, most with a text of its own on the heap.
///
/// What the board needs of every deal, the latest time an activity was logged (the stale
/// and dormant badges), is kept beside the bytes, as is the count.
public struct ActivityLog: Sendable, Equatable {
    enum Storage: Sendable {
        case decoded([Activity])
        case packed(PackedDeals, offset: Int, length: Int, count: Int, latest: Date)
    }

    var storage: Storage

    public init(_ activities: [Activity] = []) { storage = .decoded(activities) }

    init(packed: PackedDeals, offset: Int, length: Int, count: Int, latest: Date) {
        storage = .packed(packed, offset: offset, length: length, count: count, latest: latest)
    }

    public var all: [Activity] {
        switch storage {
        case .decoded(let list): return list
        case .packed(let p, let offset, let length, let count, _): return p.decode(offset: offset, length: length, count: count)
        }
    }

    public var count: Int {
        switch storage {
        case .decoded(let list): return list.count
        case .packed(_, _, _, let count, _): return count
        }
    }

    /// When the latest activity was logged; nil when there is none.
    public var latestLoggedAt: Date? {
        switch storage {
        case .decoded(let list): return list.lazy.map(\.loggedAt).max()
        case .packed(_, _, _, _, let latest): return latest
        }
    }

    var isPacked: Bool {
        if case .packed = storage { return true }
        return false
    }

    public static func == (a: ActivityLog, b: ActivityLog) -> Bool { a.all == b.all }
}
