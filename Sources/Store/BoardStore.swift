import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A board on disk: `pipeline.toml` plus its journals, and the in-memory fold of them. Every
/// write follows the store protocol of ARCHITECTURE.md:
/// lock → catch up → validate against the fresh state → one write(2) → fsync → unlock.
public final class BoardStore {
    public let files: BoardFiles
    public private(set) var pipeline: PipelineDefinition
    public private(set) var state = BoardState() { didSet { stateChanges &+= 1 } }
    /// Counts every change of `state`, an event folded or the whole state read again: what a
    /// cache of anything worked out from the state is keyed on (the event count alone can come
    /// back the same after a journal was replaced and the board replayed).
    public private(set) var stateChanges = 0
    /// Damaged lines, and lines not credited to anyone, met while reading.
    public private(set) var problems: [JournalProblem] = []
    /// Last lines without their newline (a write that did not finish), as of the last read.
    public private(set) var incompleteTails: [JournalProblem] = []
    public var incompleteTail: JournalProblem? { incompleteTails.first }
    /// Things the user should hear about that happened on the way (a torn line set aside, a
    /// journal replaced under an open board, a lock that cannot be used), not yet handed out:
    /// only `takeNotices()` reads them, so no reader can give one twice.
    private var notices: [String] = []
    /// The OS user: author of every event this process writes.
    public let user: String
    private let journals: JournalSet
    private var pipelineStamp: [Int64]?
    /// Set while pipeline.toml, edited under an open board, does not load: the rules loaded
    /// before stay on screen, and writes are refused until the file is fixed.
    public private(set) var pipelineProblem: String?
    /// True while this process holds the board's exclusive lock.
    private var locked = false
    private let snapshotPolicy: SnapshotPolicy
    private let snapshotPath: String?
    /// The journals this process knows unchanged since the snapshot's key was made (read from
    /// the snapshot, or written by it): its own appends extend it (see `JournalTrust`).
    private var journalTrust: JournalTrust?
    /// How the open went: events read from a snapshot, and events folded from the journals.
    public private(set) var openedWith: (fromSnapshot: Int, fromJournals: Int) = (0, 0)
    /// How many journals the open read whole to check them against the snapshot (the others
    /// were known unchanged by their stamps).
    public private(set) var journalsHashed = 0
    /// Whether the open read its snapshot mapped (see `SnapshotMapping`), not from a copy.
    public private(set) var snapshotMapped = false

    public struct NoBoard: Error, CustomStringConvertible {
        public var folder: String
        public var reason: String
        public var description: String { reason }
    }

    /// Opens a board folder and replays its journals.
    ///
    /// `user` simulates an author (tests, and tools running as one OS user): events are written to
    /// and credited from `journal/<user>.jsonl` by name. Without it — always, from the command
    /// line — the author is the OS user, and a journal counts only if its author owns it.
    public init(folder: String, user: String? = nil, snapshots: SnapshotPolicy = .fromEnvironment) throws {
        // A file-size limit must give an error, not a signal that kills the process mid-protocol.
        signal(SIGXFSZ, SIG_IGN)
        files = BoardFiles(folder: folder)
        if let problem = BoardFiles.accessProblem(folder: files.folder) { throw NoBoard(folder: files.folder, reason: problem) }
        // A journal/ that is a symlink would make the board look like one of the old kind, and empty.
        var st = stat()
        if lstat(files.journalFolder, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
            throw UnsafeBoardFile(path: files.journalFolder, problem: "it is \(SafeFile.kind(st.st_mode)) owned by \(SafeFile.userName(st.st_uid)), where the journals' folder belongs",
                                  fix: "ask \(SafeFile.remover(of: files.journalFolder)) to remove it")
        }
        pipelineStamp = POSIX.stamp(files.pipeline)
        pipeline = try PipelineFile.load(files)
        self.user = user ?? POSIX.currentUser
        journals = JournalSet(files: files, trustNames: user != nil)
        snapshotPolicy = snapshots
        snapshotPath = BoardSnapshot.path(for: files, policy: snapshots)
        try readingLocked { try openJournals() }
        saveSnapshotIfWorthIt()
        // Opening reads without the lock; a lock that is not a plain file is said now, not at the first write.
        do {
            if let (fd, _) = try SafeFile.open(files.lock, O_RDONLY, action: "open the lock") { close(fd) }
        } catch {
            noteLockProblem(error)
        }
    }

