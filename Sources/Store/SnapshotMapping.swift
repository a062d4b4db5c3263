import CSnapshotMap
import Foundation
import Pipeline

/// A snapshot file mapped read-only and read in place (see `SnapshotMemory`), under a read
/// lease: if anyone opens the file to change it while it is mapped, the mapping is swapped for
/// a private copy first (Sources/CSnapshotMap), so a file cut short can never fault a read.
enum SnapshotMapping {
    /// The whole file open on `fd` (`length` bytes), or nil when it cannot be mapped safely here
    /// (no leases on this file system, the file open for writing elsewhere): read it instead.
    static func map(fd: Int32, length: Int) -> SnapshotMemory? {
        var mapped = db_snapshot_map()
        guard db_snapshot_map_open(fd, length, &mapped) == 0, let base = mapped.base else { return nil }
        let slot = mapped.slot
        return SnapshotMemory(bytes: UnsafeRawBufferPointer(start: base, count: length)) { db_snapshot_map_close(slot) }
    }

    /// How many mappings this process has swapped for copies (tests).
    static var copies: Int { db_snapshot_map_copies() }
}
