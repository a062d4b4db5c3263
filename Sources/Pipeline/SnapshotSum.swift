import Foundation

/// The checksum at the end of a snapshot file (format 9): each block of deals is hashed on its
/// own, the rest of the body as one stream around them, and those hashes are hashed together.
///
/// So each block is hashed by the thread that decodes it, while its bytes are at hand
/// (`BoardState.decodeDeals`), and the rest on another core meanwhile. One hash over the whole
/// body read the 80 MB of a 100,000-deal snapshot from memory a second time, after the decoders
/// had read it: a fifth of a command's work.
public enum SnapshotSum {
    /// The bytes of `body` outside `blocks` (which must lie in it, in order, apart), as one stream.
    public static func rest(_ body: UnsafeRawBufferPointer, around blocks: [Range<Int>]) -> UInt64? {
        var h = KeyedHash(key: (0, 0))
        var at = 0
        for b in blocks {
            guard b.lowerBound >= at, b.upperBound <= body.count else { return nil }
            h.add(UnsafeRawBufferPointer(rebasing: body[at..<b.lowerBound]))
            at = b.upperBound
        }
        h.add(UnsafeRawBufferPointer(rebasing: body[at...]))
        return h.finish().0
    }

    /// One block's bytes.
    public static func block(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        KeyedHash.hash(bytes, key: (0, 0)).0
    }

    public static func combine(rest: UInt64, blocks: [UInt64]) -> UInt64 {
        var h = KeyedHash(key: (0, 0))
        for v in [rest] + blocks { withUnsafeBytes(of: v.littleEndian) { h.add($0) } }
        return h.finish().0
    }

    /// The checksum of a whole body whose blocks lie at `blocks` (what the writer computes).
    public static func of(_ body: UnsafeRawBufferPointer, blocks: [Range<Int>]) -> UInt64? {
        guard let rest = rest(body, around: blocks) else { return nil }
        return combine(rest: rest, blocks: blocks.map { block(UnsafeRawBufferPointer(rebasing: body[$0])) })
    }
}

/// What the reader of a snapshot learns of its blocks of deals: where they lie, as soon as both
/// are known (`found` is called then, while the first is still being decoded), and the hash of
/// each, made while decoding it in place (`SnapshotSum`); nil when not read in place.
public final class SnapshotBlocks: @unchecked Sendable {
    let found: ([Range<Int>]) -> Void
    public internal(set) var ranges: [Range<Int>] = []
    /// In the order the blocks lie, like `ranges`.
    public internal(set) var sums: [UInt64?] = []

    public init(found: @escaping ([Range<Int>]) -> Void = { _ in }) { self.found = found }
}
