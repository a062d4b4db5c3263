import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every journal of a board, read as one sequence of events.
///
/// A per-author board keeps `journal/<user>.jsonl`, one file per author. Each file is in the
/// order its author wrote it, and every event carries `seq`, taken under the board's lock, so
/// the files merge into one order: the legacy `journal.jsonl` (events from before the upgrade)
/// first, then by (seq, timestamp, id). A file counts only if its named author owns it and
/// nobody else can write it; a line counts only if it names its file's author. Anything else is
/// reported (`notCredited`) and left where it is.
final class JournalSet {
    typealias Line = JournalReader.Line

    let files: BoardFiles
    /// Simulated authors (tests, tools that run as one OS user): a file's name is its author,
    /// whoever owns it. Never set by the command line.
    let trustNames: Bool
    private(set) var layout: JournalLayout
    private var legacy: JournalReader
    private var authors: [String: JournalReader] = [:]
    /// Files not credited, with the stat that was refused: looked at again when it changes.
    private var refused: [String: [Int64]] = [:]
    /// The highest `seq` handed out so far.
    private(set) var maxSeq = 0
    /// The last event handed out (order checks across passes).
    private var lastKey: (seq: Int, ts: Date)?

    struct Result {
        /// Files that were replaced or shrank since the last pass: the caller must rebuild.
        var replaced: [String] = []
        /// Last lines without their newline (crashes mid-write), per file.
        var tails: [JournalProblem] = []
        /// Events came out of order (a merge by git, clocks): the caller must replay sorted.
        var unsorted = false
    }

    init(files: BoardFiles, trustNames: Bool) {
        self.files = files
        self.trustNames = trustNames
        layout = files.layout
        legacy = JournalReader(path: files.journal)
        reset()
    }

    func reset() {
        layout = files.layout
        legacy = JournalReader(path: files.journal, label: "journal.jsonl",
                               requirement: layout == .perAuthor && !trustNames ? Self.legacyRequirement(files) : nil)
        authors = [:]
        refused = [:]
        maxSeq = 0
        lastKey = nil
    }

    /// The frozen journal of a per-author board must be the board owner's, and nobody else's to write.
    static func legacyRequirement(_ files: BoardFiles) -> (stat) -> String? {
        let owner = files.owner
        return { st in
            if st.st_uid != 0, st.st_uid != owner {
                return "the journal from before the upgrade must belong to the board's owner (\(owner.map(SafeFile.userName) ?? "?")), not \(SafeFile.userName(st.st_uid))"
            }
            if st.st_mode & 0o022 != 0 {
                return "the journal from before the upgrade is writable by others (mode \(String(st.st_mode & 0o777, radix: 8))); its owner can fix it: chmod go-w journal.jsonl"
            }
            return nil
        }
    }

    /// An author's file counts when that author owns it and nobody else may write it.
    static func authorRequirement(_ name: String) -> (stat) -> String? {
        let uid = SafeFile.uid(of: name)
        return { st in
            guard let uid else { return "there is no user \"\(name)\" on this machine" }
            if st.st_uid != uid { return "it belongs to \(SafeFile.userName(st.st_uid)), not to \(name)" }
            if st.st_mode & 0o022 != 0 {
                return "others can write it (mode \(String(st.st_mode & 0o777, radix: 8))), so it cannot vouch for its author; \(name) can fix it: chmod go-w journal/\(name).jsonl"
            }
            return nil
        }
    }

