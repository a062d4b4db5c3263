import Foundation

/// A board state written to bytes and read back exactly: what a snapshot holds.
///
/// Everything the fold built is written, so a state read back folds the next events exactly
/// as the original would (ids seen, undo stacks, work in force, refused events); look-up
/// tables that follow from the deals are rebuilt. The rules are not written: the reader
/// passes the pipeline the snapshot was checked against.
extension BoardState {
    /// Bump when the layout below changes (the store also refuses snapshots from another binary).
    public static let snapshotFormat: UInt64 = 9

    /// Where the deals of the second block are decoded while this thread decodes the first:
    /// given where the block starts in the stream, its length and the room its deals go to, it
    /// starts decoding them there (`decodeDeals(_:into:)`) and returns a function that waits for
    /// them and must then be called: it gives the block's hash if it was read in place, and
    /// throws if the deals could not all be made (and then none are left in the room). nil: read
    /// it here.
    public typealias DealsAside = (_ offset: Int, _ length: Int, _ room: DealRoom) -> (() throws -> UInt64?)?

    /// Room for some deals in the state's array, not yet made: each block's deals are decoded
    /// straight into their part of it, on their own core. (Decoded into arrays of their own and
    /// then joined, the second block's 50,000 deals were copied once more at 100k, a reference
    /// count for every text in them, and then freed.)
    public struct DealRoom: @unchecked Sendable {
        let start: UnsafeMutablePointer<Deal>
        let count: Int
        /// Each deal's uid hashed for `UIDIndex` and its number, noted while the deal is at
        /// hand: the indexes are then built from these 12 bytes a deal, not by reading every
        /// deal again from memory (a cache miss each, most of the build at 100k).
        let hashes: UnsafeMutablePointer<UInt32>
        let numbers: UnsafeMutablePointer<Int>
    }

    public func encode(into w: inout SnapshotWriter) {
        w.uint(Self.snapshotFormat)
        w.count(eventCount)
        w.date(lastTimestamp)
        // The deals in two blocks, each with its own table of repeated texts, the second block
        // first: a reader hands it to another core and reads the first block meanwhile (format 6).
        w.count(deals.count)
        let firstCount = (deals.count + 1) / 2
        w.count(firstCount)
        for part in [deals[firstCount...], deals[..<firstCount]] {
            var block = SnapshotWriter(capacity: part.count * 700 + 64)
            // The block's activities and details number their short texts from a table of their
            // own, written first: read packed, they are decoded long after the block's other
            // texts (formats 7 and 8).
            var table: [String: Int] = [:]
            var names: [String] = []
            func note(_ s: String) { if table[s] == nil { table[s] = names.count; names.append(s) } }
            for d in part {
                switch d.activityLog.storage {
                case .packed(let p, _, _, _, _): p.symbols.forEach(note)
                case .decoded(let list): for a in list { note(a.kind); note(a.stage); note(a.by) }
                }
                if let p = d.details.packed { p.block.symbols.forEach(note) } else { PackedDeals.symbols(of: d.details.decoded, note) }
            }
            block.count(names.count)
            for n in names { block.string(n) }
            for d in part { Self.encode(d, table: table, into: &block) }
            w.block(block)
        }
        seenIDs.encode(into: &w)
        w.count(undoStacks.count)
        for user in undoStacks.keys.sorted() {
            w.symbol(user)
            let stack = undoStacks[user]!
            w.count(stack.count)
            for e in stack {
                Self.encode(e, into: &w)
                // An import's entry holds its events (format 4).
                w.count(e.parts.count)
                for p in e.parts { Self.encode(p, into: &w) }
            }
        }
        w.count(reviews.count)
        for r in reviews {
            w.date(r.at)
            w.symbol(r.by)
            w.string(r.note)
        }
        w.count(notes.count)
        for n in notes { w.string(n) }
        w.count(touches.count)
        for t in touches {
            w.date(t.at)
            w.symbol(t.user)
            w.count(Int(t.deal))
            w.byte(t.kind.rawValue)
        }
        w.count(disallowed.count)
        for d in disallowed {
            w.string(d.eventID)
            w.symbol(d.user)
            w.symbol(d.type)
            w.optionalString(d.deal)
            w.bool(d.number != nil)
            if let n = d.number { w.int(n) }
            w.date(d.at)
            w.symbol(d.kind.rawValue)
            w.string(d.reason)
            w.count(d.unmet.count)
            for u in d.unmet { w.string(u) }
            w.optionalString(d.keptIn)
        }
        w.count(unreadValues.count)
        for u in unreadValues {
            w.string(u.eventID)
            w.symbol(u.user)
            w.symbol(u.type)
            w.bool(u.number != nil)
            if let n = u.number { w.int(n) }
            w.date(u.at)
            w.symbol(u.field)
            w.string(u.value)
            w.string(u.reason)
        }
    }

