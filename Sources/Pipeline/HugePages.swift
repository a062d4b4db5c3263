#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a big buffer with 2 MB pages where it can.
///
/// An open of a 100,000-deal board fills ~150 MB of fresh memory (the packed deals, the deals,
/// the seen event ids) right after reserving it, and taking it in 4 KB pages was a fault every
/// 4 KB: 75 ms of system time in a 100 ms write. Where transparent huge pages are "madvise"
/// (Debian's and Ubuntu's default), a region marked here takes one fault per 2 MB. Only whole
/// 2 MB stretches inside the buffer are marked, so nothing past it is touched; where huge pages
/// are "never", or on other systems, this does nothing.
public enum HugePages {
    static let size = 2 << 20

    public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= 2 * size, let base = buffer.baseAddress else { return }
        let mask = UInt(size - 1)
        let start = (UInt(bitPattern: base) + mask) & ~mask
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~mask
        guard end > start, let at = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(at, Int(end - start), MADV_HUGEPAGE)
        #endif
    }

    /// For the room an array has reserved (its capacity), before it is filled.
    static func advise<T>(room array: inout [T]) {
        #if os(Linux)
        let bytes = array.capacity * MemoryLayout<T>.stride
        guard bytes >= 2 * size else { return }
        array.withUnsafeMutableBufferPointer { b in
            advise(UnsafeMutableRawBufferPointer(start: b.baseAddress, count: bytes))
        }
        #endif
    }
}
