import Foundation
import Testing
@testable import Pipeline

/// The big buffers of an open are marked for 2 MB pages: the kernel's own account of the
/// memory (/proc/self/smaps) says so where transparent huge pages are "madvise".
@Suite struct HugePagesTests {
    /// "THPeligible" of the mapping holding `address`, nil when the kernel does not say.
    static func eligible(_ address: UInt) -> Bool? {
        // Read to the end: a /proc file says it is 0 bytes long.
        guard let data = FileHandle(forReadingAtPath: "/proc/self/smaps")?.readDataToEndOfFile() else { return nil }
        let smaps = String(decoding: data, as: UTF8.self)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let ends = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = ends.count == 2 && ends[0] <= address && address < ends[1]
            } else if inside, line.hasPrefix("THPeligible:") {
                return line.hasSuffix("1")
            }
        }
        return nil
    }

    static var madviseMode: Bool {
        (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8))?.contains("[madvise]") == true
    }

    @Test func aBigBufferIsMarkedForHugePagesAndStaysUsable() throws {
        var big: [UInt8] = []
        big.reserveCapacity(16 << 20)
        HugePages.advise(room: &big)
        // Marked only inside the buffer: its middle is a whole 2 MB stretch.
        let middle = big.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } + UInt(8 << 20)
        big.append(contentsOf: [UInt8](repeating: 7, count: 16 << 20))
        #expect(big.count == 16 << 20 && big[0] == 7 && big[8 << 20] == 7 && big[(16 << 20) - 1] == 7)
        if Self.madviseMode, let marked = Self.eligible(middle) {
            #expect(marked)
        }
    }
}