    /// Reads a state written by `encode`; throws on anything that does not fit, never traps.
    /// `blocks`: told where the blocks of deals lie and their hashes (see `SnapshotSum`).
    public init(snapshot r: inout SnapshotReader, rules: PipelineDefinition?, aside: DealsAside? = nil,
                blocks: SnapshotBlocks? = nil) throws {
        self.init()
        guard try r.uint() == Self.snapshotFormat else { throw SnapshotError("another snapshot format") }
        self.rules = rules
        eventCount = try r.natural()
        lastTimestamp = try r.date()
        let dealCount = try r.count()
        let firstCount = try r.natural()
        guard firstCount <= dealCount else { throw SnapshotError("bad deal blocks") }
        let secondLength = try r.count()
        let secondCount = dealCount - firstCount
        // A deal takes dozens of bytes: a damaged count cannot ask for more room than the bytes allow.
        guard secondCount <= secondLength / 32, firstCount <= (r.remaining - secondLength) / 32 else {
            throw SnapshotError("more deals than their bytes can hold")
        }
        var (hashes, numbers) = ([UInt32](repeating: 0, count: dealCount), [Int](repeating: 0, count: dealCount))
        deals = try hashes.withUnsafeMutableBufferPointer { h in
            try numbers.withUnsafeMutableBufferPointer { n in
                try Self.decodeBothBlocks(&r, dealCount, firstCount, secondLength, aside, blocks ?? SnapshotBlocks(), hashes: h, numbers: n)
            }
        }
        // The deals' indexes are built on another core, from the uid hashes and numbers noted
        // while decoding, while this one reads the rest.
        let indexes = DealIndexes(deals, hashes: hashes, numbers: numbers)
        let built = DispatchGroup()
        DispatchQueue.global().async(group: built) { indexes.build() }
        defer { built.wait() }
        // The ids' order (a million neighbours compared at 100k) is checked on another core too.
        seenIDs = try SeenIDs(snapshot: &r, checked: false)
        let ids = seenIDs
        let idsInOrder = Verdict()
        DispatchQueue.global().async(group: built) { idsInOrder.holds = ids.inStrictOrder }
        for _ in 0..<(try r.count()) {
            let user = try r.symbol()
            let n = try r.count()
            var stack: [UndoEntry] = []
            stack.reserveCapacity(n)
            for _ in 0..<n {
                var entry = try Self.decodeUndoEntry(&r)
                let parts = try r.count()
                entry.parts.reserveCapacity(parts)
                for _ in 0..<parts { entry.parts.append(try Self.decodeUndoEntry(&r)) }
                stack.append(entry)
            }
            undoStacks[user] = stack
        }
        for _ in 0..<(try r.count()) {
            reviews.append(ReviewMark(at: try r.date(), by: try r.symbol(), note: try r.string()))
        }
        for _ in 0..<(try r.count()) { notes.append(try r.string()) }
        let touchCount = try r.count()
        touches.reserveCapacity(touchCount)
        for _ in 0..<touchCount {
            let at = try r.date()
            let user = try r.symbol()
            let deal = try r.natural()
            guard deal < deals.count, let kind = Touch.Kind(rawValue: try r.byte()) else { throw SnapshotError("bad touch") }
            touches.append(Touch(at: at, user: user, deal: Int32(deal), kind: kind))
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            let user = try r.symbol()
            let type = try r.symbol()
            let deal = try r.optionalString()
            let number = try r.bool() ? try r.int() : nil
            let at = try r.date()
            guard let kind = DisallowedEvent.Kind(rawValue: try r.symbol()) else { throw SnapshotError("bad refusal kind") }
            let reason = try r.string()
            var unmet: [String] = []
            for _ in 0..<(try r.count()) { unmet.append(try r.string()) }
            var refused = DisallowedEvent(eventID: id, user: user, type: type, deal: deal, number: number, at: at,
                                          kind: kind, reason: reason, unmet: unmet)
            refused.keptIn = try r.optionalString()
            disallowedIndex[id] = disallowed.count
            disallowed.append(refused)
        }
        for _ in 0..<(try r.count()) {
            unreadValues.append(UnreadValue(eventID: try r.string(), user: try r.symbol(), type: try r.symbol(),
                                            number: try r.bool() ? try r.int() : nil, at: try r.date(),
                                            field: try r.symbol(), value: try r.string(), reason: try r.string()))
        }
        built.wait()
        guard idsInOrder.holds else { throw SnapshotError("event ids out of order") }
        guard let twice = indexes.twice else {
            (uidIndex, numberIndex, maxNumber) = (indexes.byUID, indexes.byNumber, indexes.maxNumber)
            return
        }
        throw SnapshotError("deal #\(twice) twice")
    }

