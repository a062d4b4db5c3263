import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dealboard upgrade`: moves a board with one shared journal.jsonl to per-author journals.
///
/// Nothing is rewritten or lost: journal.jsonl stays where it is, with every byte, but becomes
/// the board owner's read-only record of the events from before the upgrade (their authorship
/// is what those lines say — the old layout could not prove it). New events go to
/// `journal/<user>.jsonl`. The board folder gets the sticky bit, so members can no longer
/// rename or replace each other's files.
public enum BoardUpgrade {
    public struct Result: Sendable {
        public var legacyEvents: Int
        public var copied: Bool
    }

    public struct NotAllowed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(folder: String) throws -> Result {
        let files = BoardFiles(folder: folder)
        if let problem = BoardFiles.accessProblem(folder: files.folder) { throw BoardStore.NoBoard(folder: files.folder, reason: problem) }
        guard files.layout == .single else { throw NotAllowed(description: "\(files.folder) already has per-author journals (journal/); nothing to upgrade") }
        guard let owner = files.owner, geteuid() == owner || geteuid() == 0 else {
            throw NotAllowed(description: "only the board's owner (\(files.owner.map(SafeFile.userName) ?? "?")) can upgrade it: it changes the folder's permissions")
        }
        return try files.withLock {
            var result = Result(legacyEvents: 0, copied: false)
            let shared = files.isShared
            let readOnly: mode_t = shared ? 0o440 : 0o400
            if let (fd, st) = try SafeFile.open(files.journal, O_RDONLY, action: "open") {
                defer { close(fd) }
                let bytes = try POSIX.pread(fd, count: Int(st.st_size), at: 0, path: files.journal)
                result.legacyEvents = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                if st.st_uid == geteuid() {
                    if fchmod(fd, readOnly) != 0 { throw SystemError("make read-only", files.journal) }
                } else {
                    // Someone else's file: the board owner's read-only copy of every byte replaces it.
                    var template = Array((files.folder + "/.journal.upgrade.XXXXXX").utf8CString)
                    let tmp = mkstemp(&template)
                    if tmp < 0 { throw SystemError("create a temporary file in", files.folder) }
                    let tmpPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                    var ok = false
                    defer { if !ok { unlink(tmpPath) } }
                    try bytes.withUnsafeBytes { try POSIX.writeAll(tmp, $0, path: tmpPath) }
                    fchmod(tmp, readOnly)
                    if fsync(tmp) != 0 { close(tmp); throw SystemError("sync", tmpPath) }
                    close(tmp)
                    if rename(tmpPath, files.journal) != 0 { throw SystemError("replace", files.journal) }
                    ok = true
                    result.copied = true
                }
            }
            var st = stat()
            if lstat(files.lock, &st) == 0, st.st_uid == geteuid(), (st.st_mode & S_IFMT) == S_IFREG {
                chmod(files.lock, files.ownFileMode)
            }
            if lstat(files.pipeline, &st) == 0, st.st_uid == geteuid(), (st.st_mode & S_IFMT) == S_IFREG {
                chmod(files.pipeline, files.ownFileMode)
            }
            if stat(files.folder, &st) == 0, shared {
                if chmod(files.folder, (st.st_mode & 0o7777) | S_ISVTX) != 0 { throw SystemError("set the sticky bit on", files.folder) }
            }
            try files.createJournalFolder()
            let attributes = files.folder + "/.gitattributes"
            if let (data, ast) = try? SafeFile.readAll(attributes), ast.st_uid == geteuid() {
                let text = String(decoding: data, as: UTF8.self)
                if !text.contains("journal/*.jsonl") {
                    let fd = try files.openForAppend(attributes, mode: files.ownFileMode)
                    defer { close(fd) }
                    let line = Array((text.hasSuffix("\n") || text.isEmpty ? "" : "\n") .utf8) + Array("journal/*.jsonl merge=union\n".utf8)
                    try line.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: attributes) }
                }
            }
            POSIX.fsyncDirectory(files.folder)
            return result
        }
    }
}
