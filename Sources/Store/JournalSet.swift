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
    /// By file name without `.jsonl` (`alice`, `alice@office2`: one author may have several).
    private var authors: [String: JournalReader] = [:]
    /// Files not credited, with the stat that was refused: looked at again when it changes.
    private var refused: [String: [Int64]] = [:]
    /// The highest `seq` handed out so far.
    private(set) var maxSeq = 0
    /// The last event handed out (order checks across passes).
    private var lastKey: JournalReader.OrderKey?

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

    /// What a file must satisfy to be credited: "" names the legacy journal.jsonl.
    static func requirement(of name: String, files: BoardFiles, trustNames: Bool) -> ((stat) -> String?)? {
        if trustNames { return nil }
        if name.isEmpty { return files.layout == .perAuthor ? legacyRequirement(files) : nil }
        return authorRequirement(BoardFiles.author(ofJournal: name), files: files, file: name)
    }

    /// An author's file counts when that author owns it and nobody else may write it. On a
    /// board synced through git (`BoardFiles.gitOwner`), a file the board's owner owns counts
    /// too: git, run by the owner, brought it from the other machines (where its author may not
    /// even have an account), so it is as trustworthy as the remote's push access.
    /// `file`: the journal's name when it is not the author's plain name (`bob@office2`).
    static func authorRequirement(_ name: String, files: BoardFiles, file: String? = nil) -> (stat) -> String? {
        let uid = SafeFile.uid(of: name)
        let gitOwner = files.gitOwner
        return { st in
            let byGit = gitOwner.map { st.st_uid == $0 } ?? false
            guard let uid else {
                if byGit, st.st_mode & 0o022 == 0 { return nil }
                return "there is no user \"\(name)\" on this machine"
            }
            if st.st_uid != uid, !byGit { return "it belongs to \(SafeFile.userName(st.st_uid)), not to \(name)" }
            if st.st_mode & 0o022 != 0 {
                return "others can write it (mode \(String(st.st_mode & 0o777, radix: 8))), so it cannot vouch for its author; \(name) can fix it: chmod go-w journal/\(file ?? name).jsonl"
            }
            return nil
        }
    }

    /// The reader of one author's journal, `name` being the file's name without `.jsonl`.
    private func reader(_ name: String) -> JournalReader {
        let author = BoardFiles.author(ofJournal: name)
        return JournalReader(path: files.authorJournal(name), label: "journal/\(name).jsonl", author: author,
                             requirement: trustNames ? nil : Self.authorRequirement(author, files: files, file: name))
    }

    /// Where every file's reading stands, for a snapshot; nil when some file is not credited
    /// (what its owner does to it next is not something a snapshot can follow: replay instead).
    struct Saved {
        var layout: JournalLayout
        var maxSeq: Int
        var lastKey: JournalReader.OrderKey?
        /// "" for the legacy journal.jsonl, else the author's name.
        var files: [(name: String, path: String, reader: JournalReader.Saved)]
    }

    var saved: Saved? {
        guard refused.isEmpty else { return nil }
        var files: [(name: String, path: String, reader: JournalReader.Saved)] = []
        if let s = legacy.saved { files.append(("", legacy.path, s)) }
        for name in authors.keys.sorted() {
            guard let s = authors[name]!.saved else { continue }
            files.append((name, authors[name]!.path, s))
        }
        return Saved(layout: layout, maxSeq: maxSeq, lastKey: lastKey, files: files)
    }

    /// Carries on from a snapshot: the next `readNew` reads only what was appended since.
    func restore(_ s: Saved) {
        reset()
        maxSeq = s.maxSeq
        lastKey = s.lastKey
        for f in s.files {
            if f.name.isEmpty {
                legacy.restore(f.reader)
            } else {
                let reader = reader(f.name)
                reader.restore(f.reader)
                authors[f.name] = reader
            }
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
            authors[name] = reader(name)
        }
        let readers = [legacy] + authors.keys.sorted().map { authors[$0]! }
        let blockSize = max(32 << 10, min(JournalReader.mergeBlockSize, (1 << 20) / max(1, readers.count)))
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
            } catch let e as UnsafeBoardFile where reader !== legacy {
                // Someone's journal that is a FIFO, a symlink or a hard link: that one file is
                // credited to nobody; it must not shut the whole team out of the board.
                var st = stat()
                let stamp: [Int64] = lstat(reader.path, &st) == 0 ? [Int64(st.st_ino), Int64(st.st_uid), Int64(st.st_mode)] : []
                if refused[reader.label] != stamp {
                    refused[reader.label] = stamp
                    body(.problem(JournalProblem(kind: .notCredited, line: 0, offset: 0, length: 0, reason: e.problem + "; " + e.fix, file: reader.label)), reader.label)
                }
            }
        }
        if !result.replaced.isEmpty { return result }

        // k-way merge: each file is in order already; take the smallest head each time. Heads are
        // compared by their order keys (worked out on the decoding threads); lines are not copied.
        var cursors = passes.map { Cursor(pass: $0) }
        var previous = [JournalReader.OrderKey?](repeating: nil, count: passes.count)
        let ordered = layout == .perAuthor

        /// Moves cursor i to its next event, handing out the problems it passes on the way.
        func fill(_ i: Int) throws {
            while !cursors[i].done {
                let c = cursors[i]
                if c.part < c.parts.count {
                    let part = c.parts[c.part]
                    if c.pos < part.keys.count {
                        if !part.keys[c.pos].isProblem { return }
                        body(part.lines[c.pos], labels[i])
                        cursors[i].pos += 1
                        continue
                    }
                    cursors[i].part += 1
                    cursors[i].pos = 0
                    continue
                }
                if let parts = try cursors[i].pass.nextParts() {
                    cursors[i].parts = parts
                } else if let last = cursors[i].pass.unterminatedLine() {
                    cursors[i].parts = [JournalReader.Decoding(line: last, reader: cursors[i].pass.reader)]
                } else {
                    cursors[i].done = true
                    cursors[i].parts = []
                }
                cursors[i].part = 0
                cursors[i].pos = 0
            }
        }
        for i in cursors.indices { try fill(i) }
        while true {
            var best = -1
            var bestKey = JournalReader.OrderKey.problem
            for i in cursors.indices where !cursors[i].done {
                let key = cursors[i].key
                if best < 0 || key < bestKey { best = i; bestKey = key }
            }
            guard best >= 0 else { break }
            // Out of order within a file, or behind what an earlier pass handed out: the caller
            // replays everything sorted (a git merge, a clock that went back).
            // Per-author boards order by (seq, time, id), like `precedes`: the events from before
            // the upgrade all have seq 0, and a merge may have reordered those too. Two machines
            // appending to one author's journal (one login on a laptop and a server) can write
            // events of equal seq and time in either order; the id settles it, or their boards
            // would number the same deals differently.
            if let p = previous[best] ?? lastKey, ordered ? bestKey < p : bestKey.time < p.time { result.unsorted = true }
            previous[best] = bestKey
            if ordered || lastKey == nil || bestKey.time > lastKey!.time { lastKey = bestKey }
            maxSeq = max(maxSeq, bestKey.seq)
            let c = cursors[best]
            body(c.parts[c.part].lines[c.pos], labels[best])
            cursors[best].pos += 1
            try fill(best)
        }
        for pass in passes {
            if let tail = pass.finish().tail { result.tails.append(tail) }
        }
        return result
    }

    /// Where one file's merge stands: its pass, the decoded block and the line in it.
    struct Cursor {
        let pass: JournalReader.Pass
        var parts: [JournalReader.Decoding] = []
        var part = 0
        var pos = 0
        var done = false

        init(pass: JournalReader.Pass) { self.pass = pass }

        var key: JournalReader.OrderKey { parts[part].keys[pos] }
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
