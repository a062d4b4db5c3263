import Foundation

/// The bytes of a snapshot that a state reads in place: the store's read-only mapping of the
/// snapshot file, or (where it cannot be mapped safely) the file read into memory of its own.
/// The deals' packed parts (`PackedDeals`) and the ids seen (`SortedIDs`) point
/// into it rather than holding copies, and keep it alive; `release` runs when the last of them
/// is gone.
///
/// At 100,000 deals this is most of an 80 MB file: copied, it was read twice and faulted in as
/// much fresh memory, which took more of a command's time than decoding the deals.
public final class SnapshotMemory: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer
    private let release: @Sendable () -> Void

    /// `bytes` must stay readable and unchanged until `release` is called.
    public init(bytes: UnsafeRawBufferPointer, release: @escaping @Sendable () -> Void) {
        self.bytes = bytes
        self.release = release
    }

    deinit { release() }

    /// Where `part` starts in these bytes, when it lies wholly inside them.
    func offset(of part: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let start = part.baseAddress else { return nil }
        let offset = start - base
        return offset >= 0 && offset + part.count <= bytes.count ? offset : nil
    }
}
