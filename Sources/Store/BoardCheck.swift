import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dealboard check`: every problem of a board folder, each with its file, line and reason;
/// `--repair` moves your journal's damaged lines to its side file and never deletes a byte.
public enum BoardCheck {
    public struct Finding: Equatable, CustomStringConvertible {
        public enum Severity: String { case error, warning }
        public var severity: Severity
        public var message: String
        public var description: String { "\(severity.rawValue): \(message)" }
    }

    /// `trustNames`: credit journals by file name, as a store opened with a simulated user does (tests).
    /// `now`: the clock (DEALBOARD_NOW in tests), against which events stamped in the future are found.
    public static func run(folder: String, trustNames: Bool = false, now: Date = Date()) -> [Finding] {
        inspect(folder: folder, trustNames: trustNames, now: now).findings
    }

    /// What `check` prints: the findings, and — for a board without `[[people]]` — a list built
    /// from the people found in the journal, ready to paste into pipeline.toml.
    public struct Report {
        public var findings: [Finding]
        public var suggestedPeople: String? = nil
    }

    public static func inspect(folder: String, trustNames: Bool = false, now: Date = Date()) -> Report {
        let files = BoardFiles(folder: folder)
        var findings: [Finding] = []
        if let problem = BoardFiles.accessProblem(folder: files.folder) {
            return Report(findings: [Finding(severity: .error, message: problem)])
        }
        var pipeline: PipelineDefinition?
        do {
            pipeline = try PipelineFile.load(files)
        } catch let e as PipelineFileError {
            findings += e.all.map { Finding(severity: .error, message: $0.description) }
        } catch {
            findings.append(Finding(severity: .error, message: "\(error)"))
        }
        findings += fileFindings(files)
        // Read the journals on their own, so a broken pipeline.toml does not hide their problems,
        // and under the lock, so a write in flight is not mistaken for a torn line.
        let journals = JournalSet(files: files, trustNames: trustNames)
        var ids = Set<String>()
        var state = BoardState()
        // Moves are held to pipeline.toml as it is now (its history is not journaled); without a
        // pipeline that loads, only what the journal itself can say (the from stage, the deal).
        state.rules = pipeline
        var events: [(event: Event, file: String, line: Int)] = []
        do {
            let result = try files.withLock { try journals.readNew(located: { line, file in
                switch line {
                case .event(let e, let n):
                    if !ids.insert(e.id).inserted {
                        findings.append(Finding(severity: .warning, message: "\(file):\(n): duplicate event id \(e.id) (ignored on replay)"))
                    }
                    events.append((e, file, n))
                case .problem(let p):
                    findings.append(Finding(severity: .error, message: p.description))
                }
            }) }
            // The fold in board order (a merged journal's lines may come out of time order).
            if result.unsorted { events.sort { JournalSet.precedes($0.event, $1.event) } }
            let zone = pipeline?.timeZone ?? .utc
            var previous: Date?
            for (e, file, n) in events {
                findings += timeFindings(e, file: file, line: n, previous: previous, state: state, now: now, zone: zone)
                previous = e.timestamp
                let refused = state.disallowed.count
                let unread = state.unreadValues.count
                state.apply(e)
                // A money value dealboard could not have written (1e30, -5, 12,000): not read, said.
                for u in state.unreadValues.dropFirst(unread) {
                    findings.append(Finding(severity: .error, message: "\(file):\(n): \(u.description)"))
                }
                // Something its author could not have done through dealboard: not applied, kept, said.
                for d in state.disallowed.dropFirst(refused) {
                    // A creation is applied all the same (its deal is kept), only not in the stage it named.
                    let outcome = d.keptIn.map { "its stage not applied: the deal is in \(pipeline?.stage($0)?.name ?? $0)" } ?? "not applied"
                    findings.append(Finding(severity: .error, message: "\(file):\(n): not allowed, by \(d.user): \(d.type)\(d.number.map { " of #\($0)" } ?? "") at \(Timestamp.format(d.at)) (event \(d.eventID)): \(d.reason); \(outcome) (the line stays in the journal)"))
                }
            }
            for tail in result.tails { findings.append(Finding(severity: .error, message: tail.description)) }
        } catch {
            findings.append(Finding(severity: .error, message: "\(error)"))
        }
        for note in state.notes { findings.append(Finding(severity: .warning, message: "journal: \(note)")) }
        if let pipeline { findings += orphanFindings(state, pipeline) + decimalsFindings(state, pipeline) + peopleFindings(state, pipeline) }
        let suggestion = pipeline.flatMap { $0.people.isEmpty ? peopleSnippet(state) : nil }
        return Report(findings: findings, suggestedPeople: suggestion)
    }

    /// Beyond this, an event's stamp is later than the clock by more than machines' clocks
    /// differ: a writer's clock runs fast.
    static let futureTolerance: TimeInterval = 60

    /// What is wrong with an event's times: stamped in the future (a writer with a fast clock;
    /// reports count it as happening now, so it stretches no period, but its time is wrong), or
    /// an activity dated before its deal was created (a hand-made line, or an older version).
    static func timeFindings(_ e: Event, file: String, line n: Int, previous: Date?, state: BoardState, now: Date, zone: BoardTimeZone) -> [Finding] {
        var out: [Finding] = []
        let what = "\(e.type)\(e.number.map { " of #\($0)" } ?? "") by \(e.user)"
        let ahead = e.timestamp.timeIntervalSince(now)
        if ahead > futureTolerance {
            // Writers never stamp before the newest event (within an hour), so an honest writer's
            // event right after a fast one is carried along: say so rather than blame them.
            let carried = previous.map { $0 > now && e.timestamp.timeIntervalSince($0) <= 0.0015 } ?? false
            out.append(Finding(severity: .warning, message: "\(file):\(n): \(what) is stamped \(Timestamp.format(e.timestamp)), \(duration(ahead)) after now (\(Timestamp.format(now)))"
                               + (carried ? ": stamped just after the event before it, which is in the future (writers keep the journal in time order)"
                                          : ": a clock running fast?") + "; reports count it as happening now"))
        }
        if let date = e.activity?.date,
           let deal = e.deal.flatMap({ state.deal(uid: $0) }), zone.day(date) < zone.day(deal.createdAt) {
            out.append(Finding(severity: .warning, message: "\(file):\(n): \(what) is dated \(zone.day(date)), before #\(deal.number) was created (\(zone.day(deal.createdAt)))"))
        }
        return out
    }

    /// "3 days", "2 h 5 min", "4 min".
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        if minutes >= 2 * 1440 { return "\(minutes / 1440) days" }
        if minutes >= 60 { return "\(minutes / 60) h \(minutes % 60) min" }
        return "\(max(1, minutes)) min"
    }

    /// Deals in a stage pipeline.toml no longer declares (a stage key renamed or removed):
    /// the board shows them in a column of their own, but they belong somewhere real.
    static func orphanFindings(_ state: BoardState, _ pipeline: PipelineDefinition) -> [Finding] {
        let orphans = Dictionary(grouping: state.liveDeals.filter { pipeline.stage($0.stage) == nil }, by: \.stage)
        return orphans.keys.sorted().map { key in
            let numbers = orphans[key]!.map { "#\($0.number)" }.joined(separator: ", ")
            return Finding(severity: .warning, message: "pipeline.toml: no stage \"\(key)\", but \(orphans[key]!.count) deal(s) are in it (\(numbers)); "
                           + "restore the stage key, or move them: dealboard move N STAGE")
        }
    }

    /// Amounts with more decimals than the board's currency has (cents on a JPY board, from
    /// before its currency was changed): shown exactly as stored, but worth a look.
    static func decimalsFindings(_ state: BoardState, _ pipeline: PipelineDefinition) -> [Finding] {
        let currency = pipeline.money.currency
        let moneyKeys = pipeline.customFields.filter { $0.type == .money }.map(\.key)
        var out: [Finding] = []
        for d in state.liveDeals {
            let values = [("amount", d.amount)] + moneyKeys.compactMap { k in d.fields[k].flatMap(Money.init(canonical:)).map { (k, $0) } }
            for (key, m) in values where m.decimalsUsed > currency.minorDigits {
                out.append(Finding(severity: .warning, message: "#\(d.number): \(key) \(m.canonical) has \(m.decimalsUsed) decimal(s), but \(currency.code) amounts have "
                                   + (currency.minorDigits == 0 ? "none" : "at most \(currency.minorDigits)") + "; it is shown as stored: dealboard edit \(d.number) \(key)=…"))
            }
        }
        return out
    }

    /// The folder's files as files: symlinks, FIFOs, hard links, wrong owners, open modes,
    /// missing sticky bits, and temp files a killed repair left behind.
    static func fileFindings(_ files: BoardFiles) -> [Finding] {
        var out: [Finding] = []
        func error(_ m: String) { out.append(Finding(severity: .error, message: m)) }
        func warning(_ m: String) { out.append(Finding(severity: .warning, message: m)) }
        var st = stat()
        let layout = files.layout
        if stat(files.folder, &st) == 0, st.st_mode & S_ISGID != 0, st.st_mode & S_ISVTX == 0 {
            warning("\(files.folder): a shared board folder without the sticky bit: members can rename and replace each other's files (pipeline.toml included); its owner can fix it: chmod +t \(files.folder)"
                    + (layout == .single ? ", and move to per-author journals: dealboard upgrade" : ""))
        }
        if layout == .single, files.isShared {
            warning("journal.jsonl: one journal for the whole group: a member can write lines in another's name; dealboard upgrade moves the board to per-author journals")
        }
        var names = ["pipeline.toml", "journal.jsonl", "journal.lock", "journal.rejected", "journal"]
        if layout == .perAuthor, let entries = try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder) {
            names += entries.sorted().map { "journal/" + $0 }
            if lstat(files.journalFolder, &st) == 0, st.st_mode & S_ISGID != 0, st.st_mode & S_ISVTX == 0 {
                warning("journal/: shared without the sticky bit: members can delete each other's journals; the board's owner can fix it: chmod +t \(files.journalFolder)")
            }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: files.folder) {
            names += entries.filter { $0.hasPrefix(".journal.repair.") || $0.hasPrefix(".journal.upgrade.") }.sorted()
        }
        for name in names {
            let path = files.folder + "/" + name
            guard lstat(path, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if name == "journal" {
                if type != S_IFDIR { error("journal: \(SafeFile.kind(st.st_mode)) where the journals' folder belongs; ask \(SafeFile.remover(of: path)) to remove it") }
                continue
            }
            if name.hasPrefix(".journal.upgrade.") {
                warning("\(name): left behind by an upgrade that was killed (owner \(SafeFile.userName(st.st_uid))); journal.jsonl is intact, so its owner can delete it")
                continue
            }
            if name.contains(".repair.") {
                warning("\(name): left behind by a repair that was killed (owner \(SafeFile.userName(st.st_uid))); dealboard check --repair by its owner removes it")
                continue
            }
            if type != S_IFREG {
                error("\(name): \(SafeFile.kind(st.st_mode)) owned by \(SafeFile.userName(st.st_uid)), not a regular file; every command refuses it; ask \(SafeFile.remover(of: path)) to remove it")
                continue
            }
            if st.st_nlink > 1 { warning("\(name): has \(st.st_nlink) hard links; writers refuse it") }
            if st.st_mode & 0o007 != 0, name != "journal.lock" {
                warning("\(name): readable or writable by every user (mode \(String(st.st_mode & 0o777, radix: 8))); chmod o-rwx \(path)")
            }
        }
        return out
    }

    public struct RepairResult {
        public var movedLines: [Int]
        public var movedBytes: Int
        public var sideFile: String
        /// Temp files of an earlier repair that was killed, removed now.
        public var removedLeftovers: [String] = []
    }

    /// Rewrites your journal without its damaged lines (and torn tail), which go to its side file
    /// first. Under the board lock; the new journal replaces the old one with an atomic rename,
    /// so a crash leaves either the old or the new file, never a mix. Works on the journal
    /// alone: a broken pipeline.toml must not stop a repair. On a per-author board each author
    /// repairs their own journal (nobody else can write it).
    public static func repair(folder: String, user: String? = nil) throws -> RepairResult {
        let files = BoardFiles(folder: folder)
        if let problem = BoardFiles.accessProblem(folder: files.folder) { throw BoardStore.NoBoard(folder: files.folder, reason: problem) }
        let who = user ?? POSIX.currentUser
        let perAuthor = files.layout == .perAuthor
        let name = files.ownJournalName(who)
        let journal = perAuthor ? files.authorJournal(name) : files.journal
        let side = perAuthor ? files.authorRejected(name) : files.rejected
        let tempFolder = perAuthor ? files.journalFolder : files.folder
        let tempPrefix = perAuthor ? ".\(name).jsonl.repair." : ".journal.repair."
        return try files.withLock {
            var result = RepairResult(movedLines: [], movedBytes: 0, sideFile: side)
            // Our own leftovers of a repair that was killed: they hold copies of kept lines only.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: tempFolder)) ?? [] where name.hasPrefix(tempPrefix) {
                var st = stat()
                let path = tempFolder + "/" + name
                if lstat(path, &st) == 0, st.st_uid == geteuid(), (st.st_mode & S_IFMT) == S_IFREG, unlink(path) == 0 {
                    result.removedLeftovers.append(files.label(path))
                }
            }
            guard let (fd, st) = try SafeFile.open(journal, O_RDONLY, action: "open") else { return result }
            let bytes = try POSIX.pread(fd, count: Int(st.st_size), at: 0, path: journal)
            close(fd)
            if perAuthor, user == nil, st.st_uid != geteuid() {
                throw UnsafeBoardFile(path: journal, problem: "it is not yours", fix: "ask \(SafeFile.remover(of: journal)) to remove it")
            }
            let mode = perAuthor ? files.ownFileMode : files.fileMode

            var keep: [UInt8] = []
            keep.reserveCapacity(bytes.count)
            var lineNumber = 0
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let when = Timestamp.format(Date())
            let name = files.label(journal)
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A)
                let lineEnd = end ?? bytes.count
                lineNumber += 1
                let line = Array(bytes[start..<lineEnd])
                var reason: String?
                if end == nil {
                    // Kept (with its newline) if it is a complete event; set aside if torn.
                    if (try? line.withUnsafeBufferPointer({ try EventCodec.decode($0) })) == nil { reason = "torn last line (no newline)" }
                } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                    do { _ = try line.withUnsafeBufferPointer { try EventCodec.decode($0) } } catch { reason = "\(error)" }
                }
                if let reason {
                    try files.setAside(line, header: "\(when) \(who): dealboard check --repair moved line \(lineNumber) of \(name) (\(line.count) bytes): \(reason)",
                                       to: side, mode: mode)
                    result.movedLines.append(lineNumber)
                    result.movedBytes += line.count
                } else {
                    keep += line
                    keep.append(0x0A)
                }
                start = lineEnd + 1
            }
            let endsClean = bytes.last == 0x0A || bytes.isEmpty
            guard !result.movedLines.isEmpty || !endsClean else { return result }

            // Write the kept lines to a fresh temp file beside the journal (mkstemp: O_EXCL), then rename over it.
            var template = Array((tempFolder + "/" + tempPrefix + "XXXXXX").utf8CString)
            let tmp = mkstemp(&template)
            if tmp < 0 { throw SystemError("create a temporary file in", tempFolder) }
            let tmpPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            var ok = false
            defer { if !ok { unlink(tmpPath) } }
            fchmod(tmp, st.st_mode & 0o7777)
            _ = fchown(tmp, uid_t.max, st.st_gid)
            try keep.withUnsafeBytes { try POSIX.writeAll(tmp, $0, path: tmpPath) }
            if fsync(tmp) != 0 { close(tmp); throw SystemError("sync", tmpPath) }
            close(tmp)
            if rename(tmpPath, journal) != 0 { throw SystemError("replace", journal) }
            ok = true
            POSIX.fsyncDirectory(tempFolder)
            return result
        }
    }
}
