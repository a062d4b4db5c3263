import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A board on disk: `pipeline.toml` plus the append-only `journal.jsonl`, and the in-memory
/// fold of it. Every write follows the store protocol of ARCHITECTURE.md:
/// lock → catch up → validate against the fresh state → one write(2) → fsync → unlock.
public final class BoardStore {
    public let files: BoardFiles
    public private(set) var pipeline: PipelineDefinition
    public private(set) var state = BoardState()
    /// Damaged lines met while reading, by line number.
    public private(set) var problems: [JournalProblem] = []
    /// A tail without its newline, as of the last read.
    public private(set) var incompleteTail: JournalProblem?
    /// Things this process did on its own that the user should hear about (a torn line set aside).
    public private(set) var notices: [String] = []
    /// The OS user: author of every event this process writes.
    public let user: String
    private let reader: JournalReader
    private var pipelineStamp: [Int64]?
    /// Set while pipeline.toml, edited under an open board, does not load: the rules loaded
    /// before stay on screen, and writes are refused until the file is fixed.
    public private(set) var pipelineProblem: String?
    /// Set when a line's timestamp was older than the one before (merged journals).
    private var outOfOrder = false

    public struct NoBoard: Error, CustomStringConvertible {
        public var folder: String
        public var reason: String
        public var description: String { reason }
    }

