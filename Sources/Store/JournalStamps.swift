import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A journal file as `fstat` saw it: the same file (inode), the same length, and no change
/// since (ctime, which every write, truncate, chmod or rename updates and which no user can
/// set back).
struct FileStamp: Equatable {
    var inode: UInt64
    var size: Int64
    var ctime: Int64
    var ctimeNanos: Int64

    init(_ st: stat) {
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        ctime = Int64(st.st_ctim.tv_sec)
        ctimeNanos = Int64(st.st_ctim.tv_nsec)
    }

    init(inode: UInt64, size: Int64, ctime: Int64, ctimeNanos: Int64) {
        self.inode = inode
        self.size = size
        self.ctime = ctime
        self.ctimeNanos = ctimeNanos
    }

    /// Taken at least a second after the file's last change: a change made after it cannot
    /// carry the same ctime, however coarse the file system's clock ("racily clean" in git's
    /// words otherwise).
    func settled(at now: time_t) -> Bool { Int64(now) - ctime >= 2 }

    /// The file can only have been changed by this user: theirs, and nobody else may write it.
    static func onlyOurs(_ st: stat) -> Bool { st.st_uid == geteuid() && st.st_mode & 0o022 == 0 }

    func write(into w: inout SnapshotWriter) {
        w.uint(inode)
        w.int(Int(size))
        w.int(Int(ctime))
        w.int(Int(ctimeNanos))
    }

    init(_ r: inout SnapshotReader) throws {
        self.init(inode: try r.uint(), size: Int64(try r.int()), ctime: Int64(try r.int()), ctimeNanos: Int64(try r.int()))
    }
}

/// The journals a snapshot may trust without reading them again.
///
/// A snapshot checks that every journal still starts with the bytes it folded by hashing them
/// (see `BoardSnapshot.unchanged`): 22 MB at 10,000 deals, 220 MB at 100,000, on every open and
/// every command. A journal whose stamp is still the one taken when its bytes were last known
/// to be those (when the snapshot hashed them, or right after this user's own append under the
/// board's lock) has not been written since, and is not read.
///
/// The stamps of this user's appends are kept beside the snapshot, in `<snapshot>.stamps`, with
/// the snapshot's key: a newer snapshot has stamps of its own. Only a journal nobody else can
/// write is vouched for by them.
struct JournalTrust {
    /// The key of the snapshot the stamps belong to.
    var key: (UInt64, UInt64)
    /// Journal path → its trusted stamp.
    var stamps: [String: FileStamp]

    static let magic = Array("dealboard stamps 1\n".utf8)

    static func path(ofSnapshot snapshot: String) -> String { snapshot + ".stamps" }

    /// The stamps this user's appends left for the snapshot with `key`; empty when there are none.
    static func appended(snapshot: String, key: (UInt64, UInt64)) -> [String: FileStamp] {
        guard let (data, st) = try? SafeFile.readAll(path(ofSnapshot: snapshot)), st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else { return [:] }
        return (try? data.withUnsafeBytes { bytes -> [String: FileStamp] in
            var r = SnapshotReader(bytes)
            for b in magic where try r.byte() != b { return [:] }
            guard try r.fixed64() == key.0, try r.fixed64() == key.1 else { return [:] }
            var out: [String: FileStamp] = [:]
            for _ in 0..<(try r.count()) { out[try r.string()] = try FileStamp(&r) }
            return r.atEnd ? out : [:]
        }) ?? [:]
    }

    /// Written whole and renamed over the old one: a cache, so a failure only costs a hash.
    func saveAppended(snapshot: String, only paths: [String]) {
        var w = SnapshotWriter(capacity: 256)
        for b in Self.magic { w.byte(b) }
        w.fixed64(key.0)
        w.fixed64(key.1)
        let kept = paths.compactMap { p in stamps[p].map { (p, $0) } }
        w.count(kept.count)
        for (p, s) in kept {
            w.string(p)
            s.write(into: &w)
        }
        let target = Self.path(ofSnapshot: snapshot)
        let temp = target + ".\(getpid()).tmp"
        guard let fd = try? SafeFile.createExclusive(temp, mode: 0o600) else { return }
        let written = (try? w.bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: temp) }) != nil
        close(fd)
        if !written || rename(temp, target) != 0 { unlink(temp) }
    }
}