    /// Whether something checked on another core holds; read once its group is done.
    private final class Verdict: @unchecked Sendable { var holds = false }

    /// A snapshot's deals by uid and by number, built on another core; `twice`: a number or uid
    /// found twice (damage). Read only once `build` is done.
    private final class DealIndexes: @unchecked Sendable {
        /// Held until built, and then let go: the state's array is its only owner again, so
        /// the first change to a deal does not copy them all.
        private var deals: [Deal]
        var byUID = UIDIndex()
        var byNumber = NumberIndex()
        var maxNumber = 0
        var twice: Int?

        private let hashes: [UInt32]
        private let numbers: [Int]

        init(_ deals: [Deal], hashes: [UInt32], numbers: [Int]) {
            self.deals = deals
            self.hashes = hashes
            self.numbers = numbers
        }

        func build() {
            defer { deals = [] }
            byUID = UIDIndex(capacity: deals.count)
            byNumber = NumberIndex(capacity: deals.count)
            // Through a pointer: `deals[i].number` copied the whole deal (a dozen reference counts)
            // to read one field, which was most of the time this took.
            deals.withUnsafeBufferPointer { all in
                if let i = byUID.insertAll(hashes: hashes, { all[$0].uid }) {
                    twice = numbers[i]
                    return
                }
            }
            for (i, number) in numbers.enumerated() {
                guard byNumber.insert(number, at: i) else {
                    twice = number
                    return
                }
                maxNumber = max(maxNumber, number)
            }
        }
    }

    private static func encode(_ d: Deal, table: [String: Int], into w: inout SnapshotWriter) {
        w.string(d.uid)
        w.int(d.number)
        w.string(d.title)
        w.string(d.company)
        w.symbol(d.owner)
        w.uint(UInt64(d.amount.units))
        w.symbol(d.stage)
        w.date(d.createdAt)
        w.symbol(d.createdBy)
        w.date(d.updatedAt)
        w.bool(d.deleted)
        // Activities: their count, the latest logging time and their bytes, which a reader keeps
        // packed (see ActivityLog).
        let activities = d.activities
        w.count(activities.count)
        if let latest = activities.lazy.map(\.loggedAt).max() {
            w.date(latest)
            var packed = SnapshotWriter(capacity: activities.count * 64)
            PackedDeals.encode(activities, table: table, into: &packed)
            w.raw(packed.bytes)
        }
        // Details: when the deal entered its stage, and their bytes, kept packed (see DealDetails).
        w.date(d.enteredStageAt)
        var details = SnapshotWriter(capacity: 256)
        PackedDeals.encode(d.details.parts, table: table, into: &details)
        w.raw(details.bytes)
    }

