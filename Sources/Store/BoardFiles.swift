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

/// How a board keeps its events.
public enum JournalLayout: String, Sendable {
    /// `journal/<user>.jsonl`: one file per author, created and owned by that author and writable
    /// by nobody else, so the author of an event is whoever the file system says wrote it.
    case perAuthor
    /// One `journal.jsonl` that every writer appends to (boards made before per-author journals).
    /// Authorship there is only what each line claims; `dealboard upgrade` moves to `perAuthor`.
    case single
}

/// The files of a board folder, and the permissions they get.
///
/// A private board: folders 0700, files 0600. A shared board (`init --shared GROUP`): folders
/// 3770 (setgid, so new files get the group; sticky, so nobody can rename or delete a file
/// they do not own), pipeline.toml, the lock and each author's journal 0640 — readable by the
/// team, writable by their owner only.
public struct BoardFiles: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = (folder as NSString).standardizingPath
    }

    public var pipeline: String { folder + "/pipeline.toml" }
    /// The single journal of a `.single` board; on a `.perAuthor` board, the events from before
    /// the upgrade (read-only, owned by the board's owner).
    public var journal: String { folder + "/journal.jsonl" }
    /// The per-author journals' folder.
    public var journalFolder: String { folder + "/journal" }
    public var lock: String { folder + "/journal.lock" }
    /// Bytes taken out of the single journal (torn tails, damaged lines) — kept, never deleted.
    public var rejected: String { folder + "/journal.rejected" }

    /// A journal file by its name without `.jsonl`: `alice`, or `alice@office2` (see `ownJournalName`).
    public func authorJournal(_ name: String) -> String { journalFolder + "/" + name + ".jsonl" }
    /// Where an author's own torn or damaged lines are set aside (their file: nobody else writes it).
    public func authorRejected(_ name: String) -> String { journalFolder + "/" + name + ".rejected" }

    /// The name (without `.jsonl`) of the journal `user` appends to: `user`, or on a shared board
    /// synced through git `user@machine`. A team server's journals are owned by each author, so
    /// its sync (run by the board's owner) cannot append another machine's lines to them: every
    /// file a team server writes carries the server's name, and no other machine writes it.
    public func ownJournalName(_ user: String) -> String {
        isShared && gitOwner != nil ? user + "@" + machineName : user
    }

    /// The author of a journal file, from its name: what comes before the machine (`bob@office2`
    /// is bob's; `bob` too).
    public static func author(ofJournal name: String) -> String {
        name.lastIndex(of: "@").map { String(name[..<$0]) } ?? name
    }

    /// Names this machine for the journals of a shared board synced through git (kept here, never
    /// sent: `.gitignore`). Set by `init --git --machine`; else the host's name.
    public var machineFile: String { folder + "/this-machine" }

    /// This machine's name: `this-machine` when it is a plain file the board's owner wrote and
    /// nobody else may change, else the host's short name.
    public var machineName: String {
        if let (fd, st) = try? SafeFile.open(machineFile, O_RDONLY, action: "read"), st.st_size < 256 {
            defer { close(fd) }
            var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
            let got = read(fd, &bytes, bytes.count)
            let name = String(decoding: bytes.prefix(max(0, got)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if st.st_uid == owner, st.st_mode & 0o022 == 0, Self.isMachineName(name) { return name }
        }
        return Self.hostMachineName
    }

    /// The host's name up to its first dot, in the letters a file name may safely hold.
    static let hostMachineName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let short = host.prefix { $0 != "." }.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return short.isEmpty ? "server" : String(short.prefix(64))
    }()

    /// Letters, digits, `-` and `_`, 1 to 64 of them: a machine's name goes into file names.
    public static func isMachineName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// A board with a `journal/` folder is per-author (lstat: a symlink named journal is not one).
    public var layout: JournalLayout {
        var st = stat()
        return lstat(journalFolder, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR ? .perAuthor : .single
    }

    /// The display name of a journal file: relative to the board folder.
    public func label(_ path: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

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
        if lstat(pipeline, &st) != 0 {
            return "no board at \(folder) (no pipeline.toml there). Create one with: dealboard init --board \(folder)  — or try: dealboard demo"
        }
        if access(pipeline, R_OK) != 0, (st.st_mode & S_IFMT) == S_IFREG { return "cannot read \(pipeline): permission denied" }
        return nil
    }

    /// The board folder's owner: the only user (with root) who may change the rules.
    public var owner: uid_t? {
        var st = stat()
        return stat(folder, &st) == 0 ? st.st_uid : nil
    }

    /// A user's login, or their number when the machine knows no such user.
    public static func userName(_ uid: uid_t) -> String { SafeFile.userName(uid) }

    /// The board's owner when the board folder is a git work tree of theirs (a `.git` folder the
    /// board's owner owns, not a symlink): `git pull`, run by them, writes every author's
    /// journal, so on such a board a journal the owner owns is credited by its name. nil on any
    /// other board — a `.git` planted by a colleague changes nothing.
    public var gitOwner: uid_t? {
        var st = stat()
        guard let owner, lstat(folder + "/.git", &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == owner else { return nil }
        return owner
    }

    /// Whether the folder is set up for a group (setgid bit).
    public var isShared: Bool {
        var st = stat()
        return stat(folder, &st) == 0 && (st.st_mode & S_ISGID) != 0
    }

    /// Files anyone in the team may write (the single journal, its lock and side file on a
    /// `.single` board): 0660 shared, 0600 private.
    public var fileMode: mode_t { isShared ? 0o660 : 0o600 }
    /// Files only their owner writes (per-author journals, pipeline.toml, the lock of a per-author board).
    public var ownFileMode: mode_t { isShared ? 0o640 : 0o600 }

    /// Creates a file that must not exist yet, with `mode` (the board's shared mode by default).
    func createExclusive(_ path: String, contents: Data, mode: mode_t? = nil) throws {
        let fd = try SafeFile.createExclusive(path, mode: mode ?? fileMode)
        defer { close(fd) }
        try contents.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
        if fsync(fd) != 0 { throw SystemError("sync", path) }
    }

    /// Opens (creating with `mode` if needed) a file for appending; also readable, so a writer
    /// can look at the tail it is about to append to. Never follows a symlink, never opens a FIFO.
    func openForAppend(_ path: String, mode: mode_t? = nil) throws -> Int32 {
        let mode = mode ?? fileMode
        guard let (fd, st) = try SafeFile.open(path, O_RDWR | O_APPEND | O_CREAT, mode: mode, action: "open for writing") else {
            throw SystemError("open for writing", path, code: ENOENT)
        }
        if st.st_size == 0, st.st_uid == geteuid() { fchmod(fd, mode) }
        return fd
    }

    /// Holds the board's exclusive lock (flock on journal.lock) while `body` runs.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = try openLock()
        defer { close(fd) }
        try Self.lockFile(fd, LOCK_EX, path: lock)
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    /// The lock file, opened read-only: flock needs no write access, so on a per-author board
    /// the lock can belong to the board's owner and still serve the whole team.
    func openLock() throws -> Int32 {
        for _ in 0..<3 {
            if let (fd, _) = try SafeFile.open(lock, O_RDONLY, action: "open the lock") { return fd }
            do {
                let mode = layout == .perAuthor ? ownFileMode : fileMode
                let fd = try SafeFile.createExclusive(lock, mode: mode, flags: O_RDONLY)
                return fd
            } catch let e as SystemError where e.code == EEXIST {
                continue // someone else created it meanwhile: open theirs
            }
        }
        throw SystemError("open the lock", lock, code: EEXIST)
    }

    static func lockFile(_ fd: Int32, _ op: Int32, path: String) throws {
        while flock(fd, op) != 0 {
            if errno != EINTR { throw SystemError("lock", path) }
        }
    }

    /// Appends a block to a side file of rejected bytes, with a header that says where it came from.
    func setAside(_ bytes: [UInt8], header: String, to path: String, mode: mode_t) throws {
        let fd = try openForAppend(path, mode: mode)
        defer { close(fd) }
        var block = Array("# \(header)\n".utf8)
        block += bytes
        if block.last != 0x0A { block.append(0x0A) }
        try block.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: path) }
        if fsync(fd) != 0 { throw SystemError("sync", path) }
    }

    /// Makes a new board folder: private (0700), or shared with a group (3770: setgid and sticky).
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
        try setFolderMode(path, gid: gid)
    }

    static func setFolderMode(_ path: String, gid: gid_t?) throws {
        if let gid {
            if chown(path, uid_t.max, gid) != 0 { throw SystemError("give the group to", path) }
            if chmod(path, 0o3770) != 0 { throw SystemError("set permissions on", path) }
        } else {
            if chmod(path, 0o700) != 0 { throw SystemError("set permissions on", path) }
        }
    }

    /// The per-author journals' folder, with the board folder's group and mode.
    func createJournalFolder() throws {
        var st = stat()
        guard stat(folder, &st) == 0 else { throw SystemError("inspect", folder) }
        if mkdir(journalFolder, 0o700) != 0 { throw SystemError("create folder", journalFolder) }
        try Self.setFolderMode(journalFolder, gid: (st.st_mode & S_ISGID) != 0 ? st.st_gid : nil)
    }
}
