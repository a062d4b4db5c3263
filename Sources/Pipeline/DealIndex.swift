import Foundation

/// Where each deal is in the state's array, by uid: an open-addressed table of positions.
///
/// A `[String: Int]` took 28 ms of a 100,000-deal open from a snapshot to build, nearly all of
/// it hashing strings; this hashes a uid's bytes a word at a time. The hash is seeded at random
/// per process, so uids chosen to collide (a journal is anyone's to write) cannot be prepared in
/// advance; and should probing ever run long, the table gives way to a Dictionary.
struct UIDIndex: Sendable {
    /// A slot: the uid's hash in the high 32 bits, its deal's position + 1 in the low 32 (0: empty).
    private var slots: [UInt64] = []
    private var count = 0
    /// Set when probing ran long: every uid is then looked up here instead.
    private var dictionary: [String: Int]?

    private static let seed: (UInt64, UInt64) = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    /// Probing past this many taken slots is taken for uids made to collide.
    private var longProbe = 64

    init() {}

    init(capacity: Int) {
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
    }

    /// (Tests: a probe limit low enough to reach the Dictionary.)
    init(capacity: Int, longProbe: Int) {
        self.init(capacity: capacity)
        self.longProbe = longProbe
    }

    /// Whether probing ran long and the uids are in a Dictionary now.
    var isDictionary: Bool { dictionary != nil }

    /// A power of two at least twice `n`.
    private static func slotCount(for n: Int) -> Int {
        var c = 16
        while c < 2 * n { c *= 2 }
        return c
    }

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    /// The uid's bytes, 8 at a time, each word mixed with the seed (128-bit products, folded).
    static func hash(_ uid: String) -> UInt32 {
        var uid = uid
        return uid.withUTF8 { p in
            var h = seed.0 ^ (UInt64(p.count) &* 0x9E37_79B9_7F4A_7C15)
            var i = 0
            let raw = UnsafeRawBufferPointer(p)
            while i + 8 <= raw.count {
                h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), seed.1 ^ 0xA076_1D64_78BD_642F)
                i += 8
            }
            if i < raw.count {
                var w: UInt64 = 0
                for j in i..<raw.count { w |= UInt64(raw[j]) << UInt64(8 * (j - i)) }
                h = mix(h ^ w, seed.1 ^ 0xE703_7ED1_A0B4_28DB)
            }
            return UInt32(truncatingIfNeeded: mix(h, seed.0 ^ 0x8EBC_6AF0_9C88_C6E3))
        }
    }

    /// The position of the deal with this uid; `uidAt(p)`: the uid of the deal at position `p`.
    func position(of uid: String, _ uidAt: (Int) -> String) -> Int? {
        if let dictionary { return dictionary[uid] }
        guard !slots.isEmpty else { return nil }
        let h = Self.hash(uid)
        let mask = slots.count - 1
        var i = Int(h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if UInt32(truncatingIfNeeded: s >> 32) == h {
                let p = Int(s & 0xFFFF_FFFF) - 1
                if uidAt(p) == uid { return p }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds a uid at `position`; false (and nothing added) when it is there already.
    mutating func insert(_ uid: String, at position: Int, _ uidAt: (Int) -> String) -> Bool {
        insert(hash: Self.hash(uid), at: position, uid: { uid }, uidAt)
    }

    /// Adds the uids of positions 0..<n (`uidAt`); the first position whose uid was there
    /// already, if any (then the ones after it are not added).
    ///
    /// A table of 100,000 uids is 2 MB, and each insert's first slot was a cache miss: ten
    /// milliseconds of waiting, one miss at a time. Here the slots of 16 uids are read first,
    /// all at once (the processor overlaps those misses), and then the 16 are inserted.
    mutating func insertAll(_ n: Int, _ uidAt: (Int) -> String) -> Int? {
        insertAll(hashes: (0..<n).map { Self.hash(uidAt($0)) }, uidAt)
    }

    /// The same, each uid's hash given (`hashes[p]`: of the uid at position `p`).
    mutating func insertAll(hashes: [UInt32], _ uidAt: (Int) -> String) -> Int? {
        let n = hashes.count
        while 2 * (count + n) > slots.count, dictionary == nil { grow() }
        var start = 0
        while start < n {
            let end = min(n, start + 16)
            if dictionary == nil {
                let mask = slots.count - 1
                var seen: UInt64 = 0
                for i in start..<end { seen &+= slots[Int(hashes[i]) & mask] }
                touched = seen
            }
            for i in start..<end {
                guard insert(hash: hashes[i], at: i, uid: { uidAt(i) }, uidAt) else { return i }
            }
            start = end
        }
        return nil
    }

    /// Where `insertAll` leaves what it read ahead, so that the reads are not optimised away.
    private var touched: UInt64 = 0

    /// `uid` is asked for only when a slot's hash matches (or the uids are in a Dictionary):
    /// reading it means reading the deal, another cache miss.
    private mutating func insert(hash h: UInt32, at position: Int, uid: () -> String, _ uidAt: (Int) -> String) -> Bool {
        if dictionary != nil {
            let key = uid()
            guard dictionary![key] == nil else { return false }
            dictionary![key] = position
            return true
        }
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(h) & mask
        var probes = 0
        while slots[i] != 0 {
            if UInt32(truncatingIfNeeded: slots[i] >> 32) == h, uidAt(Int(slots[i] & 0xFFFF_FFFF) - 1) == uid() { return false }
            i = (i + 1) & mask
            probes += 1
            if probes > longProbe {
                becomeDictionary(uidAt)
                return insert(hash: h, at: position, uid: uid, uidAt)
            }
        }
        slots[i] = UInt64(h) << 32 | UInt64(position + 1)
        count += 1
        return true
    }

    /// Twice the slots: each entry is placed again by the hash it keeps.
    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: max(count + 1, old.count)))
        let mask = slots.count - 1
        for s in old where s != 0 {
            var i = Int(s >> 32) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }

    private mutating func becomeDictionary(_ uidAt: (Int) -> String) {
        var d = [String: Int](minimumCapacity: count)
        for s in slots where s != 0 {
            let p = Int(s & 0xFFFF_FFFF) - 1
            d[uidAt(p)] = p
        }
        dictionary = d
        slots = []
    }
}

/// Where each deal is in the state's array, by number: deals are numbered from 1 up, so mostly
/// an array indexed by number; numbers far past the count (a hand-written journal) go to a
/// Dictionary, so that no number can make the array huge.
struct NumberIndex: Sendable {
    /// `dense[n]`: the position + 1 of deal #n (0: none).
    private var dense: [Int32] = []
    private var sparse: [Int: Int] = [:]
    private var count = 0

    init() {}

    init(capacity: Int) { dense.reserveCapacity(capacity + 1) }

    subscript(number: Int) -> Int? {
        if number > 0, number < dense.count, dense[number] != 0 { return Int(dense[number]) - 1 }
        return sparse.isEmpty ? nil : sparse[number]
    }

    /// Adds a number at `position`; false (and nothing changed) when it is there already.
    mutating func insert(_ number: Int, at position: Int) -> Bool {
        guard self[number] == nil else { return false }
        count += 1
        if number > 0, number < 4 * count + 4096, position < Int(Int32.max) {
            if number >= dense.count { dense.append(contentsOf: repeatElement(0, count: number + 1 - dense.count)) }
            dense[number] = Int32(position + 1)
        } else {
            sparse[number] = position
        }
        return true
    }
}
