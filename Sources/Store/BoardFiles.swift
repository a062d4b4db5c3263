import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct NoSuchGroup: Error, CustomStringConvertible {
    public var group: String
    public var description: String { "no group named \"\(group)\" on this machine (see: getent group); create it with groupadd, add the team with usermod -aG" }
}

/// The files of a board folder, and the permissions they get.
///
/// A private board: folder 0700, files 0600. A shared board (`init --shared GROUP`): folder
/// 2770 (setgid, so new files inherit the group), files 0660. New files copy the board's mode,
/// so a side file or a lock created later is no more open than the journal.
public struct BoardFiles: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = (folder as NSString).standardizingPath
    }

    public var pipeline: String { folder + "/pipeline.toml" }
    public var journal: String { folder + "/journal.jsonl" }
    public var lock: String { folder + "/journal.lock" }
    /// Bytes taken out of the journal (torn tails, damaged lines) — kept, never deleted.
    public var rejected: String { folder + "/journal.rejected" }

    /// Why this folder cannot be opened as a board, said precisely (missing, a file, no
    /// permission, no pipeline.toml); nil when it can.
    public static func accessProblem(folder: String) -> String? {
        var st = stat()
        if stat(folder, &st) != 0 {
            if errno == EACCES { return "cannot open \(folder): permission denied (ask the board's owner to add you to its group)" }
            return "no board at \(folder) (the folder does not exist). Create one with: dealboard init --board \(folder)  — or try: dealboard demo"
        }
        if (st.st_mode & S_IFMT) != S_IFDIR { return "\(folder) is a file, not a board folder (a board is a folder with pipeline.toml and journal.jsonl)" }
        if access(folder, R_OK | X_OK) != 0 { return "cannot open \(folder): permission denied (ask the board's owner to add you to its group)" }
        let pipeline = folder + "/pipeline.toml"
        if stat(pipeline, &st) != 0 {
            return "no board at \(folder) (no pipeline.toml there). Create one with: dealboard init --board \(folder)  — or try: dealboard demo"
        }
        if access(pipeline, R_OK) != 0 { return "cannot read \(pipeline): permission denied" }
        return nil
    }

    /// Whether the folder is set up for a group (setgid bit).
    public var isShared: Bool {
        var st = stat()
        return stat(folder, &st) == 0 && (st.st_mode & S_ISGID) != 0
    }

    public var fileMode: mode_t { isShared ? 0o660 : 0o600 }

    /// Creates a file that must not exist yet, with the board's mode (umask cannot widen or
    /// narrow it: fchmod after create).
    func createExclusive(_ path: String, contents: Data) throws {
        let fd = try POSIX.open(path, O_WRONLY | O_CREAT | O_EXCL, fileMode, action: "create")
        defer { close(fd) }
        fchmod(fd, fileMode)
        try contents.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
        if fsync(fd) != 0 { throw SystemError("sync", path) }
    }

    /// Opens (creating with the board's mode if needed) for appending; also readable, so a writer
    /// can look at the tail it is about to append to.
    func openForAppend(_ path: String) throws -> Int32 {
        let fd = try POSIX.open(path, O_RDWR | O_APPEND | O_CREAT, fileMode, action: "open for writing")
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size == 0 { fchmod(fd, fileMode) }
        return fd
    }

    /// Holds the board's exclusive lock (flock on journal.lock) while `body` runs.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = try openForAppend(lock)
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw SystemError("lock", lock) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Appends a block to the side file of rejected bytes, with a header that says where it came from.
    func setAside(_ bytes: [UInt8], header: String) throws {
        let fd = try openForAppend(rejected)
        defer { close(fd) }
        var block = Array("# \(header)\n".utf8)
        block += bytes
        if block.last != 0x0A { block.append(0x0A) }
        try block.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: rejected) }
        if fsync(fd) != 0 { throw SystemError("sync", rejected) }
    }

    /// Makes a new board folder: private, or shared with a group.
    public static func createFolder(_ path: String, sharedGroup: String?) throws {
        var gid: gid_t?
        if let group = sharedGroup {
            guard let gr = getgrnam(group) else { throw NoSuchGroup(group: group) }
            gid = gr.pointee.gr_gid
        }
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: nil)
            } catch {
                throw SystemError("create folder", path, code: EACCES)
            }
        } else if !isDir.boolValue {
            throw SystemError("use as a board folder (it is a file)", path, code: ENOTDIR)
        }
        if let gid {
            if chown(path, uid_t.max, gid) != 0 { throw SystemError("give the group to", path) }
            if chmod(path, 0o2770) != 0 { throw SystemError("set permissions on", path) }
        } else {
            if chmod(path, 0o700) != 0 { throw SystemError("set permissions on", path) }
        }
    }
}
