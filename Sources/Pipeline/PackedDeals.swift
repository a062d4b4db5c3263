import Foundation

/// The packed parts of one block of a snapshot's deals: their bytes, and the table of the
/// short texts they repeat (activity kinds, stages, logins, field and check keys), numbered
/// from 0. A deal read from a snapshot keeps its activities (`ActivityLog`) and its details
/// (`DealDetails`: fields, checks, stays, tracked changes) here, decoded when someone reads
/// them.
///
/// Filled by the one thread that decodes the block, before any deal holding it is handed
/// on; only read after that (hence `@unchecked`).
///
/// The bytes were checked with the whole snapshot (its checksum; the file is the user's own,
/// 0600 in their cache) and are this process's memory since: a failure to decode them would
/// be a bug of ours, and gives what was read until then rather than a crash (every read is
/// bounds-checked).
public final class PackedDeals: @unchecked Sendable {
    private(set) var bytes: [UInt8] = []
    /// A snapshot read in place: the parts are where they lie in it, not copied (`bytes` then
    /// holds only parts that were not in it).
    private let memory: SnapshotMemory?
    let symbols: [String]

    init(symbols: [String], capacity: Int, memory: SnapshotMemory? = nil) {
        self.symbols = symbols
        self.memory = memory
        guard memory == nil else { return }
        // A generous reservation costs no memory until written (pages untouched), and spares
        // the copies of an array grown by doubling.
        bytes.reserveCapacity(capacity)
        HugePages.advise(room: &bytes)
    }

    /// Takes one deal's packed part; returns where it starts. A part in the snapshot's memory
    /// stays there (its offset is past `bytes`' end: see `read`).
    func append(_ raw: UnsafeRawBufferPointer) -> Int {
        if let memory, let offset = memory.offset(of: raw) { return Self.inMemory + offset }
        let at = bytes.count
        bytes.append(contentsOf: raw)
        return at
    }

    /// Offsets from here on are in `memory` (no array is this long).
    private static let inMemory = 1 << 48

