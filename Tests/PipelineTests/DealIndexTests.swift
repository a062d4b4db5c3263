import Foundation
import Testing
@testable import Pipeline

/// The deals' look-up tables: every uid and number found where it was put, none found that
/// was not, a second one refused; uids that collide end in a Dictionary, numbers far apart in
/// one too, and neither changes an answer.
@Suite struct DealIndexTests {
    /// Uids of many shapes: dealboard's 15 characters, short, long, empty, non-ASCII, and
    /// prefixes of one another (the hash reads them a word at a time).
    let uids: [String] = {
        var out = (0..<3000).map { String(format: "id%013d", $0 * 7919 % 100_003) }
        out += ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "é", "ü-ümlaut-long-uid-0001", "日本語のID"]
        return out
    }()

    func check(_ index: UIDIndex) {
        for (p, uid) in uids.enumerated() {
            #expect(index.position(of: uid) { uids[$0] } == p, "\(uid)")
        }
        for missing in ["id0000000000000x", "abcdefghij", "zz", "abcdefghijklmno"] where !uids.contains(missing) {
            #expect(index.position(of: missing) { uids[$0] } == nil, "\(missing)")
        }
    }

    @Test func everyUIDIsFoundWhereItWasPut() {
        var grown = UIDIndex()
        var sized = UIDIndex(capacity: uids.count)
        for (p, uid) in uids.enumerated() {
            let (a, b) = (grown.insert(uid, at: p) { uids[$0] }, sized.insert(uid, at: p) { uids[$0] })
            #expect(a && b)
        }
        check(grown)
        check(sized)
        #expect(!grown.isDictionary && !sized.isDictionary)
        // The same uid again is refused, and the first stays.
        let again = grown.insert(uids[5], at: 99_999) { $0 == 99_999 ? uids[5] : uids[$0] }
        #expect(!again)
        check(grown)
    }

    /// All at once (an open from a snapshot), into an empty table or one too small, and with
    /// probing cut short: the same answers, and the first uid seen twice named.
    @Test func uidsAddedAllAtOnceAreFoundAlike() {
        for var index in [UIDIndex(), UIDIndex(capacity: 8), UIDIndex(capacity: uids.count), UIDIndex(capacity: 16, longProbe: 1)] {
            let twice = index.insertAll(uids.count) { uids[$0] }
            #expect(twice == nil)
            check(index)
        }
        let repeated = uids + [uids[40]] + ["after"]
        var index = UIDIndex(capacity: repeated.count)
        #expect(index.insertAll(repeated.count) { repeated[$0] } == uids.count)
        #expect(index.position(of: "after") { repeated[$0] } == nil && index.position(of: uids[40]) { repeated[$0] } == 40)
    }

    @Test func uidsThatCollideEndInADictionaryWithTheSameAnswers() {
        var index = UIDIndex(capacity: 16, longProbe: 1)
        for (p, uid) in uids.enumerated() {
            let added = index.insert(uid, at: p) { uids[$0] }
            #expect(added)
        }
        #expect(index.isDictionary)
        check(index)
        let again = index.insert(uids[0], at: 12_345) { uids[$0] }
        #expect(!again)
        check(index)
    }

    @Test func numbersNearAndFarAreFound() {
        var index = NumberIndex()
        let numbers = Array(1...500) + [1_000_000, 10_000_000_000, -3, 0, 501, 250_000]
        for (p, n) in numbers.enumerated() {
            let added = index.insert(n, at: p)
            #expect(added, "\(n)")
        }
        for (p, n) in numbers.enumerated() {
            #expect(index[n] == p, "\(n)")
        }
        for n in [502, 999_999, 1_000_001, -1, 10_000_000_001] {
            #expect(index[n] == nil, "\(n)")
        }
        let (far, near) = (index.insert(1_000_000, at: 7), index.insert(3, at: 7))
        #expect(!far && !near)
        #expect(index[1_000_000] == 500 && index[3] == 2)
        // A far number kept aside stays found once the array grows past it.
        var grows = NumberIndex()
        var all = grows.insert(6000, at: 0)
        for n in 1...3000 { all = grows.insert(n, at: n) && all }
        #expect(all)
        for n in 3001...7000 where n != 6000 { _ = grows.insert(n, at: n) }
        #expect(grows[6000] == 0 && grows[5999] == 5999 && grows[6001] == 6001)
        let twice = grows.insert(6000, at: 1)
        #expect(!twice)
    }
}
