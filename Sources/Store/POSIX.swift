import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call, with the path and what we were doing — never just "error 13".
public struct SystemError: Error, CustomStringConvertible {
    public var action: String
    public var path: String
    public var code: Int32

    public init(_ action: String, _ path: String, code: Int32 = errno) {
        self.action = action
        self.path = path
        self.code = code
    }

    public var description: String { "cannot \(action) \(path): \(String(cString: strerror(code)))" }
}

/// Small wrappers over the system calls the store protocol is made of.
enum POSIX {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600, action: String) throws -> Int32 {
        let fd = Foundation.open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw SystemError(action, path) }
        return fd
    }

    /// Writes all bytes; a regular file only returns short on a full disk, which is an error.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write to", path)
            }
            done += n
        }
    }

    static func pread(_ fd: Int32, count: Int, at offset: Int64, path: String) throws -> [UInt8] {
        var buffer: [UInt8] = []
        try preadAppending(fd, count: count, at: offset, to: &buffer, path: path)
        return buffer
    }

    /// Reads up to `count` bytes at `offset` straight onto the end of `buffer` (no zero-fill,
    /// no second copy: this is the replay path).
    static func preadAppending(_ fd: Int32, count: Int, at offset: Int64, to buffer: inout [UInt8], path: String) throws {
        let start = buffer.count
        var failure: Int32 = 0
        let tail = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            var done = 0
            while done < count {
                let n = Foundation.pread(fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw SystemError("read", path, code: failure) }
        if start == 0 { buffer = tail } else { buffer += tail }
    }

    static func fileSize(_ fd: Int32, path: String) throws -> (size: Int64, inode: UInt64) {
        var st = stat()
        if fstat(fd, &st) != 0 { throw SystemError("inspect", path) }
        return (Int64(st.st_size), UInt64(st.st_ino))
    }

    /// What tells that a file changed: inode, size and modification time (nanoseconds).
    static func stamp(_ path: String) -> [Int64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [Int64(st.st_ino), Int64(st.st_size), Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec)]
    }

    static func fsyncDirectory(_ path: String) {
        let fd = Foundation.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// The operating-system user running this process — the author of every event it writes.
    static var currentUser: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(geteuid())"
    }
}
