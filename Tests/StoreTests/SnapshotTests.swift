import Foundation
import Testing
@testable import Pipeline
@testable import Store
#if canImport(Glibc)
import Glibc
#endif

/// The derived snapshot: an open from it must show exactly what a replay of the journals shows,
/// and any snapshot that does not describe the journals any more must be ignored.
@Suite struct SnapshotTests {
    /// A board with a bit of everything the fold keeps: two authors, edits, ticks, a move, a
    /// refused move appended by hand, an undo, a damaged line, a review.
    func busyBoard() throws -> TempBoard {
        let b = try TempBoard(layout: .perAuthor)
        let alice = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        let bob = try BoardStore(folder: b.folder, user: "bob", snapshots: .off)
        for n in 0..<12 {
            try alice.perform(now: day(Double(n) / 10)) { try $0.create(title: "Deal \(n)", company: "Co \(n)", amount: "\(n + 1)000", owner: nil, stage: nil) }
        }
        try bob.perform(now: day(1)) { try $0.edit(3, assignments: [("amount", "45000"), ("decision_maker", "Dana")]) }
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try bob.perform(now: day(1.1)) { try $0.setCheck(2, label: label) }
        }
        try bob.perform(now: day(1.2)) { try $0.move(2, to: .next, reason: nil, force: false) }
        try alice.perform(now: day(1.3)) { try $0.logActivity(4, kind: "call", text: "first call", date: nil) }
        try alice.perform(now: day(1.4)) { try $0.logActivity(5, kind: "note", text: "to undo", date: nil) }
        try alice.perform(now: day(1.5)) { try $0.undo() }
        try BoardStore(folder: b.folder, user: "maria", snapshots: .off).perform(now: day(1.6)) { try $0.markReviewed(note: "week 1") }
        // Bob appends by hand a move of #6 past its unmet criteria, and a line that is not JSON.
        let seq = alice.state.eventCount + 40
        try append(b.files.authorJournal("bob"),
                   #"{"id":"handmade000001","ts":"2026-11-04T10:00:00.000Z","seq":\#(seq),"user":"bob","type":"deal.moved","deal":"\#(alice.state.deal(number: 6)!.uid)","number":6,"data":{"from":"prospecting","to":"proposal"}}"# + "\n" + "not json\n"
                   + #"{"id":"handmade000002","ts":"2026-11-04T10:01:00.000Z","seq":\#(seq + 1),"user":"bob","type":"deal.created","number":40,"data":{"title":"Walked past","stage":"negotiation"}}"# + "\n")
        return b
    }

    func append(_ path: String, _ text: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    func cache(mapped: Bool = true) -> SnapshotPolicy {
        SnapshotPolicy(folder: NSTemporaryDirectory() + "dealboard-snapshots-\(UUID().uuidString)", minEvents: 1, mapped: mapped)
    }

    /// Everything replay builds, compared.
    func expectSame(_ a: BoardStore, _ b: BoardStore, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.state.deals == b.state.deals, sourceLocation: sourceLocation)
        #expect(a.state.eventCount == b.state.eventCount, sourceLocation: sourceLocation)
        #expect(a.state.lastTimestamp == b.state.lastTimestamp, sourceLocation: sourceLocation)
        #expect(a.state.undoStacks == b.state.undoStacks, sourceLocation: sourceLocation)
        #expect(a.state.reviews == b.state.reviews, sourceLocation: sourceLocation)
        #expect(a.state.notes == b.state.notes, sourceLocation: sourceLocation)
        #expect(a.state.disallowed == b.state.disallowed, sourceLocation: sourceLocation)
        #expect(a.state.seenIDs == b.state.seenIDs, sourceLocation: sourceLocation)
        #expect(a.state.touches.count == b.state.touches.count, sourceLocation: sourceLocation)
        #expect(a.state.nextNumber == b.state.nextNumber, sourceLocation: sourceLocation)
        #expect(a.problems == b.problems, sourceLocation: sourceLocation)
    }