    /// The notices gathered since the last call, each handed out once. A process gives them
    /// where it speaks to its user: the command line once per command (on stderr, after a
    /// write or at the end), the board once in its status line (after the next read).
    public func takeNotices() -> [String] {
        defer { notices = [] }
        return notices
    }

    // MARK: Reading

    /// Re-reads pipeline.toml if it changed on disk (a manager edited the stages, the rules or
    /// the managers while boards were open). Returns true when new rules were loaded.
    @discardableResult
    public func reloadPipelineIfChanged() -> Bool {
        let stamp = POSIX.stamp(files.pipeline)
        guard stamp != pipelineStamp else { return false }
        pipelineStamp = stamp
        do {
            let before = pipeline
            pipeline = try PipelineFile.load(files)
            pipelineProblem = nil
            // Replay holds the journal to the rules as they are now: fold it again under the new ones.
            if pipeline != before { try? replayAll() }
            return true
        } catch {
            pipelineProblem = "\(error)"
            return false
        }
    }

    /// Folds in events other processes appended since the last read. Returns them.
    @discardableResult
    public func refresh() throws -> [Event] {
        try readingLocked {
            var fresh: [Event] = []
            var found: [JournalProblem] = []
            let refused = state.disallowed.count
            let unread = state.unreadValues.count
            let result = try journals.readNew { line in
                switch line {
                case .event(let e, _):
                    if state.apply(e) { fresh.append(e) }
                case .problem(let p):
                    found.append(p)
                }
            }
            if !result.replaced.isEmpty || result.unsorted {
                // A journal was replaced (a repair), shrank or vanished, or a merge brought events
                // out of order: rebuild from scratch, and say so when it was not expected.
                let before = state.liveDealCount
                try replayAll()
                if !result.replaced.isEmpty {
                    let after = state.liveDealCount
                    let change = after == before ? "" : after < before ? "; \(before - after) deal(s) fewer than before" : "; \(after - before) deal(s) more"
                    notices.append("\(result.replaced.joined(separator: ", ")) was replaced, cut short or removed; board read again\(change)")
                }
                return []
            }
            problems += found
            for p in found { notices.append("\(p) — dealboard check lists every problem") }
            for d in state.disallowed.dropFirst(refused) { notices.append("\(d) — dealboard check lists every problem") }
            for u in state.unreadValues.dropFirst(unread) { notices.append("\(u) — dealboard check lists every problem") }
            incompleteTails = result.tails
            return fresh
        }
    }

    /// Runs `body` with a shared lock on the board (unless this process holds the exclusive one),
    /// so a read never sees one author's event without an earlier one from another. A lock held
    /// too long (someone stalling the board) does not freeze readers: after a second they read anyway.
    private func readingLocked<T>(_ body: () throws -> T) throws -> T {
        if locked { return try body() }
        let opened: (fd: Int32, stat: stat)?
        do {
            opened = try SafeFile.open(files.lock, O_RDONLY, action: "open the lock")
            lockProblemSaid = false
        } catch {
            noteLockProblem(error)
            return try body()
        }
        guard let (fd, _) = opened else { return try body() }
        defer { close(fd) }
        var held = false
        for attempt in 0..<100 {
            if flock(fd, LOCK_SH | LOCK_NB) == 0 { held = true; break }
            if errno != EWOULDBLOCK && errno != EINTR { break }
            usleep(attempt < 10 ? 1000 : 10_000)
        }
        defer { if held { flock(fd, LOCK_UN) } }
        return try body()
    }

    /// A lock that cannot be used (a FIFO, a symlink, a folder): reading goes on without it, every
    /// write is refused (`withLock` throws). Said once, not on every refresh.
    private var lockProblemSaid = false
    private func noteLockProblem(_ error: Error) {
        guard !lockProblemSaid else { return }
        lockProblemSaid = true
        notices.append("\(error) — the board is read without its lock, and every change is refused until it is fixed")
    }

