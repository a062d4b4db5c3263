import Foundation
import Testing
@testable import Store
import Pipeline

/// The hash that tells a journal or a snapshot is still what it was: the same bytes give the
/// same hash however they were read in pieces, and any change, even one trailing zero, gives
/// another.
@Suite struct KeyedHashTests {
    let bytes: [UInt8] = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 3) }
    let key: (UInt64, UInt64) = (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210)

    func hash(_ b: [UInt8], key: (UInt64, UInt64)? = nil) -> (UInt64, UInt64) {
        b.withUnsafeBytes { KeyedHash.hash($0, key: key ?? self.key) }
    }

    @Test func piecesOfAnySizeHashAsTheWhole() {
        let whole = hash(bytes)
        for piece in [1, 3, 7, 8, 31, 32, 33, 100, 999] {
            var h = KeyedHash(key: key)
            var at = 0
            while at < bytes.count {
                let end = min(bytes.count, at + piece)
                bytes[at..<end].withUnsafeBytes { h.add($0) }
                at = end
            }
            #expect(h.finish() == whole, "pieces of \(piece)")
        }
    }

    @Test func anyChangeChangesTheHash() {
        let whole = hash(bytes)
        var seen: Set<UInt64> = [whole.0]
        for i in stride(from: 0, to: bytes.count, by: 37) {
            var changed = bytes
            changed[i] ^= 1
            let h = hash(changed)
            #expect(h.0 != whole.0 && h.1 != whole.1, "byte \(i)")
            seen.insert(h.0)
        }
        #expect(seen.count == 1 + (bytes.count + 36) / 37)
        // Lengths that differ only by trailing zeros, and every prefix of a 64-byte run of zeros.
        #expect(hash(bytes + [0]) != hash(bytes))
        let zeros = (0...64).map { hash([UInt8](repeating: 0, count: $0)).0 }
        #expect(Set(zeros).count == zeros.count)
        // Another key, another hash.
        #expect(hash(bytes, key: (key.0 ^ 1, key.1)) != whole && hash(bytes, key: (key.0, key.1 ^ 1)) != whole)
    }
}
