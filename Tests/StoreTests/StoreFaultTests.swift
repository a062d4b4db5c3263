import Foundation
import Testing
import Pipeline
@testable import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Issue 8, point 8: the store's faults, each reproduced against both journal layouts where it
// applies. `.single` is a board of the old kind (one journal.jsonl for everybody); `.perAuthor`
// keeps journal/<user>.jsonl (authors simulated by file name: `TempBoard.store(user:)`).
//
// The suite is serialized: the disk-full and file-size-limit tests change process-wide state
// (a mount, RLIMIT_FSIZE) for the length of one write.

// MARK: - Helpers

private final class OutcomeBox<T>: @unchecked Sendable { var value: Result<T, any Error>? }

/// Runs `body` on a thread of its own and waits at most `seconds`: an operation that blocks (a
/// FIFO opened or read without O_NONBLOCK) fails the test instead of hanging CI. On a timeout
/// each FIFO in `unjam` is opened read-write and closed again, which lets a blocked open return.
private func promptly<T>(_ what: String, seconds: Double = 30, unjam: [String] = [], _ body: @escaping () throws -> T) -> Result<T, any Error>? {
    let box = OutcomeBox<T>()
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) let work = body
    Thread {
        box.value = Result { try work() }
        done.signal()
    }.start()
    if done.wait(timeout: .now() + seconds) == .timedOut {
        Issue.record("\(what) did not return within \(Int(seconds)) s: it blocks")
        for path in unjam {
            let fd = open(path, O_RDWR | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        _ = done.wait(timeout: .now() + 10)
        return nil
    }
    return box.value
}

/// The bytes of a regular file ([] when it does not exist). Never called on a FIFO.
private func bytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
}

/// Writes `bytes` into `path` in place (created 0600 if missing), like a hand edit.
private func write(_ bytes: [UInt8], to path: String, flags: Int32 = O_TRUNC) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | flags, 0o600)
    guard fd >= 0 else { throw SystemError("open", path) }
    defer { close(fd) }
    try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
}

private func append(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path, flags: O_APPEND)
}

private func inode(_ path: String) -> UInt64 {
    var st = stat()
    return lstat(path, &st) == 0 ? UInt64(st.st_ino) : 0
}

private func run(_ tool: String, _ arguments: [String]) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return -1 }
    p.waitUntilExit()
    return p.terminationStatus
}

