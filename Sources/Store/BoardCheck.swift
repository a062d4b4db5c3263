import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dealboard check`: every problem of a board folder, each with its file, line and reason;
/// `--repair` moves damaged lines to journal.rejected and never deletes a byte.
public enum BoardCheck {
    public struct Finding: Equatable, CustomStringConvertible {
        public enum Severity: String { case error, warning }
        public var severity: Severity
        public var message: String
        public var description: String { "\(severity.rawValue): \(message)" }
    }

    public static func run(folder: String) -> [Finding] {
        let files = BoardFiles(folder: folder)
        var findings: [Finding] = []
        if let problem = BoardFiles.accessProblem(folder: files.folder) {
            return [Finding(severity: .error, message: problem)]
        }
        var pipeline: PipelineDefinition?
        do {
            pipeline = try PipelineLoader.load(path: files.pipeline)
        } catch let e as PipelineFileError {
            findings += e.all.map { Finding(severity: .error, message: $0.description) }
        } catch {
            findings.append(Finding(severity: .error, message: "\(error)"))
        }
        findings += permissionFindings(files)
        // Read the journal on its own, so a broken pipeline.toml does not hide journal problems,
        // and under the lock, so a write in flight is not mistaken for a torn line.
        let reader = JournalReader(path: files.journal)
        var ids = Set<String>()
        var state = BoardState()
        do {
            let result = try files.withLock { try reader.readNew { line in
                switch line {
                case .event(let e, let n):
                    if !ids.insert(e.id).inserted {
                        findings.append(Finding(severity: .warning, message: "journal.jsonl:\(n): duplicate event id \(e.id) (ignored on replay)"))
                    }
                    state.apply(e)
                case .problem(let p):
                    findings.append(Finding(severity: .error, message: p.description))
                }
            } }
            if let tail = result.tail { findings.append(Finding(severity: .error, message: tail.description)) }
        } catch {
            findings.append(Finding(severity: .error, message: "\(error)"))
        }
        for note in state.notes { findings.append(Finding(severity: .warning, message: "journal.jsonl: \(note)")) }
        if let pipeline { findings += orphanFindings(state, pipeline) }
        return findings
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

    static func permissionFindings(_ files: BoardFiles) -> [Finding] {
        var out: [Finding] = []
        for path in [files.pipeline, files.journal] {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if st.st_mode & 0o007 != 0 {
                out.append(Finding(severity: .warning, message: "\(path): readable or writable by every user (mode \(String(st.st_mode & 0o777, radix: 8))); chmod o-rwx"))
            }
        }
        return out
    }

    public struct RepairResult {
        public var movedLines: [Int]
        public var movedBytes: Int
        public var sideFile: String
    }

    /// Rewrites the journal without its damaged lines (and torn tail), which go to
    /// journal.rejected first. Under the board lock; the new journal replaces the old one with
    /// an atomic rename, so a crash leaves either the old or the new file, never a mix.
    /// Works on the journal alone: a broken pipeline.toml must not stop a repair.
    public static func repair(folder: String, user: String? = nil) throws -> RepairResult {
        let files = BoardFiles(folder: folder)
        if let problem = BoardFiles.accessProblem(folder: files.folder) { throw BoardStore.NoBoard(folder: files.folder, reason: problem) }
        return try files.withLock {
            let fd = Foundation.open(files.journal, O_RDONLY | O_CLOEXEC)
            if fd < 0 { return RepairResult(movedLines: [], movedBytes: 0, sideFile: files.rejected) }
            let (size, _) = try POSIX.fileSize(fd, path: files.journal)
            let bytes = try POSIX.pread(fd, count: Int(size), at: 0, path: files.journal)
            var st = stat()
            fstat(fd, &st)
            close(fd)

            var keep: [UInt8] = []
            keep.reserveCapacity(bytes.count)
            var moved: [Int] = []
            var movedBytes = 0
            var lineNumber = 0
            var start = 0
            let who = POSIX.currentUser
            let when = Timestamp.format(Date())
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
                    try files.setAside(line, header: "\(when) \(who): dealboard check --repair moved line \(lineNumber) of journal.jsonl (\(line.count) bytes): \(reason)")
                    moved.append(lineNumber)
                    movedBytes += line.count
                } else {
                    keep += line
                    keep.append(0x0A)
                }
                start = lineEnd + 1
            }
            let endsClean = bytes.last == 0x0A || bytes.isEmpty
            guard !moved.isEmpty || !endsClean else { return RepairResult(movedLines: [], movedBytes: 0, sideFile: files.rejected) }

            // Write the kept lines to a fresh temp file beside the journal, then rename over it.
            var template = Array((files.folder + "/.journal.repair.XXXXXX").utf8CString)
            let tmp = mkstemp(&template)
            if tmp < 0 { throw SystemError("create a temporary file in", files.folder) }
            let tmpPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            var ok = false
            defer { if !ok { unlink(tmpPath) } }
            fchmod(tmp, st.st_mode & 0o7777)
            _ = fchown(tmp, uid_t.max, st.st_gid)
            try keep.withUnsafeBytes { try POSIX.writeAll(tmp, $0, path: tmpPath) }
            if fsync(tmp) != 0 { close(tmp); throw SystemError("sync", tmpPath) }
            close(tmp)
            if rename(tmpPath, files.journal) != 0 { throw SystemError("replace", files.journal) }
            ok = true
            POSIX.fsyncDirectory(files.folder)
            return RepairResult(movedLines: moved, movedBytes: movedBytes, sideFile: files.rejected)
        }
    }
}
