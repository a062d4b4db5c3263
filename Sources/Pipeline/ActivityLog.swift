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
        case packed(PackedActivities, offset: Int, length: Int, count: Int, latest: Date)
    }

    var storage: Storage

    public init(_ activities: [Activity] = []) { storage = .decoded(activities) }

    init(packed: PackedActivities, offset: Int, length: Int, count: Int, latest: Date) {
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

/// The packed activities of one block of a snapshot's deals: their bytes, and the table of
/// the short texts they repeat (kinds, stages, logins), numbered from 0.
///
/// Filled by the one thread that decodes the block, before any deal holding it is handed
/// on; only read after that (hence `@unchecked`).
public final class PackedActivities: @unchecked Sendable {
    private(set) var bytes: [UInt8] = []
    let symbols: [String]

    init(symbols: [String], capacity: Int) {
        self.symbols = symbols
        // A generous reservation costs no memory until written (pages untouched), and spares
        // the copies of an array grown by doubling.
        bytes.reserveCapacity(capacity)
    }

    /// Appends one deal's packed activities; returns where they start.
    func append(_ raw: UnsafeRawBufferPointer) -> Int {
        let at = bytes.count
        bytes.append(contentsOf: raw)
        return at
    }

    /// The activities at `offset`. The bytes were checked with the whole snapshot (its checksum;
    /// the file is the user's own, 0600 in their cache) and are this process's memory since: a
    /// failure here would be a bug of ours, and gives the activities read until then rather
    /// than a crash (every read is bounds-checked).
    func decode(offset: Int, length: Int, count: Int) -> [Activity] {
        bytes.withUnsafeBytes { buffer -> [Activity] in
            guard offset >= 0, length >= 0, offset + length <= buffer.count else { return [] }
            var r = SnapshotReader(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)]))
            var out: [Activity] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let a = try? Self.decodeOne(&r, symbols) else { break }
                out.append(a)
            }
            return out
        }
    }

    static func decodeOne(_ r: inout SnapshotReader, _ symbols: [String]) throws -> Activity {
        func symbol() throws -> String {
            let n = try r.natural()
            guard n < symbols.count else { throw SnapshotError("unknown activity text #\(n)") }
            return symbols[n]
        }
        return Activity(id: try r.string(), kind: try symbol(), text: try r.string(), date: try r.date(),
                        loggedAt: try r.date(), stage: try symbol(), by: try symbol())
    }

    /// Writes activities as `decodeOne` reads them, their short texts numbered by `table`.
    static func encode(_ list: [Activity], table: [String: Int], into w: inout SnapshotWriter) {
        for a in list {
            w.string(a.id)
            w.count(table[a.kind]!)
            w.string(a.text)
            w.date(a.date)
            w.date(a.loggedAt)
            w.count(table[a.stage]!)
            w.count(table[a.by]!)
        }
    }
}