    /// Mapped, or read into memory where the file system keeps no leases: the same board.
    @Test(arguments: [true, false]) func anOpenFromTheSnapshotShowsWhatAReplayShows(mapped: Bool) throws {
        let b = try busyBoard()
        let policy = cache(mapped: mapped)
        let first = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(first.openedWith.fromSnapshot == 0)
        let second = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(second.openedWith.fromSnapshot == first.state.eventCount && second.openedWith.fromJournals == 0)
        #expect(mapped || !second.snapshotMapped)
        expectSame(second, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
        #expect(second.state.disallowed.count == 2 && second.problems.count == 1)
        #expect(second.state.disallowed.last?.keptIn == "prospecting")

        // New events by both authors (and a new author): read on top of the snapshot.
        try second.perform(now: day(2)) { try $0.logActivity(1, kind: "email", text: "after", date: nil) }
        try BoardStore(folder: b.folder, user: "carol", snapshots: .off).perform(now: day(2.1)) { try $0.edit(1, assignments: [("amount", "9000")]) }
        let third = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(third.openedWith.fromJournals == 2)
        expectSame(third, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
        // And it goes on folding the same way: undo works from the restored stacks.
        try third.perform(now: day(3)) { try $0.logActivity(7, kind: "call", text: "oops", date: nil) }
        try third.perform(now: day(3.1)) { try $0.undo() }
        #expect(third.state.deal(number: 7)?.activities.map(\.text) == [])
        // The undo guard sees the work done before the snapshot: carol edited #1 after alice's email.
        #expect(throws: CommandError.self) { try third.perform(now: day(3.2)) { try $0.undo() } }
        expectSame(try BoardStore(folder: b.folder, user: "bob", snapshots: policy), try BoardStore(folder: b.folder, user: "bob", snapshots: .off))
    }

    @Test func aJournalRewrittenInPlaceIsNotHiddenByTheSnapshot() throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        // Same length, same last bytes: only a title in the middle changes.
        let path = b.files.authorJournal("alice")
        var bytes = Array(FileManager.default.contents(atPath: path)!)
        let at = bytes.count / 3
        let title = Array(#""title":"Deal "#.utf8)
        let i = (at..<bytes.count).first { bytes[$0..<min(bytes.count, $0 + title.count)].elementsEqual(title) }! + title.count
        bytes[i] = UInt8(ascii: "X")
        let fd = open(path, O_WRONLY)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        let reopened = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(reopened.openedWith.fromSnapshot == 0)
        #expect(reopened.state.deals.contains { $0.title.hasPrefix("Deal X") })
        expectSame(reopened, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
    }

    @Test(arguments: [true, false]) func aDamagedSnapshotIsIgnored(mapped: Bool) throws {
        let b = try busyBoard()
        let policy = cache(mapped: mapped)
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        let good = Array(FileManager.default.contents(atPath: path)!)
        let truth = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        var rng = SystemRandomNumberGenerator()
        for round in 0..<40 {
            var bad = good
            switch round % 4 {
            case 0: bad[Int.random(in: 0..<bad.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            case 1: bad.removeLast(Int.random(in: 1..<bad.count, using: &rng))
            case 2: bad += [0, 1, 2]
            default: bad = Array(bad.prefix(bad.count / 2)) + Array(repeating: 0, count: bad.count / 2)
            }
            try Data(bad).write(to: URL(fileURLWithPath: path))
            let opened = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
            expectSame(opened, truth)
        }
    }

    /// The file is hashed as it is decoded, and checked only at its end: a change that still
    /// decodes (one letter of a text) must be caught there, not shown. Each block of deals has a
    /// hash of its own and the rest one around them (`SnapshotSum`): a change in either block,
    /// and one outside them, are each caught.
    @Test(arguments: [("Deal 7", "M"), ("Deal 2", "M"), ("week 1", "w")])
    func aSnapshotThatDecodesButWasChangedIsIgnored(_ text: String, _ first: Character) throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        var bytes = Array(FileManager.default.contents(atPath: path)!)
        let found = Array(text.utf8)
        let at = try #require((0...(bytes.count - found.count)).first { Array(bytes[$0..<$0 + found.count]) == found })
        // "Meal 7", "Meal 2", "weak 1": same length, still valid UTF-8.
        bytes[at + (first == "w" ? 2 : 0)] = first == "w" ? UInt8(ascii: "a") : UInt8(ascii: "M")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let opened = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(opened.openedWith.fromSnapshot == 0)
        #expect(opened.state.deal(number: 8)?.title == "Deal 7" && opened.state.deal(number: 3)?.title == "Deal 2")
        #expect(opened.state.reviews.last?.note == "week 1")
        expectSame(opened, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
    }

    /// Read through a window of 64 bytes filled a few bytes at a time (texts longer than the
    /// window, numbers and dates split across refills), a state comes back exactly as from memory;
    /// a stream that ends early is an error, never a trap.
    @Test func aStateReadThroughASmallWindowComesBackExactly() throws {
        let b = try TempBoard(layout: .perAuthor)
        let store = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        var state = BoardState()
        state.rules = store.pipeline
        let now = Timestamp.parse("2026-11-23T09:00:00Z")!
        for e in DemoBoard(deals: 60, days: 120, seed: 5, user: "alice", progress: 0.3).events(pipeline: store.pipeline, now: now) { state.apply(e) }
        _ = state.apply(Event(id: "longtext0000001", timestamp: now, user: "alice", type: EventType.activityLogged, deal: state.deals[0].uid,
                              data: .object([("kind", .string("note")), ("text", .string(String(repeating: "a long note ", count: 40)))])))
        var w = SnapshotWriter()
        state.encode(into: &w)
        let bytes = w.bytes
        func stream(_ length: Int, chunk: Int) -> SnapshotReader {
            var offset = 0
            return SnapshotReader(length: length, window: 64) { into in
                let n = min(chunk, into.count, bytes.count - offset)
                bytes.withUnsafeBytes { src in into.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + n])) }
                offset += n
                return n
            }
        }
        for chunk in [1, 7, 64, 1000] {
            var r = stream(bytes.count, chunk: chunk)
            let back = try BoardState(snapshot: &r, rules: store.pipeline)
            #expect(r.atEnd)
            #expect(back.deals == state.deals && back.undoStacks == state.undoStacks && back.seenIDs == state.seenIDs)
            #expect(back.deals[0].activities.last?.text.count == 480)
        }
        var short = stream(bytes.count - 100, chunk: 7)
        #expect(throws: SnapshotError.self) { _ = try BoardState(snapshot: &short, rules: store.pipeline) }
    }

    @Test func aSnapshotOfOtherRulesOrAnotherBoardIsNotUsed() throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(try BoardStore(folder: b.folder, user: "alice", snapshots: policy).openedWith.fromSnapshot > 0)
        // pipeline.toml changed: the rules judge the journal, so the snapshot is stale.
        let text = try String(contentsOfFile: b.files.pipeline, encoding: .utf8)
        try (text + "\n# a comment\n").write(toFile: b.files.pipeline, atomically: false, encoding: .utf8)
        #expect(try BoardStore(folder: b.folder, user: "alice", snapshots: policy).openedWith.fromSnapshot == 0)
        // A copy of the board elsewhere has its own snapshot, not this one.
        let other = try busyBoard()
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        let otherPath = try #require(BoardSnapshot.path(for: other.files, policy: policy))
        #expect(path != otherPath)
        try FileManager.default.copyItem(atPath: path, toPath: otherPath)
        let opened = try BoardStore(folder: other.folder, user: "alice", snapshots: policy)
        #expect(opened.openedWith.fromSnapshot == 0)
    }

    @Test func aSnapshotReadInPlaceKeepsItsBytesWhenTheFileIsCutShort() throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let store = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(store.openedWith.fromSnapshot > 0)
        // A file system without leases is read, not mapped: nothing there can be cut from under it.
        guard store.snapshotMapped else { return }
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        let copies = SnapshotMapping.copies
        // Another program cuts the file short while it is mapped. It waits for the lease, which
        // this process lets go once its mapping is a copy of the bytes.
        let cut = Process()
        // (The shell's `>` opens it O_TRUNC and blocks; truncate(1) opens it O_NONBLOCK and would fail.)
        cut.executableURL = URL(fileURLWithPath: "/bin/sh")
        cut.arguments = ["-c", ": > \"$1\"", "sh", path]
        try cut.run()
        cut.waitUntilExit()
        #expect(cut.terminationStatus == 0)
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_size == 0)
        #expect(SnapshotMapping.copies >= copies + 1)
        // Every packed part is still read, from the copy, as a replay shows it.
        let replay = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        expectSame(store, replay)
        #expect(store.state.deals.map(\.activities) == replay.state.deals.map(\.activities))
        #expect(store.state.deals.map(\.history) == replay.state.deals.map(\.history))
        // The next open finds a damaged snapshot, replays, and writes a sound one.
        let next = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(next.openedWith.fromSnapshot == 0)
        expectSame(next, replay)
    }

    @Test func aSnapshotThatIsASymlinkOrOpenToOthersIsNotUsed() throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        chmod(path, 0o644)
        #expect(try BoardStore(folder: b.folder, user: "alice", snapshots: policy).openedWith.fromSnapshot == 0)
        // The open above wrote a fresh, private one; now make it a symlink to a copy.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".real")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".real")
        #expect(try BoardStore(folder: b.folder, user: "alice", snapshots: policy).openedWith.fromSnapshot == 0)
        // A cache folder others can write is not used at all.
        let open = SnapshotPolicy(folder: NSTemporaryDirectory() + "dealboard-open-cache-\(UUID().uuidString)", minEvents: 1)
        mkdir(open.folder!, 0o777)
        chmod(open.folder!, 0o777)
        #expect(BoardSnapshot.path(for: b.files, policy: open) == nil)
    }

    @Test func aJournalThatStopsBeingItsAuthorsOnlyIsJudgedAgain() throws {
        let b = try busyBoard()
        let policy = cache()
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        // Replaced by another file (a repair, a hand edit): replay.
        let path = b.files.authorJournal("bob")
        let bytes = FileManager.default.contents(atPath: path)!
        try FileManager.default.removeItem(atPath: path)
        try Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"Dana\"", with: "\"Dina\"").utf8).write(to: URL(fileURLWithPath: path))
        let reopened = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(reopened.openedWith.fromSnapshot == 0)
        expectSame(reopened, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
        // Cut short: replay, and the lost events are gone from the board.
        let short = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(short.openedWith.fromSnapshot > 0)
        #expect(truncate(path, off_t(bytes.count / 2)) == 0)
        let cut = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(cut.openedWith.fromSnapshot == 0)
        expectSame(cut, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
    }

    @Test func aLongHistoryComesBackExactly() throws {
        // The demo's year of history on 400 deals: every kind of event, many texts repeated.
        let b = try TempBoard(layout: .perAuthor)
        let store = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        let now = Timestamp.parse("2026-11-23T09:00:00Z")!
        var state = BoardState()
        state.rules = store.pipeline
        for e in DemoBoard(deals: 400, days: 365, seed: 3, user: "alice", progress: 0.3).events(pipeline: store.pipeline, now: now) { state.apply(e) }
        var w = SnapshotWriter()
        state.encode(into: &w)
        let back = try w.bytes.withUnsafeBytes { bytes in
            var r = SnapshotReader(bytes)
            let s = try BoardState(snapshot: &r, rules: store.pipeline)
            #expect(r.atEnd)
            return s
        }
        #expect(back.deals == state.deals && back.deals.count == 400)
        // Read in place, as from a mapped file: the deals' packed parts and the ids seen point
        // into the bytes, which are let go only when the last of them is.
        let released = Flag()
        do {
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: w.bytes.count, alignment: 16)
            w.bytes.withUnsafeBytes { raw.copyMemory(from: $0) }
            let address = UInt(bitPattern: raw.baseAddress)
            var inPlace = try {
                let memory = SnapshotMemory(bytes: UnsafeRawBufferPointer(raw)) {
                    released.raise()
                    UnsafeMutableRawPointer(bitPattern: address)?.deallocate()
                }
                var r = SnapshotReader(memory.bytes, in: memory)
                let s = try BoardState(snapshot: &r, rules: store.pipeline)
                #expect(r.atEnd)
                return s
            }()
            #expect(!released.raised, "the bytes were let go while the state still reads them")
            #expect(inPlace.deals == state.deals && inPlace.seenIDs == state.seenIDs && inPlace.undoStacks == state.undoStacks)
            #expect(inPlace.deals.map(\.activities) == state.deals.map(\.activities))
            for d in state.deals.prefix(50) {
                #expect(inPlace.position(uid: d.uid) == state.position(uid: d.uid))
            }
            // An event seen before is still seen; a new one folds, and is then seen too.
            let seen = Event(id: state.deals[9].uid, timestamp: now, user: "alice", type: EventType.reviewDone, data: .object([]))
            let seenFolded = inPlace.apply(seen)
            #expect(!seenFolded)
            let fresh = Event(id: "zzzinplace00001", timestamp: now, user: "alice", type: EventType.activityLogged, deal: state.deals[9].uid,
                              data: .object([("kind", .string("call")), ("text", .string("in place"))]))
            let (once, twice) = (inPlace.apply(fresh), inPlace.apply(fresh))
            #expect(once && !twice)
            #expect(inPlace.deals[9].activities.last?.text == "in place")
        }
        #expect(released.raised, "the bytes were kept after the state was gone")
        // The indexes built on another core while the rest was read.
        #expect(back.maxNumber == state.maxNumber)
        for d in state.deals {
            #expect(back.position(uid: d.uid) == state.position(uid: d.uid) && back.position(number: d.number) == state.position(number: d.number))
        }
        #expect(back.position(uid: "no such uid") == nil && back.position(number: state.maxNumber + 1) == nil)
        #expect(back.undoStacks == state.undoStacks && back.seenIDs == state.seenIDs && back.disallowed == state.disallowed)
        #expect(back.eventCount == state.eventCount && back.lastTimestamp == state.lastTimestamp)
        // Activities come back packed, with what the badges read of them kept beside.
        #expect(back.deals.filter { $0.activityLog.isPacked }.count == state.deals.filter { !$0.activities.isEmpty }.count)
        #expect(back.deals.map(\.lastActivityAt) == state.deals.map(\.lastActivityAt))
        #expect(back.deals.map(\.activityLog.count) == state.deals.map(\.activities.count))
        // A state read that way writes a snapshot that reads back the same, and folds on alike.
        var again = SnapshotWriter()
        back.encode(into: &again)
        var twice = try again.bytes.withUnsafeBytes { bytes in
            var r = SnapshotReader(bytes)
            return try BoardState(snapshot: &r, rules: store.pipeline)
        }
        #expect(twice.deals == state.deals)
        let more = Event(id: "zzzmore00000001", timestamp: now, user: "alice", type: EventType.activityLogged, deal: state.deals[7].uid,
                         data: .object([("kind", .string("call")), ("text", .string("one more"))]))
        state.apply(more)
        twice.apply(more)
        #expect(twice.deals[7] == state.deals[7] && twice.deals[7].activities.last?.text == "one more")
        #expect(twice.deals[7].lastActivityAt == now && !twice.deals[7].activityLog.isPacked)
        // A deal number or uid twice (one in each half, or both in one) is damage: refused.
        for (a, b, what) in [(3, 390, "number"), (3, 4, "number"), (3, 390, "uid"), (5, 6, "uid")] {
            var damaged = state
            if what == "number" { damaged.deals[b].number = damaged.deals[a].number } else { damaged.deals[b].uid = damaged.deals[a].uid }
            var w = SnapshotWriter()
            damaged.encode(into: &w)
            #expect(throws: SnapshotError.self) {
                try w.bytes.withUnsafeBytes { bytes in
                    var r = SnapshotReader(bytes)
                    _ = try BoardState(snapshot: &r, rules: store.pipeline)
                }
            }
        }
    }

    @Test func aJournalKnownUnchangedIsNotReadAgainAndAnyChangeIs() throws {
        let b = try busyBoard()
        let policy = cache()
        let off = { try BoardStore(folder: b.folder, user: "alice", snapshots: .off) }
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy) // replays, writes the snapshot
        // The files are this user's alone and unchanged since the snapshot's stamps: not read.
        let second = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(second.openedWith.fromSnapshot > 0 && second.journalsHashed == 0)
        // Her own append, under the lock, extends what is known: still not read, the event folded.
        try second.perform(now: day(2)) { try $0.logActivity(4, kind: "call", text: "again", date: nil) }
        let third = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(third.openedWith.fromSnapshot > 0 && third.openedWith.fromJournals == 1 && third.journalsHashed == 0)
        expectSame(third, try off())
        // Bob's append (no snapshot of his): his journal is read and hashed again, hers is not.
        let bob = try BoardStore(folder: b.folder, user: "bob", snapshots: .off)
        try bob.perform(now: day(2.1)) { try $0.logActivity(4, kind: "note", text: "bob's", date: nil) }
        let fourth = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(fourth.openedWith.fromSnapshot > 0 && fourth.journalsHashed == 1)
        expectSame(fourth, try off())
        // A rewrite in place that keeps the length and the inode: the stamp no longer matches, the
        // hash finds the change, and the board is replayed.
        let path = b.files.authorJournal("bob")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        let changed = Array(text.replacingOccurrences(of: "\"Dana\"", with: "\"Dina\"").utf8)
        #expect(changed.count == text.utf8.count && changed != Array(text.utf8))
        #expect(changed.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } == changed.count)
        close(fd)
        let fifth = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(fifth.openedWith.fromSnapshot == 0)
        expectSame(fifth, try off())
        #expect(fifth.state.deal(number: 3)?.value("decision_maker") == "Dina")
    }

    /// A colleague's journal is vouched for by its stamp only when the stamp was taken two
    /// seconds or more after the file's last change: a change in the same tick of a coarse
    /// file-system clock would keep the ctime. A file only its reader can write needs no wait.
    @Test func aColleaguesJournalIsTrustedOnlyOnASettledStamp() throws {
        guard geteuid() == 0 else { return } // giving the file away takes root (CI runs as root)
        let folder = NSTemporaryDirectory() + "dealboard-stamp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bob.jsonl"
        try Data("{\"line\":1}\n".utf8).write(to: URL(fileURLWithPath: path))
        let key: (UInt64, UInt64) = (7, 9)
        func check(owner: uid_t, settled: Bool, appended: Bool) throws -> (ok: Bool, hashed: Int) {
            #expect(chown(path, owner, 0) == 0)
            var st = stat()
            #expect(stat(path, &st) == 0)
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let hash = try BoardSnapshot.prefixHash(fd, length: Int64(st.st_size), key: key, path: path)
            let saved = JournalReader.Saved(offset: Int64(st.st_size), lineNumber: 1, inode: UInt64(st.st_ino), seal: [], endedWithoutNewline: false)
            var trusted: [String: FileStamp] = [:]
            var hashed = 0
            let ok = BoardSnapshot.unchanged(path, saved, hash: hash, key: key, stamp: appended ? nil : (FileStamp(st), settled: settled),
                                             appended: appended ? FileStamp(st) : nil, requirement: nil, trusted: &trusted, hashed: &hashed)
            #expect(trusted[path] == FileStamp(st))
            return (ok, hashed)
        }
        // Someone else's file: a fresh stamp is checked by reading the file, a settled one is not,
        // and a stamp of "our own append" is never taken for theirs.
        #expect(try check(owner: 65534, settled: false, appended: false) == (true, 1))
        #expect(try check(owner: 65534, settled: true, appended: false) == (true, 0))
        #expect(try check(owner: 65534, settled: false, appended: true) == (true, 1))
        // Our own file: nobody else can have changed it.
        #expect(try check(owner: 0, settled: false, appended: false) == (true, 0))
        #expect(try check(owner: 0, settled: false, appended: true) == (true, 0))
        #expect(FileStamp(inode: 1, size: 1, ctime: 100, ctimeNanos: 0).settled(at: 101) == false)
        #expect(FileStamp(inode: 1, size: 1, ctime: 100, ctimeNanos: 0).settled(at: 102) == true)
    }

    @Test func detailsReadPackedAnswerAsTheFoldDoes() throws {
        // Fields, checks, stays (forced, back, with reasons) and tracked changes of a year of
        // history come back packed; every question asked of one packed field or check, and the
        // time each deal entered its stage, is answered as the fold answers it.
        let b = try TempBoard(layout: .perAuthor)
        let store = try BoardStore(folder: b.folder, user: "alice", snapshots: .off)
        let pipeline = store.pipeline
        let now = Timestamp.parse("2026-11-23T09:00:00Z")!
        var state = BoardState()
        state.rules = pipeline
        for e in DemoBoard(deals: 300, days: 365, seed: 5, user: "alice", progress: 0.3).events(pipeline: pipeline, now: now) { state.apply(e) }
        var w = SnapshotWriter()
        state.encode(into: &w)
        var back = try w.bytes.withUnsafeBytes { bytes in
            var r = SnapshotReader(bytes)
            return try BoardState(snapshot: &r, rules: pipeline)
        }
        #expect(back.deals.allSatisfy { $0.details.isPacked })
        let keys = pipeline.allFields.map(\.key) + ["not_a_field", ""]
        let checks = pipeline.allChecks.map(\.key) + ["not_a_check"]
        #expect(state.deals.contains { !$0.fields.isEmpty } && state.deals.contains { !$0.checks.isEmpty }
                && state.deals.contains { !$0.fieldChanges.isEmpty } && state.deals.contains { $0.history.count > 2 })
        for (a, d) in zip(back.deals, state.deals) {
            #expect(a.fields == d.fields && a.checks == d.checks && a.history == d.history && a.fieldChanges == d.fieldChanges)
            #expect(keys.allSatisfy { a.value($0) == d.value($0) })
            #expect(checks.allSatisfy { a.checkedAt($0) == d.checkedAt($0) && a.isChecked($0) == d.isChecked($0) })
            #expect(a.enteredStageAt == d.enteredStageAt)
            #expect(a.unpacked == d && !a.unpacked.details.isPacked)
            #expect(pipeline.health(of: a, now: now) == pipeline.health(of: d, now: now))
            let stays = a.staysAndChanges
            #expect(stays.history == d.history && stays.fieldChanges == d.fieldChanges && a.details.isPacked)
        }
        // The weekly review reads every deal's stays and changes from the packed bytes, on two
        // cores: the same report as from the fold, for the team and for one rep.
        let year = ReviewPeriod.upToNow(since: now.addingTimeInterval(-365 * 86_400), now: now)
        let owner = pipeline.ownerKey(state.deals[0].owner)
        for rep in [nil, owner] {
            let fromPacked = ReviewReport.compute(state: back, pipeline: pipeline, period: year, now: now, owner: rep)
            let fromFold = ReviewReport.compute(state: state, pipeline: pipeline, period: year, now: now, owner: rep)
            #expect(fromPacked == fromFold)
            #expect(!fromFold.stuck.isEmpty && !fromFold.changes.movedForward.isEmpty && !fromFold.changes.closeDateSlipped.isEmpty)
            #expect(fromFold.owners.allSatisfy { o in o.stuck == fromFold.stuck.filter { pipeline.ownerKey($0.owner) == o.owner }.count })
        }
        // A change to a packed deal unpacks it and folds as on the original: an edit of a tracked
        // field, a tick, a move back, and the undo of that move.
        let deal = state.deals.firstIndex { pipeline.stage($0.stage)?.isOpen == true && $0.stage != pipeline.firstStage.key && !$0.deleted }!
        let uid = state.deals[deal].uid
        let from = state.deals[deal].stage
        let earlier = pipeline.stages[pipeline.stages.firstIndex { $0.key == from }! - 1].key
        let events = [
            Event(id: "zzzedit00000001", timestamp: now, user: "alice", type: EventType.dealEdited, deal: uid,
                  data: .object([("set", .object([("amount", .string("1234.5"))]))])),
            Event(id: "zzzcheck0000001", timestamp: now, user: "alice", type: EventType.checkSet, deal: uid,
                  data: .object([("check", .string(checks[0])), ("checked", .bool(true))])),
            Event(id: "zzzmove00000001", timestamp: now, user: "alice", type: EventType.dealMoved, deal: uid,
                  data: .object([("from", .string(from)), ("to", .string(earlier)), ("move", .string("back")), ("reason", .string("test"))])),
            Event(id: "zzzundo00000001", timestamp: now, user: "alice", type: EventType.undo, deal: uid,
                  data: .object([("target", .string("zzzmove00000001")), ("target_type", .string(EventType.dealMoved))])),
        ]
        for e in events {
            state.apply(e)
            back.apply(e)
            #expect(back.deals[deal] == state.deals[deal], "after \(e.type)")
            if e.id == "zzzmove00000001" { #expect(back.deals[deal].stage == earlier && back.deals[deal].history.last?.reason == "test") }
        }
        #expect(back.deals[deal].value("amount") == "1234.5" && back.deals[deal].isChecked(checks[0]) && back.deals[deal].stage == from)
        #expect(!back.deals[deal].details.isPacked && back.deals[deal].fieldChanges.last?.to == state.deals[deal].fieldChanges.last?.to)
        #expect(back.deals == state.deals && back.disallowed == state.disallowed)
    }

    /// A sync's merge appends another machine's events in between this one's (lower seqs), which
    /// only a sorted replay can fold; the sync then writes the snapshot, so the next open reads it
    /// instead of replaying — and shows what a replay shows. A team server's `user@machine`
    /// journals count as their author's.
    @Test func aSnapshotWrittenAfterAMergeServesTheNextOpen() throws {
        let b = try busyBoard()
        let policy = cache()
        let store = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let deal = store.state.deal(number: 1)!.uid
        // What git brought: carol's events from another machine, seqs below alice's latest.
        _ = FileManager.default.createFile(atPath: b.files.authorJournal("carol@office2"), contents: nil)
        try append(b.files.authorJournal("carol@office2"),
                   #"{"id":"merged0000000001","ts":"2026-11-02T10:00:00.000Z","seq":3,"user":"carol","type":"activity.logged","deal":"\#(deal)","no":1,"data":{"kind":"call","text":"from office two"}}"# + "\n"
                   + #"{"id":"merged0000000002","ts":"2026-11-02T10:05:00.000Z","seq":4,"user":"carol","type":"activity.logged","deal":"\#(deal)","no":1,"data":{"kind":"note","text":"second"}}"# + "\n")
        let fresh = try store.refresh()
        #expect(fresh.isEmpty)      // read again, sorted: not handed out one by one
        #expect(store.state.deal(number: 1)?.activities.map(\.text).contains("from office two") == true)
        store.saveSnapshot()
        let next = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        #expect(next.openedWith.fromSnapshot == store.state.eventCount && next.openedWith.fromJournals == 0)
        expectSame(next, try BoardStore(folder: b.folder, user: "alice", snapshots: .off))
        #expect(next.state.deal(number: 1)?.activities.filter { $0.by == "carol" }.count == 2)
    }

    @Test func smallBoardsWriteNoSnapshot() throws {
        let b = try busyBoard()
        let policy = SnapshotPolicy(folder: NSTemporaryDirectory() + "dealboard-snapshots-\(UUID().uuidString)", minEvents: 1000)
        _ = try BoardStore(folder: b.folder, user: "alice", snapshots: policy)
        let path = try #require(BoardSnapshot.path(for: b.files, policy: policy))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// Set once, read after (the release of a snapshot's bytes runs on whichever thread lets go last).
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func raise() { lock.withLock { value = true } }
    var raised: Bool { lock.withLock { value } }
}