/// A fresh folder under the temp directory.
private func tempFolder() throws -> String {
    var t = Array((NSTemporaryDirectory() + "/dealboard-fault-XXXXXX").utf8CString)
    guard mkdtemp(&t) != nil else { throw SystemError("mkdtemp", "tmp") }
    return t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

private extension TempBoard {
    /// The journal `user` appends to on this board.
    func journal(of user: String) -> String {
        files.layout == .perAuthor ? files.authorJournal(user) : files.journal
    }

    func label(_ path: String) -> String { files.label(path) }
}

@discardableResult
private func add(_ s: BoardStore, _ title: String, at t: Double = 0) throws -> Event {
    try s.perform(now: day(t)) { try $0.create(title: title, company: "", amount: "", owner: nil, stage: nil) }
}

private func created(_ id: String, _ n: Int, _ title: String, at t: Double, by user: String = "alice", seq: Int? = nil) -> Event {
    Event(id: id, timestamp: day(t), user: user, type: EventType.dealCreated, number: n,
          data: .obj([("title", .string(title)), ("stage", "prospecting")]), seq: seq)
}

private func edited(_ id: String, _ deal: String, company: String, at t: Double, by user: String = "alice", seq: Int? = nil) -> Event {
    Event(id: id, timestamp: day(t), user: user, type: EventType.dealEdited, deal: deal,
          data: .obj([("set", .obj([("company", .string(company))]))]), seq: seq)
}

private func logged(_ id: String, _ deal: String, _ text: String, at t: Double, by user: String = "alice", seq: Int? = nil) -> Event {
    Event(id: id, timestamp: day(t), user: user, type: EventType.activityLogged, deal: deal,
          data: .obj([("kind", "note"), ("text", .string(text))]), seq: seq)
}

private func lines(_ events: [Event]) -> String { events.map { EventCodec.encode($0) + "\n" }.joined() }

/// The state the board must show: the fold of the events in board order.
private func orderedReplay(_ events: [Event]) -> BoardState {
    var state = BoardState()
    for e in events.sorted(by: JournalSet.precedes) { state.apply(e) }
    return state
}

/// RLIMIT_FSIZE set to `limit` (soft) while `body` runs, then restored.
@discardableResult
private func withFileSizeLimit<T>(_ limit: Int, _ body: () throws -> T) rethrows -> T {
    #if canImport(Glibc)
    let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
    let resource = RLIMIT_FSIZE
    #endif
    var saved = rlimit()
    getrlimit(resource, &saved)
    var low = saved
    low.rlim_cur = rlim_t(limit)
    setrlimit(resource, &low)
    defer { setrlimit(resource, &saved) }
    return try body()
}

private let layouts: [JournalLayout] = [.single, .perAuthor]

private let plantCases: [(JournalLayout, StoreFaultTests.BoardFile)] = [
    (.single, .journal), (.single, .lock), (.single, .pipeline),
    (.perAuthor, .ownJournal), (.perAuthor, .othersJournal), (.perAuthor, .lock), (.perAuthor, .pipeline),
]

// MARK: - 1. Disk full, file-size limit

@Suite(.serialized) struct StoreFaultTests {
    /// A full disk: the append fails, the journal is byte-identical, the message says why and
    /// that nothing was written, and the next write succeeds once there is room. As root on a
    /// small tmpfs (unmounted when the test ends, whatever happens); otherwise (not root, or no
    /// mount) the same failure injected with RLIMIT_FSIZE.
    @Test(arguments: layouts) func aFullDiskLeavesTheJournalByteIdentical(layout: JournalLayout) throws {
        let base = try tempFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let disk = base + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        // DEALBOARD_TEST_NO_MOUNT=1 runs the fallback (RLIMIT_FSIZE) even as root.
        let mounted = geteuid() == 0 && ProcessInfo.processInfo.environment["DEALBOARD_TEST_NO_MOUNT"] == nil && run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]) == 0
        defer {
            if mounted, run("/usr/bin/umount", [disk]) != 0 { _ = run("/usr/bin/umount", ["-l", disk]) }
        }
        let folder = disk + "/board"
        try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: "maria", layout: layout)
        let files = BoardFiles(folder: folder)
        let journal = layout == .perAuthor ? files.authorJournal("alice") : files.journal
        let s = try BoardStore(folder: folder, user: "alice")
        try add(s, "Before the disk filled up")
        let before = bytes(journal)
        #expect(!before.isEmpty)

        // A line bigger than what is left of the journal's last page: it needs new pages, so on a
        // full tmpfs the write is short (the rest of the page) and then fails with ENOSPC.
        let big = String(repeating: "x", count: 12_000)
        let filler = disk + "/filler"
        var failure: (any Error)?
        if mounted {
            let fd = open(filler, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            #expect(fd >= 0)
            let block = [UInt8](repeating: 0x41, count: 4096)
            var full = false
            for _ in 0..<1000 {
                if block.withUnsafeBytes({ Foundation.write(fd, $0.baseAddress!, $0.count) }) < 0 { full = errno == ENOSPC; break }
            }
            close(fd)
            #expect(full, "the tmpfs never filled up")
            do { try add(s, big) } catch { failure = error }
        } else {
            do { try withFileSizeLimit(before.count) { try add(s, big) } } catch { failure = error }
        }
        print("disk full (\(layout)): \(mounted ? "a 64 KiB tmpfs filled up" : "injected with RLIMIT_FSIZE (not root, or no mount)")")

        let message = failure.map { "\($0)" } ?? ""
        #expect(failure != nil, "the append on a full disk did not fail")
        #expect(message.contains(mounted ? "No space left on device" : "File too large"), "\(message)")
        #expect(message.contains(files.label(journal)), "\(message)")
        #expect(message.contains("nothing was written"), "\(message)")
        #expect(bytes(journal) == before, "the failed append left bytes behind")
        #expect(s.state.liveDeals.map(\.title) == ["Before the disk filled up"])
        #expect(try BoardStore(folder: folder, user: "bob").problems.isEmpty)

        if mounted && layout == .perAuthor {
            // A new author whose very first write fails: no journal with bytes in it is left.
            let bob = try BoardStore(folder: folder, user: "bob")
            #expect(throws: (any Error).self) { try add(bob, big) }
            #expect(bytes(files.authorJournal("bob")).isEmpty)
        }

        // Room again: the next write succeeds and lands right after the old bytes.
        if mounted { unlink(filler) }
        let e = try add(s, big)
        let after = bytes(journal)
        #expect(Array(after.prefix(before.count)) == before)
        #expect(after.count == before.count + EventCodec.encode(e).utf8.count + 1)
        let reopened = try BoardStore(folder: folder, user: "carol")
        #expect(reopened.state.liveDeals.count == 2)
        #expect(reopened.problems.isEmpty && reopened.incompleteTails.isEmpty)
        #expect(BoardCheck.run(folder: folder, trustNames: true).filter { $0.severity == .error }.isEmpty)
    }

    /// A file-size limit (ulimit -f): the first bytes of the line are written, then the write
    /// fails with EFBIG (SIGXFSZ is ignored, so the process lives). The journal is cut back.
    @Test(arguments: layouts) func aFileSizeLimitMidLineIsCutBack(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        let s = try b.store(user: "alice")
        try add(s, "A")
        let journal = b.journal(of: "alice")
        let before = bytes(journal)
        var failure: (any Error)?
        do {
            try withFileSizeLimit(before.count + 10) { try add(s, "B, whose line does not fit under the limit") }
        } catch { failure = error }
        let message = failure.map { "\($0)" } ?? ""
        #expect(message.contains("File too large") && message.contains("nothing was written"), "\(message)")
        #expect(bytes(journal) == before, "the 10 bytes the short write got out were not cut back")
        #expect(s.state.liveDeals.count == 1)
        try add(s, "C")
        let reopened = try b.store(user: "bob")
        #expect(reopened.state.liveDeals.map(\.title) == ["A", "C"])
        #expect(reopened.problems.isEmpty && reopened.incompleteTails.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: layout == .perAuthor ? b.files.authorRejected("alice") : b.files.rejected))
    }

    // MARK: - 2. A journal replaced, truncated or deleted under an open store

    /// Someone's `check --repair` replaces the journal by rename: an open board says so, shows
    /// every deal, and keeps seeing the other writers' changes afterwards.
    @Test(arguments: layouts) func anOpenStoreFollowsARepairByRename(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        let bob = try b.store(user: "bob")
        try add(alice, "A")
        try add(alice, "B")
        let journal = b.journal(of: "alice")
        try append("not json at all\n", to: journal)
        try add(alice, "C")
        try bob.refresh()
        _ = bob.takeNotices()
        #expect(bob.state.liveDeals.count == 3 && bob.problems.count == 1)

        let old = inode(journal)
        let repaired = try BoardCheck.repair(folder: b.folder, user: "alice")
        #expect(repaired.movedLines == [3])
        #expect(inode(journal) != old, "repair did not replace the journal by rename")

        try bob.refresh()
        let notices = bob.takeNotices()
        #expect(notices.contains { $0.contains(b.label(journal)) }, "\(notices)")
        #expect(bob.state.liveDeals.map(\.title) == ["A", "B", "C"])
        #expect(bob.problems.isEmpty)

        // Other writers' changes keep coming in, and bob's own reach them.
        try add(alice, "D")
        try bob.refresh()
        #expect(bob.state.liveDeals.map(\.title) == ["A", "B", "C", "D"])
        #expect(bob.takeNotices().isEmpty)
        try bob.perform(now: day(1)) { try $0.logActivity(4, kind: "call", text: "after the repair", date: nil) }
        try alice.refresh()
        #expect(alice.state.deal(number: 4)?.activities.map(\.text) == ["after the repair"])
        let carol = try b.store(user: "carol")
        #expect(carol.state.liveDeals.count == 4 && carol.problems.isEmpty)
    }

    enum Mishap: String, CaseIterable, Sendable { case truncated, truncatedAndRegrown, deleted, replaced }

    /// A journal truncated, deleted or replaced under an open store: refresh rebuilds, a notice
    /// names the file and says how many deals went, and the board equals a fresh open.
    @Test(arguments: layouts, Mishap.allCases) func anOpenStoreNoticesWhatHappenedToItsJournal(layout: JournalLayout, mishap: Mishap) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        let bob = try b.store(user: "bob")
        try add(alice, "A")
        let journal = b.journal(of: "alice")
        let firstLine = bytes(journal)
        try add(alice, "B")
        try add(alice, "C")
        try bob.refresh()
        #expect(bob.state.liveDeals.count == 3)

        switch mishap {
        case .truncated:
            #expect(truncate(journal, off_t(firstLine.count)) == 0)
        case .truncatedAndRegrown:
            // Cut back, then a writer (who notices) appends past the length bob had read.
            #expect(truncate(journal, off_t(firstLine.count)) == 0)
            try add(alice, "D " + String(repeating: "long title ", count: 60))
            #expect(bytes(journal).count > firstLine.count * 3)
        case .deleted:
            #expect(unlink(journal) == 0)
        case .replaced:
            let copy = journal + ".old"
            try write(firstLine, to: copy)
            #expect(rename(copy, journal) == 0)
        }
        _ = alice.takeNotices()

        try bob.refresh()
        let notices = bob.takeNotices()
        #expect(notices.contains { $0.contains(b.label(journal)) }, "no notice names \(b.label(journal)): \(notices)")
        let fresh = try b.store(user: "carol")
        #expect(bob.state.liveDeals == fresh.state.liveDeals)
        #expect(bob.problems.isEmpty, "\(bob.problems)")
        let fewer = 3 - fresh.state.liveDeals.count
        if fewer > 0 {
            #expect(notices.contains { $0.contains("\(fewer) deal(s) fewer") }, "deals vanished silently: \(notices)")
        }
        // And the board goes on: bob writes, alice sees it.
        try add(bob, "E")
        try alice.refresh()
        #expect(alice.state.liveDeals == (try b.store(user: "dave")).state.liveDeals)
    }

    // MARK: - 3. A UTF-8 byte order mark

    @Test(arguments: layouts) func aByteOrderMarkIsNotPartOfLineOne(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        try add(try b.store(user: "alice"), "A")
        let journal = b.journal(of: "alice")
        let withBOM = [0xEF, 0xBB, 0xBF] + bytes(journal)
        try write(withBOM, to: journal)

        let s = try b.store(user: "alice")
        #expect(s.state.deal(number: 1)?.title == "A")
        #expect(s.problems.isEmpty && s.incompleteTails.isEmpty)
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
        let repaired = try BoardCheck.repair(folder: b.folder, user: "alice")
        #expect(repaired.movedLines.isEmpty)
        #expect(bytes(journal) == withBOM)
        try add(s, "B")
        let reopened = try b.store(user: "bob")
        #expect(reopened.state.liveDeals.map(\.title) == ["A", "B"])
        #expect(reopened.problems.isEmpty)
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
    }

    /// What Notepad saves: a BOM, and no newline after the last (here the only) line. It is an
    /// event, not a torn write: the next writer ends it and appends; nothing is set aside.
    @Test(arguments: layouts) func aByteOrderMarkAndNoFinalNewline(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        let journal = b.journal(of: "alice")
        let line = EventCodec.encode(created("handwritten01", 1, "Typed in Notepad", at: 0, seq: layout == .perAuthor ? 1 : nil))
        try write([0xEF, 0xBB, 0xBF] + Array(line.utf8), to: journal)

        let s = try b.store(user: "alice")
        #expect(s.state.deal(number: 1)?.title == "Typed in Notepad")
        #expect(s.problems.isEmpty && s.incompleteTails.isEmpty)
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
        try add(s, "B", at: 1)
        #expect(s.takeNotices().isEmpty)
        #expect(s.state.liveDeals.map(\.number) == [1, 2])
        let side = layout == .perAuthor ? b.files.authorRejected("alice") : b.files.rejected
        #expect(!FileManager.default.fileExists(atPath: side), "line 1 was set aside as torn: \((try? String(contentsOfFile: side, encoding: .utf8)) ?? "")")
        let reopened = try b.store(user: "bob")
        #expect(reopened.state.liveDeals.map(\.title) == ["Typed in Notepad", "B"])
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
        #expect(try BoardCheck.repair(folder: b.folder, user: "alice").movedLines.isEmpty)
        #expect(bytes(journal).starts(with: [0xEF, 0xBB, 0xBF] + Array(line.utf8) + [0x0A]))
    }

    // MARK: - 4. A complete last line without its newline

    /// In the writer's own journal, and (per-author) in someone else's: read by every reader,
    /// its number not reused, no "created twice".
    @Test(arguments: [(JournalLayout.single, "alice"), (.perAuthor, "alice"), (.perAuthor, "bob")])
    func aCompleteLastLineWithoutNewlineIsRead(layout: JournalLayout, author: String) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        let watcher = try b.store(user: "carol") // open before the line arrives
        try add(alice, "A")
        let e = created("handwritten02", 2, "By hand, no newline", at: 0.5, by: author, seq: layout == .perAuthor ? 2 : nil)
        try append(EventCodec.encode(e), to: b.journal(of: author))

        let reader = try b.store(user: "dave")
        #expect(reader.state.deal(number: 2)?.title == "By hand, no newline")
        #expect(reader.incompleteTails.isEmpty && reader.problems.isEmpty)
        try watcher.refresh()
        #expect(watcher.state.deal(number: 2)?.title == "By hand, no newline")
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)

        let next = try add(alice, "C", at: 1)
        #expect(next.number == 3)
        try watcher.refresh()
        #expect(watcher.state.liveDeals.map(\.number) == [1, 2, 3])
        #expect(watcher.problems.isEmpty && watcher.state.notes.isEmpty)
        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(!findings.contains { $0.message.contains("created twice") }, "\(findings)")
        #expect(findings.isEmpty, "\(findings)")
        if author == "bob" {
            // Bob's own next write ends his line and goes on after it.
            let bob = try b.store(user: "bob")
            #expect(try add(bob, "D", at: 2).number == 4)
            try watcher.refresh()
            #expect(watcher.state.liveDeals.map(\.number) == [1, 2, 3, 4])
            #expect(watcher.problems.isEmpty)
        }
        let reopened = try b.store(user: "erin")
        #expect(reopened.state.liveDeals == watcher.state.liveDeals)
        #expect(reopened.state.notes.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: b.files.rejected))
        #expect(!FileManager.default.fileExists(atPath: b.files.authorRejected(author)))
    }

    // MARK: - 5. FIFOs and symlinks in place of board files

    enum BoardFile: String, CaseIterable, Sendable { case journal, lock, pipeline, ownJournal, othersJournal }

    private func path(_ file: BoardFile, _ b: TempBoard) -> String {
        switch file {
        case .journal: return b.files.journal
        case .lock: return b.files.lock
        case .pipeline: return b.files.pipeline
        case .ownJournal: return b.files.authorJournal("alice")
        case .othersJournal: return b.files.authorJournal("bob")
        }
    }

    /// Every operation on a board with `planted` in place of a file: it returns (no hang), and
    /// what it says names the file and what is wrong with it (`what`).
    private func everyOperationRefuses(_ b: TempBoard, _ file: BoardFile, _ planted: String, what: String, before: BoardStore) {
        let label = b.label(planted)
        let unjam = what == "FIFO" ? [planted] : []
        func names(_ text: String) -> Bool { text.contains(label) && text.contains(what) }
        func refuses(_ op: String, _ result: Result<Void, any Error>?) {
            guard let result else { return } // a hang, recorded already
            if case .failure(let error) = result {
                #expect(names("\(error)"), "\(op): \(error)")
            } else {
                Issue.record("\(op) did not refuse \(label) (\(what))")
            }
        }
        let folder = b.folder
        // Open: refused, except with a bad lock, where reading goes on without it and says so.
        let opened = promptly("open", unjam: unjam) { () -> [String] in
            let s = try BoardStore(folder: folder, user: "alice")
            return s.takeNotices()
        }
        // Someone's journal (a per-author file) that is not a plain file is credited to nobody:
        // the board opens without it and says so; one planted file must not shut the team out.
        let authorFile = file == .ownJournal || file == .othersJournal
        if authorFile, let opened {
            let problems = promptly("open", unjam: unjam) { try BoardStore(folder: folder, user: "alice").problems.map(\.description) }
            if case .success(let list)? = problems { #expect(list.contains { names($0) }, "open: \(list)") } else { Issue.record("open failed: \(opened)") }
        } else if file == .lock, case .success(let notices)? = opened {
            #expect(notices.contains { names($0) }, "open: \(notices)")
        } else {
            refuses("open", opened.map { $0.map { _ in () } })
        }
        // Refresh of a store opened before: the same.
        nonisolated(unsafe) let store = before
        let refreshed = promptly("refresh", unjam: unjam) { () -> [String] in
            try store.refresh()
            store.reloadPipelineIfChanged()
            return store.takeNotices() + [store.pipelineProblem].compactMap { $0 }
        }
        if (file == .lock || file == .pipeline || authorFile), case .success(let notices)? = refreshed {
            #expect(notices.contains { names($0) }, "refresh: \(notices)")
        } else {
            refuses("refresh", refreshed.map { $0.map { _ in () } })
        }
        let performed = promptly("perform", unjam: unjam) {
            try store.perform(now: day(3)) { try $0.create(title: "Z", company: "", amount: "", owner: nil, stage: nil) }
            return ()
        }
        if file == .othersJournal {
            // Alice writes her own journal: bob's planted file is not in her way.
            if case .failure(let error)? = performed { Issue.record("perform: \(error)") }
        } else {
            refuses("perform", performed)
        }
        if let findings = promptly("check", unjam: unjam, { BoardCheck.run(folder: folder, trustNames: true) }), case .success(let list) = findings {
            #expect(list.contains { $0.severity == .error && names($0.message) }, "check: \(list)")
        }
        // Repair works on the journal alone: it may succeed when the planted file is not one it
        // needs, but never follows, reads or waits on it.
        if let repaired = promptly("repair", unjam: unjam, { try BoardCheck.repair(folder: folder, user: "alice") }),
           case .failure(let error) = repaired {
            #expect(names("\(error)"), "repair: \(error)")
        }
    }

    @Test(arguments: plantCases) func aFIFOInPlaceOfABoardFileIsRefusedPromptly(layout: JournalLayout, file: BoardFile) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        try add(alice, "A")
        if file == .othersJournal { try add(try b.store(user: "bob"), "B") }
        let target = path(file, b)
        #expect(unlink(target) == 0)
        #expect(mkfifo(target, 0o600) == 0)
        everyOperationRefuses(b, file, target, what: "FIFO", before: alice)
    }

    @Test(arguments: plantCases) func aSymlinkInPlaceOfABoardFileIsRefused(layout: JournalLayout, file: BoardFile) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        try add(alice, "A")
        if file == .othersJournal { try add(try b.store(user: "bob"), "B") }
        let target = path(file, b)
        // The file moves outside the board, a symlink takes its place: whatever follows the
        // link would read (or append to, or rename over) the outside file.
        let outside = (b.folder as NSString).deletingLastPathComponent + "/outside-" + (target as NSString).lastPathComponent
        let original = bytes(target) + Array("precious\n".utf8)
        try write(original, to: outside)
        #expect(unlink(target) == 0)
        #expect(symlink(outside, target) == 0)
        everyOperationRefuses(b, file, target, what: "symbolic link", before: alice)
        #expect(bytes(outside) == original, "the file outside the board changed")
        var st = stat()
        #expect(lstat(target, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK, "the symlink was replaced")
    }

    // MARK: - 6. A repair killed mid-way leaves temp files

    @Test(arguments: layouts) func leftoversOfAKilledRepairAreListedAndOnlyOurOwnRemoved(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        let s = try b.store(user: "alice")
        try add(s, "A")
        let journal = b.journal(of: "alice")
        let kept = bytes(journal)
        let (folder, prefix) = layout == .perAuthor ? (b.files.journalFolder, ".alice.jsonl.repair.") : (b.files.folder, ".journal.repair.")
        // What mkstemp made before the kill: a copy of the kept lines.
        let ours = folder + "/" + prefix + "Ab12Cd"
        try write(kept, to: ours)
        var others: [String] = []
        if layout == .perAuthor {
            // Bob's repair was killed too: his leftover is not alice's to remove.
            others.append(folder + "/.bob.jsonl.repair.Xy34Zw")
        }
        if geteuid() == 0 {
            // Someone else's file with our prefix: the owner check keeps it.
            others.append(folder + "/" + prefix + "Nobody")
        }
        for path in others { try write(kept, to: path) }
        if geteuid() == 0 { #expect(chown(folder + "/" + prefix + "Nobody", 65534, 65534) == 0) }

        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        for path in [ours] + others {
            #expect(findings.contains { $0.message.hasPrefix(b.label(path) + ":") && $0.message.contains("repair") }, "\(b.label(path)) not listed: \(findings)")
        }
        // The store does not take a leftover for a journal.
        let opened = try b.store(user: "carol")
        #expect(opened.state.liveDeals.count == 1 && opened.problems.isEmpty)

        let result = try BoardCheck.repair(folder: b.folder, user: "alice")
        #expect(result.removedLeftovers == [b.label(ours)])
        #expect(!FileManager.default.fileExists(atPath: ours))
        for path in others { #expect(FileManager.default.fileExists(atPath: path), "\(b.label(path)) was removed") }
        #expect(bytes(journal) == kept)
        let after = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(!after.contains { $0.message.hasPrefix(b.label(ours)) })
        #expect(after.count == others.count, "\(after)")
    }

    // MARK: - 7. A reordered journal (a git union merge)

    /// Lines out of time order: an edit and an activity before the creation they are about.
    @Test(arguments: [false, true]) func aReorderedSingleJournal(withSeq: Bool) throws {
        let b = try TempBoard(layout: .single)
        func q(_ n: Int) -> Int? { withSeq ? n : nil }
        let c1 = created("aaaaaaaaaaaaa01", 1, "A", at: 1, seq: q(1))
        let e1 = edited("aaaaaaaaaaaaa02", c1.id, company: "Acme", at: 2, by: "bob", seq: q(2))
        let c2 = created("aaaaaaaaaaaaa03", 2, "B", at: 3, by: "bob", seq: q(3))
        let l1 = logged("aaaaaaaaaaaaa04", c1.id, "call", at: 4, seq: q(4))
        let l2 = logged("aaaaaaaaaaaaa05", c2.id, "meeting", at: 5, seq: q(5))
        let all = [c1, e1, c2, l1, l2]
        // Machine B's hunk first, then machine A's: as `merge=union` may put them.
        try b.appendRaw(lines([e1, c2, l2, c1, l1]))
        try expectOrderedReplay(b, all)

        // The same lines reaching an open store in two steps.
        let late = try TempBoard(layout: .single)
        try late.appendRaw(lines([c2]))
        let s = try late.store(user: "carol")
        try late.appendRaw(lines([e1, l2, c1, l1]))
        try s.refresh()
        #expect(s.state.notes.isEmpty, "\(s.state.notes)")
        #expect(s.state.liveDeals == orderedReplay(all).liveDeals)
    }

    /// Per-author: two files whose seq interleave (the normal case), a file whose lines a merge
    /// reordered, and a reordered journal.jsonl from before the upgrade.
    @Test func reorderedPerAuthorJournals() throws {
        let b = try TempBoard(layout: .perAuthor)
        let c1 = created("bbbbbbbbbbbbb01", 1, "A", at: 1, seq: 1)
        let e1 = edited("bbbbbbbbbbbbb02", c1.id, company: "Acme", at: 2, by: "bob", seq: 2)
        let c2 = created("bbbbbbbbbbbbb03", 2, "B", at: 3, seq: 3)
        let l2 = logged("bbbbbbbbbbbbb04", c2.id, "call", at: 4, by: "bob", seq: 4)
        let l1 = logged("bbbbbbbbbbbbb05", c1.id, "meeting", at: 5, seq: 5)
        try write(Array(lines([c1, c2, l1]).utf8), to: b.files.authorJournal("alice"))
        try write(Array(lines([e1, l2]).utf8), to: b.files.authorJournal("bob"))
        try expectOrderedReplay(b, [c1, e1, c2, l2, l1])
        let s = try b.store(user: "alice")
        #expect(try add(s, "C", at: 6).seq == 6)

        // A merge put alice's lines out of order in her own file.
        let m = try TempBoard(layout: .perAuthor)
        try write(Array(lines([l1, c1, c2]).utf8), to: m.files.authorJournal("alice"))
        try write(Array(lines([l2, e1]).utf8), to: m.files.authorJournal("bob"))
        try expectOrderedReplay(m, [c1, e1, c2, l2, l1])

        // journal.jsonl from before the upgrade (no seq), reordered by a merge back then.
        let u = try TempBoard(layout: .perAuthor)
        let old1 = created("ccccccccccccc01", 1, "Old", at: 1, by: "bob")
        let old2 = edited("ccccccccccccc02", old1.id, company: "Old Co", at: 2, by: "alice")
        let old3 = logged("ccccccccccccc03", old1.id, "old call", at: 3, by: "bob")
        try write(Array(lines([old2, old3, old1]).utf8), to: u.files.journal)
        let new1 = logged("ccccccccccccc04", old1.id, "new call", at: 4, seq: 1)
        try write(Array(lines([new1]).utf8), to: u.files.authorJournal("alice"))
        try expectOrderedReplay(u, [old1, old2, old3, new1])
    }

    private func expectOrderedReplay(_ b: TempBoard, _ events: [Event], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = orderedReplay(events)
        #expect(expected.notes.isEmpty, sourceLocation: sourceLocation)
        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(!findings.contains { $0.message.contains("does not exist") }, "check: \(findings)", sourceLocation: sourceLocation)
        #expect(findings.isEmpty, "check: \(findings)", sourceLocation: sourceLocation)
        let s = try b.store(user: "carol")
        #expect(s.state.notes.isEmpty, "open: \(s.state.notes)", sourceLocation: sourceLocation)
        #expect(s.state.liveDeals == expected.liveDeals, sourceLocation: sourceLocation)
        #expect(try s.events().map(\.id) == events.sorted(by: JournalSet.precedes).map(\.id), sourceLocation: sourceLocation)
    }

    // MARK: - 8. Per-author specifics

    /// Three authors writing in turn, then at once: every seq is used once, each file's seq
    /// strictly increases, and board order is the order the writes happened under the lock.
    @Test func seqIsStrictlyIncreasingAcrossAuthors() throws {
        let b = try TempBoard(layout: .perAuthor)
        let users = ["alice", "bob", "carol"]
        let stores = try users.map { try b.store(user: $0) }
        var written: [Event] = []
        for i in 0..<12 {
            let s = stores[[0, 1, 2, 2, 0, 1, 1, 1, 0, 2, 1, 0][i]]
            written.append(try add(s, "Deal \(i)", at: Double(i) / 10))
        }
        #expect(written.map { $0.seq ?? 0 } == Array(1...12))

        // At once, from three threads (flock excludes separate open file descriptions).
        let folder = b.folder
        let group = DispatchGroup()
        for user in users {
            DispatchQueue.global().async(group: group) {
                guard let s = try? BoardStore(folder: folder, user: user) else { return }
                for i in 0..<10 {
                    _ = try? s.perform(now: day(2)) { try $0.logActivity(1 + i % 3, kind: "note", text: "\(user) \(i)", date: nil) }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success)

        var all: [Int] = []
        for user in users {
            let seqs = String(decoding: bytes(b.files.authorJournal(user)), as: UTF8.self).split(separator: "\n").map { line in
                (try? decodeLine(String(line)))?.seq ?? -1
            }
            #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 }, "\(user): \(seqs)")
            all += seqs
        }
        #expect(all.sorted() == Array(1...42))
        let s = try b.store(user: "dave")
        #expect(try s.events().map { $0.seq ?? 0 } == Array(1...42))
        #expect(s.state.eventCount == 42 && s.problems.isEmpty && s.state.notes.isEmpty)
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
    }

    /// A torn tail in alice's file: reported with its file and line; bob's writes leave it
    /// alone; alice's next write sets it aside to journal/alice.rejected.
    @Test func aTornTailIsSetAsideByItsAuthorOnly() throws {
        let b = try TempBoard(layout: .perAuthor)
        let alice = try b.store(user: "alice")
        let bob = try b.store(user: "bob")
        try add(alice, "A")
        try add(bob, "B")
        let torn = #"{"id":"torn0000000001","ts":"2026-11-02T10:00:00.000Z","user":"alice","type":"activity.lo"#
        try append(torn, to: b.files.authorJournal("alice"))
        let aliceBytes = bytes(b.files.authorJournal("alice"))

        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(findings.contains { $0.severity == .error && $0.message.hasPrefix("journal/alice.jsonl:2: incomplete last line") }, "\(findings)")
        try bob.refresh()
        #expect(bob.incompleteTails.map(\.description).contains { $0.hasPrefix("journal/alice.jsonl:2:") })

        try add(bob, "C", at: 1)
        #expect(bytes(b.files.authorJournal("alice")) == aliceBytes, "bob's write touched alice's journal")
        #expect(!FileManager.default.fileExists(atPath: b.files.authorRejected("alice")))
        #expect(!FileManager.default.fileExists(atPath: b.files.authorRejected("bob")))
        #expect(!FileManager.default.fileExists(atPath: b.files.rejected))

        try alice.perform(now: day(2)) { try $0.logActivity(1, kind: "call", text: "after the crash", date: nil) }
        let notices = alice.takeNotices()
        #expect(notices.contains { $0.contains("journal/alice.jsonl") && $0.contains("journal/alice.rejected") }, "\(notices)")
        let side = try String(contentsOfFile: b.files.authorRejected("alice"), encoding: .utf8)
        #expect(side.contains(torn) && side.contains("journal/alice.jsonl at line 2"))
        let kept = String(decoding: bytes(b.files.authorJournal("alice")), as: UTF8.self)
        #expect(kept.hasSuffix("\n") && kept.split(separator: "\n").count == 2)
        #expect(!FileManager.default.fileExists(atPath: b.files.authorRejected("bob")))
        try bob.refresh()
        #expect(bob.state.deal(number: 1)?.activities.map(\.text) == ["after the crash"])
        #expect(bob.incompleteTails.isEmpty && bob.problems.isEmpty)
        #expect(BoardCheck.run(folder: b.folder, trustNames: true).isEmpty)
    }

    /// Damaged and duplicate lines are reported as journal/<user>.jsonl:LINE, by store and check.
    @Test func damagedLinesNameTheirAuthorsFile() throws {
        let b = try TempBoard(layout: .perAuthor)
        let alice = try b.store(user: "alice")
        let bob = try b.store(user: "bob")
        try add(alice, "A")
        try add(bob, "B")
        try append("this is not json\n", to: b.files.authorJournal("bob"))
        try add(bob, "C")
        // A line repeated by a merge (same id twice).
        let first = String(decoding: bytes(b.files.authorJournal("alice")), as: UTF8.self)
        try append(first, to: b.files.authorJournal("alice"))

        let s = try b.store(user: "carol")
        #expect(s.problems.map(\.description).contains { $0.hasPrefix("journal/bob.jsonl:2: damaged line") }, "\(s.problems)")
        try alice.refresh()
        #expect(alice.takeNotices().contains { $0.hasPrefix("journal/bob.jsonl:2: damaged line") })
        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(findings.contains { $0.severity == .error && $0.message.hasPrefix("journal/bob.jsonl:2: damaged line") }, "\(findings)")
        #expect(findings.contains { $0.message.hasPrefix("journal/alice.jsonl:2: duplicate event id") }, "\(findings)")
        #expect(s.state.liveDeals.map(\.title) == ["A", "B", "C"])
    }

    /// kill -9 during `upgrade` leaves its temp copy: check names it, and the board is unharmed.
    @Test func aKilledUpgradesTempFileIsListed() throws {
        let b = try TempBoard(layout: .single)
        try add(try b.store(user: "alice"), "A")
        try write(Array("copy".utf8), to: b.folder + "/.journal.upgrade.Qw12Er")
        let findings = BoardCheck.run(folder: b.folder, trustNames: true)
        #expect(findings.contains { $0.severity == .warning && $0.message.hasPrefix(".journal.upgrade.Qw12Er: left behind by an upgrade that was killed") }, "\(findings)")
        #expect(try b.store(user: "carol").state.liveDeals.count == 1)
    }
}