    /// Opens from this user's snapshot when it still describes the board exactly, folding only
    /// the events appended since; else replays every journal (see `BoardSnapshot`).
    private func openJournals() throws {
        var fromSnapshot = 0
        if let path = snapshotPath, var snap = BoardSnapshot.load(path: path, files: files, trustNames: journals.trustNames, rules: pipeline,
                                                                 map: snapshotPolicy.mapped) {
            journals.restore(snap.journals)
            fromSnapshot = snap.state.eventCount
            // Moved out, so the fold below owns the only reference (a shared one is copied whole on the first event).
            let folded = snap.state
            snap.state = BoardState()
            journalsHashed = snap.hashed
            snapshotMapped = snap.mapped
            if try foldTail(consume folded, problems: snap.problems) {
                journalTrust = snap.trust
            } else {
                fromSnapshot = 0
                try replayAll()
            }
        } else {
            try replayAll()
        }
        openedWith = (fromSnapshot, state.eventCount - fromSnapshot)
    }

    /// Outside the lock: the bytes a snapshot covers are never rewritten by dealboard, so the
    /// writers need not wait while it is hashed and written (a rewrite by hand in between only
    /// makes the next open replay).
    private func saveSnapshotIfWorthIt() {
        guard openedWith.fromSnapshot == 0 || openedWith.fromJournals >= snapshotPolicy.minEvents else { return }
        saveSnapshot()
    }

    /// Writes this user's snapshot of the board as it stands now (when the board is big enough
    /// to have one): after a sync, whose merge brought events in between this machine's and so
    /// made the next open replay everything, that open reads this instead.
    public func saveSnapshot() {
        guard let path = snapshotPath, state.eventCount >= snapshotPolicy.minEvents, let saved = journals.saved else { return }
        if let trust = BoardSnapshot.save(path: path, files: files, trustNames: journals.trustNames, state: state, journals: saved, problems: problems) {
            journalTrust = trust
        }
    }

    /// Folds the events appended since the snapshot; false when the journals moved in a way only
    /// a full replay can follow (a file replaced or cut short, events out of order).
    private func foldTail(_ folded: consuming BoardState, problems before: [JournalProblem]) throws -> Bool {
        // A local value, uniquely referenced, like replayAll's: folding through the property copied.
        var fresh = folded
        var found: [JournalProblem] = []
        let result = try journals.readNew { line in
            switch line {
            case .event(let e, _): fresh.apply(e)
            case .problem(let p): found.append(p)
            }
        }
        guard result.replaced.isEmpty, !result.unsorted else { return false }
        state = fresh
        problems = before + found
        incompleteTails = result.tails
        return true
    }

    /// Full replay; if a git merge left lines out of order, replays again sorted by board order.
    /// (Both at once on a board synced through git: `replaySorted`.)
    private func replayAll() throws {
        // A board synced through git gets other machines' lines appended in between its own:
        // read once and sorted, rather than folded, found out of order, and read again.
        if files.gitOwner != nil { return try replaySorted() }
        journals.reset()
        // Fold into a local value, not into the property: applying events through the class
        // property inside the reader's closure copied the whole deal array on every creation.
        var fresh = BoardState()
        fresh.rules = pipeline
        fresh.reserve(events: Self.estimatedEvents(files))
        var found: [JournalProblem] = []
        var unsorted = false
        let result = try journals.readNew { line in
            switch line {
            case .event(let e, _):
                if !unsorted { fresh.apply(e) }
            case .problem(let p):
                found.append(p)
            }
        }
        unsorted = result.unsorted
        state = fresh
        problems = found
        incompleteTails = result.tails
        if unsorted { try replaySorted() }
    }