    /// Author files in journal/ that this set does not read yet.
    private func discover() -> [String] {
        guard layout == .perAuthor, let names = try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder) else { return [] }
        return names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") && $0.count > 6 }
            .map { String($0.dropLast(6)) }
            .filter { authors[$0] == nil }
    }

    /// Reads what every journal gained since the last call, merged into one order, and hands
    /// each line to `body`. Problems (damaged lines, lines not credited) come as they are met.
    func readNew(_ body: (Line) -> Void) throws -> Result {
        try readNew { line, _ in body(line) }
    }

    /// The same, with the file each event came from (`journal/alice.jsonl`, `journal.jsonl`),
    /// for messages that point at a line: an event's line number means nothing without it.
    func readNew(located body: (Line, _ file: String) -> Void) throws -> Result {
        var result = Result()
        if files.layout != layout { result.replaced.append(files.label(files.journalFolder)); return result }
        for name in discover() {
            authors[name] = JournalReader(path: files.authorJournal(name), label: "journal/\(name).jsonl",
                                          author: name, requirement: trustNames ? nil : Self.authorRequirement(name))
        }
        let readers = [legacy] + authors.keys.sorted().map { authors[$0]! }
        let blockSize = max(32 << 10, min(JournalReader.blockSize, (1 << 20) / max(1, readers.count)))
        var passes: [JournalReader.Pass] = []
        var labels: [String] = []
        for reader in readers {
            do {
                guard let pass = try reader.begin(blockSize: blockSize) else { continue }
                if pass.replaced { result.replaced.append(reader.label); continue }
                passes.append(pass)
                labels.append(reader.label)
                refused[reader.label] = nil
            } catch let e as JournalReader.NotTrusted {
                // Said once per state of the file; read as soon as its owner fixes it.
                if refused[reader.label] != e.stamp {
                    refused[reader.label] = e.stamp
                    body(.problem(JournalProblem(kind: .notCredited, line: 0, offset: 0, length: 0, reason: e.reason, file: reader.label)), reader.label)
                }
            }
        }
        if !result.replaced.isEmpty { return result }

        // k-way merge: each file is in order already; take the smallest head each time.
        var buffers = [[Line]](repeating: [], count: passes.count)
        var positions = [Int](repeating: 0, count: passes.count)
        var done = [Bool](repeating: false, count: passes.count)
        var previous = [(seq: Int, ts: Date)?](repeating: nil, count: passes.count)
        var heads = [(Event, Int)?](repeating: nil, count: passes.count)

        func fill(_ i: Int) throws {
            while heads[i] == nil, !done[i] {
                if positions[i] == buffers[i].count {
                    if let lines = try passes[i].next() {
                        buffers[i] = lines
                    } else if let last = passes[i].unterminatedLine() {
                        buffers[i] = [last]
                    } else {
                        done[i] = true
                        buffers[i] = []
                    }
                    positions[i] = 0
                    continue
                }
                let line = buffers[i][positions[i]]
                positions[i] += 1
                switch line {
                case .event(let e, let n): heads[i] = (e, n)
                case .problem(let p): body(line, p.file)
                }
            }
        }
        let ordered = layout == .perAuthor
        for i in passes.indices { try fill(i) }
        while true {
            var best = -1
            for i in passes.indices {
                guard let (e, _) = heads[i] else { continue }
                if best < 0 { best = i; continue }
                if Self.precedes(e, heads[best]!.0) { best = i }
            }
            guard best >= 0 else { break }
            let (event, lineNumber) = heads[best]!
            heads[best] = nil
            let key = (seq: event.seq ?? 0, ts: event.timestamp)
            // Out of order within a file, or behind what an earlier pass handed out: the caller
            // replays everything sorted (a git merge, a clock that went back).
            if let p = previous[best] ?? lastKey, ordered ? key.seq < p.seq : key.ts < p.ts { result.unsorted = true }
            previous[best] = key
            if ordered { lastKey = key } else if lastKey == nil || key.ts > lastKey!.ts { lastKey = key }
            maxSeq = max(maxSeq, key.seq)
            body(.event(event, line: lineNumber), labels[best])
            try fill(best)
        }
        for pass in passes {
            if let tail = pass.finish().tail { result.tails.append(tail) }
        }
        return result
    }

    /// Board order: events without `seq` (from before per-author journals) first, then by seq,
    /// then timestamp and id (only equal after a merge of two machines' journals).
    static func precedes(_ a: Event, _ b: Event) -> Bool {
        let (sa, sb) = (a.seq ?? 0, b.seq ?? 0)
        if sa != sb { return sa < sb }
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        return a.id < b.id
    }
}