    /// A reader over the part at `offset`, or nil when it does not fit the bytes.
    private func read<T>(offset: Int, length: Int, _ body: (inout SnapshotReader) -> T?) -> T? {
        func part(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> T? {
            guard offset >= 0, length >= 0, offset <= buffer.count - length else { return nil }
            var r = SnapshotReader(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)]))
            return body(&r)
        }
        if offset >= Self.inMemory { return memory.flatMap { part($0.bytes, offset - Self.inMemory) } }
        return bytes.withUnsafeBytes { part($0, offset) }
    }

    private func symbol(_ r: inout SnapshotReader) throws -> String {
        let n = try r.natural()
        guard n < symbols.count else { throw SnapshotError("unknown packed text #\(n)") }
        return symbols[n]
    }

    // MARK: Activities

    /// The activities at `offset`.
    func decode(offset: Int, length: Int, count: Int) -> [Activity] {
        read(offset: offset, length: length) { r in
            var out: [Activity] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let a = try? decodeActivity(&r) else { break }
                out.append(a)
            }
            return out
        } ?? []
    }

    private func decodeActivity(_ r: inout SnapshotReader) throws -> Activity {
        Activity(id: try r.string(), kind: try symbol(&r), text: try r.string(), date: try r.date(),
                 loggedAt: try r.date(), stage: try symbol(&r), by: try symbol(&r))
    }

    /// Writes activities as `decode` reads them, their short texts numbered by `table`.
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

    // MARK: Details

    /// The short texts a deal's details repeat, for the block's table.
    static func symbols(of d: DealDetails.Parts, _ note: (String) -> Void) {
        d.fields.keys.forEach(note)
        d.checks.keys.forEach(note)
        for v in d.history {
            note(v.stage)
            note(v.by)
            note(v.move.rawValue)
        }
        for c in d.fieldChanges {
            note(c.key)
            note(c.by)
        }
    }

    /// Writes a deal's details as `decodeDetails` reads them: fields and checks in key order
    /// (so a lookup can stop early, and the bytes do not depend on hashing), then the stays and
    /// the tracked changes, oldest first.
    static func encode(_ d: DealDetails.Parts, table: [String: Int], into w: inout SnapshotWriter) {
        w.count(d.fields.count)
        for (k, v) in d.fields.sorted(by: { $0.key < $1.key }) {
            w.count(table[k]!)
            w.string(v)
        }
        w.count(d.checks.count)
        for (k, at) in d.checks.sorted(by: { $0.key < $1.key }) {
            w.count(table[k]!)
            w.date(at)
        }
        w.count(d.history.count)
        for v in d.history {
            w.count(table[v.stage]!)
            w.date(v.enteredAt)
            w.string(v.eventID)
            w.count(table[v.by]!)
            w.count(table[v.move.rawValue]!)
            w.optionalString(v.reason)
            w.bool(v.forced)
            w.count(v.unmet.count)
            for u in v.unmet { w.string(u) }
            w.optionalString(v.imported)
        }
        w.count(d.fieldChanges.count)
        for c in d.fieldChanges {
            w.count(table[c.key]!)
            w.string(c.from)
            w.string(c.to)
            w.date(c.at)
            w.count(table[c.by]!)
        }
    }

    /// A deal's details at `offset`, all of them.
    func decodeDetails(offset: Int, length: Int) -> DealDetails.Parts {
        read(offset: offset, length: length) { r in
            var parts = DealDetails.Parts()
            try? decodeDetails(&r, into: &parts)
            return parts
        } ?? DealDetails.Parts()
    }

    /// A deal's stays and tracked changes at `offset`, its fields and checks passed over: what
    /// the weekly review reads of every deal (it reads a field or two of some, from the bytes).
    func decodeStays(offset: Int, length: Int) -> (history: [StageVisit], fieldChanges: [FieldChange]) {
        read(offset: offset, length: length) { r in
            var parts = DealDetails.Parts()
            do {
                try skipFields(&r)
                for _ in 0..<(try r.count()) {
                    _ = try r.natural()
                    _ = try r.date()
                }
                try decodeStays(&r, into: &parts)
            } catch {}
            return (parts.history, parts.fieldChanges)
        } ?? ([], [])
    }

    /// Passes over a deal's fields (each a key's number and its value's bytes), to what follows.
    private func skipFields(_ r: inout SnapshotReader) throws {
        for _ in 0..<(try r.count()) {
            _ = try r.natural()
            try r.skip(try r.count())
        }
    }

    private func decodeDetails(_ r: inout SnapshotReader, into parts: inout DealDetails.Parts) throws {
        let fieldCount = try r.count()
        if fieldCount > 0 { parts.fields = [String: String](minimumCapacity: fieldCount) }
        for _ in 0..<fieldCount { parts.fields[try symbol(&r)] = try r.string() }
        let checkCount = try r.count()
        if checkCount > 0 { parts.checks = [String: Date](minimumCapacity: checkCount) }
        for _ in 0..<checkCount { parts.checks[try symbol(&r)] = try r.date() }
        try decodeStays(&r, into: &parts)
    }

    private func decodeStays(_ r: inout SnapshotReader, into parts: inout DealDetails.Parts) throws {
        let visitCount = try r.count()
        parts.history.reserveCapacity(visitCount)
        for _ in 0..<visitCount {
            let stage = try symbol(&r)
            let at = try r.date()
            let id = try r.string()
            let by = try symbol(&r)
            guard let move = StageVisit.Move(rawValue: try symbol(&r)) else { throw SnapshotError("bad move") }
            let reason = try r.optionalString()
            let forced = try r.bool()
            var unmet: [String] = []
            for _ in 0..<(try r.count()) { unmet.append(try r.string()) }
            parts.history.append(StageVisit(stage: stage, enteredAt: at, eventID: id, by: by, move: move, reason: reason, forced: forced,
                                            unmet: unmet, imported: try r.optionalString()))
        }
        let changeCount = try r.count()
        parts.fieldChanges.reserveCapacity(changeCount)
        for _ in 0..<changeCount {
            parts.fieldChanges.append(FieldChange(key: try symbol(&r), from: try r.string(), to: try r.string(), at: try r.date(),
                                                  by: try symbol(&r)))
        }
    }

    /// One field's value, read without decoding the others ("" when the deal has none).
    func field(_ key: String, offset: Int, length: Int) -> String {
        read(offset: offset, length: length) { r -> String? in
            guard let n = try? r.count() else { return nil }
            for _ in 0..<n {
                guard let k = try? symbol(&r), let count = try? r.count() else { return nil }
                if k == key { return try? r.withBytes(count) { String(decoding: $0, as: UTF8.self) } }
                guard (try? r.skip(count)) != nil else { return nil }
            }
            return nil
        } ?? ""
    }

    /// When one check was last ticked (nil: not ticked), read without decoding the others.
    func checkedAt(_ key: String, offset: Int, length: Int) -> Date? {
        read(offset: offset, length: length) { r -> Date? in
            guard (try? skipFields(&r)) != nil, let checks = try? r.count() else { return nil }
            for _ in 0..<checks {
                guard let k = try? symbol(&r), let at = try? r.date() else { return nil }
                if k == key { return at }
            }
            return nil
        }
    }
}