    /// Both blocks of deals, each decoded into its part of one array: the second (which comes
    /// first in the stream) by `aside` on another core if given, while this thread decodes the
    /// first. Whatever fails, nothing is left half made: every deal made is freed again.
    private static func decodeBothBlocks(_ r: inout SnapshotReader, _ dealCount: Int, _ firstCount: Int, _ secondLength: Int,
                                         _ aside: DealsAside?, _ blocks: SnapshotBlocks,
                                         hashes: UnsafeMutableBufferPointer<UInt32>, numbers: UnsafeMutableBufferPointer<Int>) throws -> [Deal] {
        // An empty array has no address: a board without deals gets a spare one, never written.
        var spare: (UInt32, Int) = (0, 0)
        return try withUnsafeMutablePointer(to: &spare.0) { noHash in
            try withUnsafeMutablePointer(to: &spare.1) { noNumber in
                let h = hashes.baseAddress ?? noHash, n = numbers.baseAddress ?? noNumber
                return try decodeBothBlocks(&r, dealCount, firstCount, secondLength, aside, blocks, hashes: h, numbers: n)
            }
        }
    }

    private static func decodeBothBlocks(_ r: inout SnapshotReader, _ dealCount: Int, _ firstCount: Int, _ secondLength: Int,
                                         _ aside: DealsAside?, _ blocks: SnapshotBlocks,
                                         hashes: UnsafeMutablePointer<UInt32>, numbers: UnsafeMutablePointer<Int>) throws -> [Deal] {
        // (Room for one at least: a board without deals still has its two blocks to read.)
        try [Deal](unsafeUninitializedCapacity: max(1, dealCount)) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            let first = DealRoom(start: buffer.baseAddress!, count: firstCount, hashes: hashes, numbers: numbers)
            let second = DealRoom(start: buffer.baseAddress! + firstCount, count: dealCount - firstCount,
                                  hashes: hashes + firstCount, numbers: numbers + firstCount)
            // The store decodes the second block on another core (`aside`). Without one, a reader in
            // memory decodes it when it is waited for (tests), and a stream reads it in its turn.
            let secondStart = r.position
            let wait = aside?(secondStart, secondLength, second) ?? r.slice(at: secondStart, length: secondLength).map { sub in
                { var sub = sub; return try Self.decodeDeals(&sub, into: second) }
            }
            var (firstMade, secondMade) = (false, false)
            var sums: [UInt64?] = [nil, nil]
            do {
                if wait != nil {
                    try r.skip(secondLength)
                } else {
                    sums[0] = try r.block(length: secondLength) { try Self.decodeDeals(&$0, into: second, whole: false, length: secondLength) }
                    secondMade = true
                }
                let firstLength = try r.count()
                blocks.ranges = [secondStart..<(secondStart + secondLength), r.position..<(r.position + firstLength)]
                blocks.found(blocks.ranges)
                sums[1] = try r.block(length: firstLength) { try Self.decodeDeals(&$0, into: first, whole: false, length: firstLength) }
                firstMade = true
                if let wait {
                    sums[0] = try wait()
                    secondMade = true
                }
                blocks.sums = sums
            } catch {
                // The other core must be done with the room before it is given back.
                if let wait, !secondMade, (try? wait()) != nil { secondMade = true }
                if firstMade { first.start.deinitialize(count: first.count) }
                if secondMade { second.start.deinitialize(count: second.count) }
                initialized = 0
                throw error
            }
            initialized = dealCount
        }
    }

    /// The deals of one block, made in `room` (all of them, or none: on a failure the ones made
    /// are freed before it throws). `whole`: the reader holds that block alone and must end with
    /// it. `length`: the block's bytes (all that remain when `whole`).
    ///
    /// Read in place, the block's bytes are hashed as they are decoded, a few deals at a time
    /// while they are still in the processor's cache, and the hash returned (`SnapshotSum`).
    @discardableResult
    public static func decodeDeals(_ r: inout SnapshotReader, into room: DealRoom, whole: Bool = true, length: Int? = nil) throws -> UInt64? {
        var made = 0
        do {
            let start = r.position
            var sum = r.memory == nil ? nil : KeyedHash(key: (0, 0))
            var mark = start
            func hashUpToHere(_ r: inout SnapshotReader) {
                guard sum != nil, let part = r.bytesRead(since: mark) else { return }
                sum!.add(part)
                mark = r.position
            }
            var names: [String] = []
            for _ in 0..<(try r.count()) { names.append(try r.string()) }
            let packed = PackedDeals(symbols: names, capacity: min(length ?? r.remaining, r.remaining), memory: r.memory)
            while made < room.count {
                let deal = try decodeDeal(&r, packed)
                room.hashes[made] = UIDIndex.hash(deal.uid)
                room.numbers[made] = deal.number
                (room.start + made).initialize(to: deal)
                made += 1
                if made % 32 == 0 { hashUpToHere(&r) }
            }
            guard !whole || r.atEnd else { throw SnapshotError("a block of deals has bytes after its last deal") }
            hashUpToHere(&r)
            return sum.map { var s = $0; return s.finish().0 }
        } catch {
            room.start.deinitialize(count: made)
            throw error
        }
    }

    private static func decodeDeal(_ r: inout SnapshotReader, _ packed: PackedDeals) throws -> Deal {
        let uid = try r.string()
        let number = try r.int()
        let title = try r.string()
        let company = try r.string()
        let owner = try r.symbol()
        let units = try r.uint()
        guard units <= UInt64(Int64.max), let amount = Money(units: Int64(units)) else { throw SnapshotError("amount out of range") }
        let stage = try r.symbol()
        let createdAt = try r.date()
        let createdBy = try r.symbol()
        let updatedAt = try r.date()
        let deleted = try r.bool()
        var activityLog = ActivityLog()
        let activityCount = try r.count()
        if activityCount > 0 {
            let latest = try r.date()
            let length = try r.count()
            // Each activity takes at least 6 bytes: a count the bytes cannot hold is damage.
            guard activityCount <= length / 6 else { throw SnapshotError("\(activityCount) activities in \(length) bytes") }
            let offset = try r.withBytes(length) { packed.append($0) }
            activityLog = ActivityLog(packed: packed, offset: offset, length: length, count: activityCount, latest: latest)
        }
        let enteredStageAt = try r.date()
        let length = try r.count()
        // Fields, checks, stays and changes: four counts at least.
        guard length >= 4 else { throw SnapshotError("deal #\(number) without its details") }
        let offset = try r.withBytes(length) { packed.append($0) }
        // The deal made once, its parts packed: no dictionary, stay or id string made here.
        return Deal(uid: uid, number: number, title: title, company: company, owner: owner, amount: amount, stage: stage,
                    createdAt: createdAt, createdBy: createdBy,
                    details: DealDetails(packed: packed, offset: offset, length: length, enteredStageAt: enteredStageAt),
                    activityLog: activityLog, updatedAt: updatedAt, deleted: deleted)
    }

    static func encode(_ e: UndoEntry, into w: inout SnapshotWriter) {
        w.string(e.eventID)
        w.symbol(e.type)
        w.string(e.deal)
        w.json(e.data)
        w.date(e.timestamp)
    }

    static func decodeUndoEntry(_ r: inout SnapshotReader) throws -> UndoEntry {
        UndoEntry(eventID: try r.string(), type: try r.symbol(), deal: try r.string(), data: try r.json(), timestamp: try r.date())
    }
}