    /// About 200 bytes a line: enough to size the id set once.
    static func estimatedEvents(_ files: BoardFiles) -> Int {
        var total = 0
        var paths = [files.journal]
        if let names = try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder) {
            paths += names.filter { $0.hasSuffix(".jsonl") }.map { files.journalFolder + "/" + $0 }
        }
        for path in paths {
            var st = stat()
            if lstat(path, &st) == 0 { total += Int(st.st_size) }
        }
        return total / 200 + 16
    }

    private func replaySorted() throws {
        journals.reset()
        var events: [Event] = []
        var found: [JournalProblem] = []
        let result = try journals.readNew { line in
            switch line {
            case .event(let e, _): events.append(e)
            case .problem(let p): found.append(p)
            }
        }
        if result.unsorted { events.sort(by: JournalSet.precedes) }
        var fresh = BoardState()
        fresh.rules = pipeline
        fresh.reserve(events: events.count)
        for e in events { fresh.apply(e) }
        state = fresh
        problems = found
        incompleteTails = result.tails
    }

    /// Every readable event of the board in replay order, for `history` and reports.
    /// Read afresh: the fold keeps no event list, to keep memory small on big boards.
    public func events() throws -> [Event] {
        let set = JournalSet(files: files, trustNames: journals.trustNames)
        var events: [Event] = []
        var ids = Set<String>()
        let result = try readingLocked {
            try set.readNew { line in
                if case .event(let e, _) = line, ids.insert(e.id).inserted { events.append(e) }
            }
        }
        if result.unsorted { events.sort(by: JournalSet.precedes) }
        return events
    }

    // MARK: Writing

    /// Runs one command under the board's lock and appends the event it produces.
    ///
    /// `build` sees the state *including* every other writer's events, so exit criteria are
    /// checked against the truth. If it throws, nothing is written.
    @discardableResult
    public func perform(now: Date, _ build: (BoardCommands) throws -> EventDraft) throws -> Event {
        try withLock {
            // The rules as they are now, like the events: a long-open board must not validate
            // against a pipeline.toml (or a list of managers) that has since changed.
            reloadPipelineIfChanged()
            if let problem = pipelineProblem {
                throw CommandError.invalid("pipeline.toml has changed and no longer loads, so nothing is written until it is fixed: \(problem)")
            }
            try refresh()
            var draft = try build(BoardCommands(pipeline: pipeline, state: state, user: user, now: now))
            var stamp = stampTime(now)
            // Never before the deal's own latest event: replay orders by time when it must
            // (merged journals), and an edit stamped before the creation it edits — a writer whose
            // clock is hours behind the one that created the deal — would be skipped there.
            if let uid = draft.deal, let latest = state.deal(uid: uid)?.updatedAt, stamp <= latest {
                stamp = latest.addingTimeInterval(0.001)
            }
            // Replay judges a move (and a new deal's entry into its stage) at the time written
            // on it (BoardState.rules): validate it at that time too, so a move checked a moment
            // before midnight or a dormancy deadline and stamped just after it is never taken
            // for one that dodged a gate.
            if draft.type == EventType.dealMoved || draft.type == EventType.dealCreated, stamp != now {
                draft = try build(BoardCommands(pipeline: pipeline, state: state, user: user, now: stamp))
            }
            let event = draft.stamped(id: Self.newID(), timestamp: stamp, user: user, seq: journals.maxSeq + 1)
            try appendLocked([EventCodec.encode(event)])
            try refresh()
            return event
        }
    }

    /// Runs a command that writes several events (an import, the undo of one) under ONE lock:
    /// all of them or none. `build` sees the state caught up under the lock and validates
    /// against it, at the time the events will carry (`BoardCommands.now`); if it throws, or
    /// the write fails, nothing is written (the journal is cut back to its length under the lock).
    /// Every event gets the same timestamp — the truthful time of writing — and its own seq.
    @discardableResult
    public func performAll(now: Date, _ build: (BoardCommands) throws -> [EventDraft]) throws -> [Event] {
        try withLock {
            reloadPipelineIfChanged()
            if let problem = pipelineProblem {
                throw CommandError.invalid("pipeline.toml has changed and no longer loads, so nothing is written until it is fixed: \(problem)")
            }
            try refresh()
            let stamp = stampTime(now)
            let drafts = try build(BoardCommands(pipeline: pipeline, state: state, user: user, now: stamp))
            guard !drafts.isEmpty else { return [] }
            var seq = journals.maxSeq
            let events = drafts.map { draft in
                seq += 1
                return draft.stamped(id: Self.newID(), timestamp: stamp, user: user, seq: seq)
            }
            try appendLocked(events.map(EventCodec.encode))
            try refresh()
            return events
        }
    }

    /// Appends events built elsewhere (demo, import), in one locked batch, in their order.
    public func append(_ events: [Event]) throws {
        try withLock {
            try refresh()
            var seq = journals.maxSeq
            try appendLocked(events.map { e in
                var e = e
                seq += 1
                e.seq = seq
                return EventCodec.encode(e)
            })
            try refresh()
        }
    }

    /// Writers never stamp a time older than the newest event, so file order stays time order
    /// when clocks differ a little. But one event far in the future (a machine with a wrong
    /// clock) must not drag every later event with it: beyond an hour ahead, the true time is
    /// written and replay orders by (timestamp, id) instead.
    private func stampTime(_ now: Date) -> Date {
        let ms = (now.timeIntervalSince1970 * 1000).rounded() / 1000
        let t = Date(timeIntervalSince1970: ms)
        if t > state.lastTimestamp || state.lastTimestamp.timeIntervalSince(t) > 3600 { return t }
        return state.lastTimestamp.addingTimeInterval(0.001)
    }

    /// A new event id: 15 random base-62 characters (89 bits). Fifteen bytes is the most Swift
    /// stores inline in a String, so ids cost no allocation on the replay path.
    public static func newID() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<15).map { _ in alphabet[Int.random(in: 0..<62, using: &rng)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Holds the exclusive lock on journal.lock while `body` runs.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        if locked { return try body() }
        return try files.withLock {
            locked = true
            defer { locked = false }
            return try body()
        }
    }

    /// The file this process appends to, where its torn lines go, and the mode they get.
    private var ownJournal: (path: String, side: String, mode: mode_t) {
        switch journals.layout {
        case .perAuthor:
            let name = files.ownJournalName(user)
            return (files.authorJournal(name), files.authorRejected(name), files.ownFileMode)
        case .single: return (files.journal, files.rejected, files.fileMode)
        }
    }

    /// Opens this user's journal for appending: created if new (O_EXCL, never through a planted
    /// name); on a per-author board it must be ours and writable by us alone.
    private func openOwnJournal() throws -> Int32 {
        let (path, _, mode) = ownJournal
        let fd: Int32
        var st: stat
        let opened: (fd: Int32, stat: stat)?
        do {
            opened = try SafeFile.open(path, O_RDWR | O_APPEND, action: "open for writing")
        } catch let e as SystemError where e.code == EACCES && journals.layout == .perAuthor {
            var other = stat()
            if lstat(path, &other) == 0, other.st_uid != geteuid() {
                throw UnsafeBoardFile(path: path, problem: "your journal belongs to \(SafeFile.userName(other.st_uid)), not to you",
                                      fix: "nothing was written; ask \(SafeFile.remover(of: path)) to remove it")
            }
            throw e
        }
        if let opened {
            (fd, st) = opened
        } else {
            do {
                fd = try SafeFile.createExclusive(path, mode: mode, flags: O_RDWR | O_APPEND)
            } catch let e as SystemError where e.code == EEXIST {
                return try openOwnJournal() // created meanwhile (another of our processes)
            }
            st = stat()
            fstat(fd, &st)
            POSIX.fsyncDirectory((path as NSString).deletingLastPathComponent)
        }
        if journals.layout == .perAuthor {
            if !journals.trustNames, st.st_uid != geteuid() {
                close(fd)
                throw UnsafeBoardFile(path: path, problem: "your journal belongs to \(SafeFile.userName(st.st_uid)), not to you",
                                      fix: "nothing was written; ask \(SafeFile.remover(of: path)) to remove it")
            }
            if st.st_mode & 0o7777 != mode, st.st_uid == geteuid() { fchmod(fd, mode) }
        } else if st.st_size == 0, st.st_uid == geteuid() {
            fchmod(fd, mode)
        }
        return fd
    }

    /// Appends lines; the caller holds the lock. Each line goes out in ONE write(2) on an
    /// O_APPEND descriptor, then fsync. A write that fails (a full disk, a file-size limit)
    /// leaves the file exactly as it was: it is cut back to the length it had under the lock.
    private func appendLocked(_ lines: [String]) throws {
        let path = ownJournal.path
        let fd = try openOwnJournal()
        defer { close(fd) }
        try setAsideTornTail(fd)
        let (before, _) = try POSIX.fileSize(fd, path: path)
        var was = stat()
        let known = fstat(fd, &was) == 0 && journalTrust?.stamps[path] == FileStamp(was)
        do {
            for line in lines {
                var bytes = Array(line.utf8)
                bytes.append(0x0A)
                try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
            }
            if fsync(fd) != 0 { throw SystemError("sync", path) }
            // The journal was known unchanged, and only these lines were added under the lock:
            // the next open need not read it again to know its first bytes.
            var now = stat()
            if known, fstat(fd, &now) == 0, FileStamp.onlyOurs(now), let snapshot = snapshotPath, var trust = journalTrust {
                trust.stamps[path] = FileStamp(now)
                trust.saveAppended(snapshot: snapshot, only: [path])
                journalTrust = trust
            }
        } catch {
            let cut = ftruncate(fd, off_t(before)) == 0
            _ = fsync(fd)
            throw CommandError.invalid("\(error); " + (cut ? "nothing was written (the journal is as it was)"
                                                           : "and the partial line could not be cut off: the next write sets it aside"))
        }
    }

    /// A journal that does not end in a newline was torn by a crash mid-write. Under the lock,
    /// before writing, move those bytes to the side file (kept, not deleted) and cut them off,
    /// so the new event starts on a fresh line and the torn bytes never glue onto it.
    private func setAsideTornTail(_ fd: Int32) throws {
        let (path, side, mode) = ownJournal
        let name = files.label(path)
        let (size, _) = try POSIX.fileSize(fd, path: path)
        guard size > 0 else { return }
        let last = try POSIX.pread(fd, count: 1, at: size - 1, path: path)
        guard last.first != 0x0A else { return }
        // Find the start of the torn line by scanning back in chunks.
        var start = size
        var pos = size
        let chunk: Int64 = 64 * 1024
        search: while pos > 0 {
            let from = max(0, pos - chunk)
            let bytes = try POSIX.pread(fd, count: Int(pos - from), at: from, path: path)
            if let i = bytes.lastIndex(of: 0x0A) { start = from + Int64(i) + 1; break search }
            pos = from
            start = 0
        }
        let torn = try POSIX.pread(fd, count: Int(size - start), at: start, path: path)
        // A complete event that only lacks its newline (a hand edit, `echo -n`) is kept: end it.
        // As the only line of a file an editor saved with a byte order mark, it follows the BOM
        // (which readers skip): judge the line without it.
        let withoutBOM = start == 0 && torn.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(torn.dropFirst(3)) : torn
        if (try? withoutBOM.withUnsafeBufferPointer({ try EventCodec.decode($0) })) != nil {
            try [UInt8(0x0A)].withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
            return
        }
        let tail = incompleteTails.first { $0.file == name && $0.offset == start }
        let line = tail.map { "line \($0.line)" } ?? "byte \(start)"
        try files.setAside(torn, header: "\(Timestamp.format(Date())) \(user): torn last line of \(name) at \(line), \(torn.count) bytes (a write that did not finish)",
                           to: side, mode: mode)
        // The side file must be durable (its directory entry too) before the bytes leave the journal.
        POSIX.fsyncDirectory((side as NSString).deletingLastPathComponent)
        if ftruncate(fd, off_t(start)) != 0 { throw SystemError("cut the torn line off", path) }
        notices.append("\(name)'s last line was torn (a write that did not finish, \(line)); its \(torn.count) bytes were moved to \(side)")
        if fsync(fd) != 0 { throw SystemError("sync", path) }
        incompleteTails.removeAll { $0.file == name }
    }
}
