import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A board file that is not what it must be: a symlink, a FIFO or a folder where a file belongs,
/// a file owned by someone it must not be, or writable by people who must not write it.
///
/// On a shared board every file name is something a colleague may have planted, so each one is
/// opened without following symlinks and checked on the open descriptor (fstat), never by path
/// before the open: nothing can be swapped between the check and the use.
public struct UnsafeBoardFile: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var fix: String

    public var description: String { "refusing \(path): \(problem); \(fix)" }
}

enum SafeFile {
    /// The login name of a uid ("uid 1234" when it has none).
    static func userName(_ uid: uid_t) -> String {
        if let pw = getpwuid(uid), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }

    static func uid(of name: String) -> uid_t? {
        guard let pw = getpwnam(name) else { return nil }
        return pw.pointee.pw_uid
    }

    /// Who may remove a planted file: the folder's owner (sticky folder), else anyone with write access.
    static func remover(of path: String) -> String {
        var st = stat()
        let folder = (path as NSString).deletingLastPathComponent
        guard lstat(folder, &st) == 0 else { return "the board's owner" }
        return "the board's owner (\(userName(st.st_uid)))"
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFDIR: return "a folder"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    /// Opens a board file without following a symlink, and refuses anything but a regular file.
    /// O_NONBLOCK keeps a planted FIFO from blocking the open; it is cleared afterwards.
    /// Returns nil when the file does not exist (and `O_CREAT` was not asked for).
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600, action: String) throws -> (fd: Int32, stat: stat)? {
        let fd = Foundation.open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP || code == ENXIO || code == EISDIR || code == EWOULDBLOCK {
                var st = stat()
                let what = lstat(path, &st) == 0 ? kind(st.st_mode) + " owned by \(userName(st.st_uid))" : "not a regular file"
                throw UnsafeBoardFile(path: path, problem: "it is \(what), not a regular file",
                                      fix: "a board file must be a plain file; ask \(remover(of: path)) to remove it (dealboard check lists every such file)")
            }
            throw SystemError(action, path, code: code)
        }
        var st = stat()
        if fstat(fd, &st) != 0 { let code = errno; close(fd); throw SystemError("inspect", path, code: code) }
        if (st.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw UnsafeBoardFile(path: path, problem: "it is \(kind(st.st_mode)), not a regular file",
                                  fix: "a board file must be a plain file; ask \(remover(of: path)) to remove it (dealboard check lists every such file)")
        }
        if st.st_nlink > 1, (flags & O_ACCMODE) != O_RDONLY {
            // A hard link to a file elsewhere (another user's ~/.bashrc) would pass every other check.
            close(fd)
            throw UnsafeBoardFile(path: path, problem: "it has \(st.st_nlink) hard links (it may be another file in disguise)",
                                  fix: "ask \(remover(of: path)) to remove it")
        }
        let fl = fcntl(fd, F_GETFL)
        if fl >= 0 { _ = fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) }
        return (fd, st)
    }

    /// Like `open`, but a missing file is an error too.
    static func openExisting(_ path: String, _ flags: Int32, action: String) throws -> (fd: Int32, stat: stat) {
        guard let r = try open(path, flags, action: action) else { throw SystemError(action, path, code: ENOENT) }
        return r
    }

    /// Creates a file that must not exist yet (O_EXCL|O_NOFOLLOW: never through a planted name),
    /// with exactly `mode` (fchmod after create: the umask cannot change it).
    static func createExclusive(_ path: String, mode: mode_t, flags: Int32 = O_WRONLY) throws -> Int32 {
        let fd = Foundation.open(path, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            if code == EEXIST {
                var st = stat()
                if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
                    throw UnsafeBoardFile(path: path, problem: "it is \(kind(st.st_mode)) owned by \(userName(st.st_uid))",
                                          fix: "ask \(remover(of: path)) to remove it")
                }
            }
            throw SystemError("create", path, code: code)
        }
        fchmod(fd, mode)
        return fd
    }

    /// Reads a whole small file safely (pipeline.toml, themes): no symlink, no FIFO, regular only.
    static func readAll(_ path: String) throws -> (Data, stat)? {
        guard let (fd, st) = try open(path, O_RDONLY, action: "open") else { return nil }
        defer { close(fd) }
        let bytes = try POSIX.pread(fd, count: Int(st.st_size), at: 0, path: path)
        return (Data(bytes), st)
    }
}