    /// Opens a board folder and replays its journal.
    public init(folder: String, user: String? = nil) throws {
        files = BoardFiles(folder: folder)
        if let problem = BoardFiles.accessProblem(folder: files.folder) { throw NoBoard(folder: files.folder, reason: problem) }
        pipelineStamp = POSIX.stamp(files.pipeline)
        pipeline = try PipelineLoader.load(path: files.pipeline)
        self.user = user ?? POSIX.currentUser
        reader = JournalReader(path: files.journal)
        try replayAll()
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
            pipeline = try PipelineLoader.load(path: files.pipeline)
            pipelineProblem = nil
            return true
        } catch {
            pipelineProblem = "\(error)"
            return false
        }
    }

    /// Folds in events other processes appended since the last read. Returns them.
    @discardableResult
    public func refresh() throws -> [Event] {
        var fresh: [Event] = []
        let result = try reader.readNew { line in
            switch line {
            case .event(let e, _):
                if e.timestamp < state.lastTimestamp { outOfOrder = true }
                if state.apply(e) { fresh.append(e) }
            case .problem(let p):
                problems.append(p)
            }
        }
        incompleteTail = result.tail
        if result.replaced || outOfOrder {
            // Repaired (rewritten) journal, or merged history out of time order: rebuild.
            try replayAll()
            return []
        }
        return fresh
    }

    /// Full replay, in file order; if a git merge left lines out of time order, replays
    /// again ordered by (timestamp, id) as the protocol says.
    private func replayAll() throws {
        reader.reset()
        // Fold into a local value, not into the property: applying events through the class
        // property inside the reader's closure copied the whole deal array on every creation.
        var fresh = BoardState()
        fresh.reserve(events: Self.estimatedEvents(files.journal))
        var found: [JournalProblem] = []
        var previous = Date.distantPast
        var unsorted = false
        let result = try reader.readNew { line in
            switch line {
            case .event(let e, _):
                if e.timestamp < previous { unsorted = true }
                previous = max(previous, e.timestamp)
                if !unsorted { fresh.apply(e) }
            case .problem(let p):
                found.append(p)
            }
        }
        state = fresh
        problems = found
        outOfOrder = false
        incompleteTail = result.tail
        if unsorted { try replaySorted() }
    }

    /// About 200 bytes a line: enough to size the id set once.
    static func estimatedEvents(_ path: String) -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return size / 200 + 16
    }

    private func replaySorted() throws {
        reader.reset()
        var events: [Event] = []
        var found: [JournalProblem] = []
        let result = try reader.readNew { line in
            switch line {
            case .event(let e, _): events.append(e)
            case .problem(let p): found.append(p)
            }
        }
        events.sort { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
        var fresh = BoardState()
        for e in events { fresh.apply(e) }
        state = fresh
        problems = found
        incompleteTail = result.tail
    }

    /// Every readable event of the journal in replay order, for `history` and reports.
    /// Read afresh: the fold keeps no event list, to keep memory small on big boards.
    public func events() throws -> [Event] {
        let reader = JournalReader(path: files.journal)
        var events: [Event] = []
        var ids = Set<String>()
        _ = try reader.readNew { line in
            if case .event(let e, _) = line, ids.insert(e.id).inserted { events.append(e) }
        }
        if zip(events, events.dropFirst()).contains(where: { $0.timestamp > $1.timestamp }) {
            events.sort { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
        }
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
            let draft = try build(BoardCommands(pipeline: pipeline, state: state, user: user, now: now))
            var stamp = stampTime(now)
            // Never before the deal's own latest event: replay orders by time when it must
            // (merged journals), and an edit stamped before the creation it edits — a writer whose
            // clock is hours behind the one that created the deal — would be skipped there.
            if let uid = draft.deal, let latest = state.deal(uid: uid)?.updatedAt, stamp <= latest {
                stamp = latest.addingTimeInterval(0.001)
            }
            let event = draft.stamped(id: Self.newID(), timestamp: stamp, user: user)
            try appendLocked([EventCodec.encode(event)])
            try refresh()
            return event
        }
    }

    /// Appends events built elsewhere (demo, import), in one locked batch.
    public func append(_ events: [Event]) throws {
        try withLock {
            try refresh()
            try appendLocked(events.map(EventCodec.encode))
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
        try files.withLock(body)
    }

    /// Appends lines; the caller holds the lock. Each line goes out in ONE write(2) on an
    /// O_APPEND descriptor, then fsync.
    private func appendLocked(_ lines: [String]) throws {
        let fd = try files.openForAppend(files.journal)
        defer { close(fd) }
        try setAsideTornTail(fd)
        for line in lines {
            var bytes = Array(line.utf8)
            bytes.append(0x0A)
            try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: files.journal) }
        }
        if fsync(fd) != 0 { throw SystemError("sync", files.journal) }
    }

    /// A journal that does not end in a newline was torn by a crash mid-write. Under the lock,
    /// before writing, move those bytes to journal.rejected (kept, not deleted) and cut them off,
    /// so the new event starts on a fresh line and the torn bytes never glue onto it.
    private func setAsideTornTail(_ fd: Int32) throws {
        let (size, _) = try POSIX.fileSize(fd, path: files.journal)
        guard size > 0 else { return }
        let last = try POSIX.pread(fd, count: 1, at: size - 1, path: files.journal)
        guard last.first != 0x0A else { return }
        // Find the start of the torn line by scanning back in chunks.
        var start = size
        var pos = size
        let chunk: Int64 = 64 * 1024
        search: while pos > 0 {
            let from = max(0, pos - chunk)
            let bytes = try POSIX.pread(fd, count: Int(pos - from), at: from, path: files.journal)
            if let i = bytes.lastIndex(of: 0x0A) { start = from + Int64(i) + 1; break search }
            pos = from
            start = 0
        }
        let torn = try POSIX.pread(fd, count: Int(size - start), at: start, path: files.journal)
        // A complete event that only lacks its newline (a hand edit, `echo -n`) is kept: end it.
        if (try? torn.withUnsafeBufferPointer({ try EventCodec.decode($0) })) != nil {
            try [UInt8(0x0A)].withUnsafeBytes { try POSIX.writeAll(fd, $0, path: files.journal) }
            incompleteTail = nil
            return
        }
        let line = (incompleteTail?.offset == start ? incompleteTail?.line : nil).map { "line \($0)" } ?? "byte \(start)"
        try files.setAside(torn, header: "\(Timestamp.format(Date())) \(user): torn last line of journal.jsonl at \(line), \(torn.count) bytes (a write that did not finish)")
        // The side file must be durable (its directory entry too) before the bytes leave the journal.
        POSIX.fsyncDirectory(files.folder)
        if ftruncate(fd, off_t(start)) != 0 { throw SystemError("cut the torn line off", files.journal) }
        notices.append("the journal's last line was torn (a write that did not finish, \(line)); its \(torn.count) bytes were moved to \(files.rejected)")
        if fsync(fd) != 0 { throw SystemError("sync", files.journal) }
        incompleteTail = nil
    }
}
