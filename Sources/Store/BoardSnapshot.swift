import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a user's board snapshots live, and when one is worth writing.
///
/// A snapshot is a derived copy of a folded board (see `BoardSnapshot`): private to the user
/// who made it, kept in their cache folder, never in the board folder — a colleague can neither
/// plant one nor read one. Without it the board opens by replaying every journal, as always.
public struct SnapshotPolicy: Sendable {
    /// The folder of snapshot files; nil turns snapshots off.
    public var folder: String?
    /// A snapshot is written once the board has this many events, and rewritten once this many
    /// more have been folded on top of it: small boards replay fast and need no cache file.
    public var minEvents: Int
    /// Whether a snapshot may be mapped rather than read into memory (see `SnapshotMapping`);
    /// `DEALBOARD_SNAPSHOT_MAP=off` says no. (Tests read it both ways.)
    public var mapped: Bool

    public init(folder: String?, minEvents: Int = 2000, mapped: Bool = true) {
        self.folder = folder
        self.minEvents = minEvents
        self.mapped = mapped
    }

    public static let off = SnapshotPolicy(folder: nil)

    /// `$XDG_CACHE_HOME/dealboard` or `~/.cache/dealboard`. `DEALBOARD_SNAPSHOT=off` turns
    /// snapshots off; `DEALBOARD_SNAPSHOT=N` writes one from N events on (default 2000).
    public static var fromEnvironment: SnapshotPolicy {
        let env = ProcessInfo.processInfo.environment
        let setting = env["DEALBOARD_SNAPSHOT"]
        if setting == "off" { return .off }
        let minEvents = setting.flatMap { Int($0) }.map { max(1, $0) } ?? 2000
        let mapped = env["DEALBOARD_SNAPSHOT_MAP"] != "off"
        if let cache = env["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return SnapshotPolicy(folder: cache + "/dealboard", minEvents: minEvents, mapped: mapped)
        }
        if let home = env["HOME"], home.hasPrefix("/") { return SnapshotPolicy(folder: home + "/.cache/dealboard", minEvents: minEvents, mapped: mapped) }
        return .off
    }
}

/// A derived snapshot of a board: its folded state plus where each journal was read up to, so an
/// open reads the snapshot and folds only the events appended since.
///
/// It is never the source of truth. It is used only when everything it was made from is still
/// there unchanged: the same program (the binary's identity), the same board folder, the same
/// pipeline.toml byte for byte, and every journal the same file (inode) whose first bytes — all
/// of them, checked with a keyed hash — are the ones the snapshot folded. Anything else (a
/// journal rewritten in place, replaced, cut short, a new binary, a damaged or foreign snapshot
/// file) and it is ignored: the board replays its journals and writes a fresh one.
struct BoardSnapshot {
    static let magic = Array("dealboard snapshot\n".utf8)

    var state: BoardState
    var journals: JournalSet.Saved
    var problems: [JournalProblem]
    /// The journals vouched for by stamps rather than read (see `JournalTrust`).
    var trust: JournalTrust
    /// How many journals had to be read and hashed to know them unchanged.
    var hashed = 0
    /// Read in place from a mapping of the file (`SnapshotMapping`), not from a copy.
    var mapped = false

    // MARK: Where

    /// The snapshot file of a board for this user, or nil when snapshots are off or cannot be
    /// kept safely (no private cache folder).
    static func path(for files: BoardFiles, policy: SnapshotPolicy) -> String? {
        guard let folder = policy.folder, let board = boardIdentity(files), binaryIdentity != nil else { return nil }
        guard privateFolder(folder) else { return nil }
        return folder + "/" + String(fnv(Array(board.utf8)), radix: 16) + ".snapshot"
    }

    /// The board folder as a path and a file: a folder moved, or another made at the same path, is another board.
    static func boardIdentity(_ files: BoardFiles) -> String? {
        guard let real = realpath(files.folder, nil) else { return nil }
        defer { free(real) }
        var st = stat()
        guard stat(real, &st) == 0 else { return nil }
        return "\(String(cString: real))\u{0}\(st.st_dev):\(st.st_ino)"
    }

    /// This program as a file: a rebuilt or upgraded dealboard may fold differently, so it never
    /// trusts a snapshot an older build wrote.
    static let binaryIdentity: String? = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return nil }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }()

    /// The cache folder, made if missing: it must be ours and closed to everyone else.
    static func privateFolder(_ path: String) -> Bool {
        var st = stat()
        if lstat(path, &st) != 0 {
            let parent = (path as NSString).deletingLastPathComponent
            var pst = stat()
            if lstat(parent, &pst) != 0 { mkdir(parent, 0o700) }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST, lstat(path, &st) == 0 else { return false }
        }
        return (st.st_mode & S_IFMT) == S_IFDIR && st.st_uid == geteuid() && st.st_mode & 0o077 == 0
    }

    // MARK: Reading

    /// The snapshot at `path` if it still describes this board exactly; nil otherwise (and then
    /// the board is replayed from its journals).
    static func load(path: String, files: BoardFiles, trustNames: Bool, rules: PipelineDefinition, map: Bool = true) -> BoardSnapshot? {
        guard let (fd, st) = try? SafeFile.open(path, O_RDONLY, action: "open the snapshot") else { return nil }
        defer { close(fd) }
        guard st.st_uid == geteuid(), st.st_mode & 0o077 == 0, st.st_size > magic.count + 16, st.st_size <= Int.max / 2 else { return nil }
        // Mapped where the file system keeps leases, else read into memory of its own: either
        // way it is then read in place (see `SnapshotMemory`).
        let size = Int(st.st_size)
        let mapping = map ? SnapshotMapping.map(fd: fd, length: size) : nil
        guard let memory = mapping ?? read(fd, size: size) else { return nil }
        var snapshot = inPlace(memory, path: path, files: files, trustNames: trustNames, rules: rules)
        snapshot?.mapped = mapping != nil
        return snapshot
    }

    /// The whole file, in memory of its own: its second half read on another core meanwhile
    /// (copying 80 MB into fresh memory at 100k is two cores' work as well as one's).
    private static func read(_ fd: Int32, size: Int) -> SnapshotMemory? {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        HugePages.advise(buffer)
        let address = UInt(bitPattern: buffer.baseAddress)
        let half = size / 2
        let second = Verdict()
        let aside = DispatchGroup()
        DispatchQueue.global().async(group: aside) {
            second.holds = readAll(fd, into: UnsafeMutableRawPointer(bitPattern: address)! + half, from: half, count: size - half)
        }
        let first = readAll(fd, into: buffer.baseAddress!, from: 0, count: half)
        aside.wait()
        guard first, second.holds else {
            buffer.deallocate()
            return nil
        }
        return SnapshotMemory(bytes: UnsafeRawBufferPointer(buffer)) { UnsafeMutableRawPointer(bitPattern: address)?.deallocate() }
    }

    /// `count` bytes of the file from `offset`; false if it ends sooner or cannot be read.
    private static func readAll(_ fd: Int32, into base: UnsafeMutableRawPointer, from offset: Int, count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    private final class Verdict: @unchecked Sendable { var holds = false }

    /// The deals decoded aside, handed back to the thread that waits for them.
    private final class AsideDeals: @unchecked Sendable { var done: Result<UInt64?, Error>? }

    /// A snapshot in memory, read in place: the deals' packed parts and the ids seen stay where
    /// they lie. The second block of deals is decoded on another core, and the body around the
    /// blocks hashed on a third task, while this thread reads the rest. The last 8 bytes check
    /// the rest (`SnapshotSum`): a torn or damaged file is ignored, and the state decoded from
    /// it is used only if they agree.
    private static func inPlace(_ memory: SnapshotMemory, path: String, files: BoardFiles, trustNames: Bool,
                                rules: PipelineDefinition) -> BoardSnapshot? {
        let body = memory.bytes.count - 8
        let sum = UInt64(littleEndian: memory.bytes.loadUnaligned(fromByteOffset: body, as: UInt64.self))
        let bytes = UnsafeRawBufferPointer(rebasing: memory.bytes[0..<body])
        let aside = DispatchGroup(), hashing = DispatchGroup()
        defer {
            aside.wait()
            hashing.wait()
        }
        let rest = AsideHash()
        let blocks = SnapshotBlocks { ranges in
            DispatchQueue.global().async(group: hashing) {
                rest.value = SnapshotSum.rest(UnsafeRawBufferPointer(rebasing: memory.bytes[0..<body]), around: ranges)
            }
        }
        let decodeAside: BoardState.DealsAside = { offset, length, room in
            guard offset >= 0, length >= 0, offset <= bytes.count - length else { return nil }
            let result = AsideDeals()
            aside.enter()
            DispatchQueue.global().async {
                defer { aside.leave() }
                var sub = SnapshotReader(UnsafeRawBufferPointer(rebasing: memory.bytes[offset..<(offset + length)]), in: memory)
                result.done = Result { try BoardState.decodeDeals(&sub, into: room) }
            }
            return {
                aside.wait()
                return try (result.done ?? .failure(SnapshotError("the deals decoded aside went missing"))).get()
            }
        }
        var r = SnapshotReader(bytes, in: memory)
        return try? load(&r, path: path, files: files, trustNames: trustNames, rules: rules, aside: decodeAside, blocks: blocks,
                         validated: {
                             hashing.wait()
                             let sums = blocks.sums.compactMap { $0 }
                             guard let rest = rest.value, sums.count == 2 else { return false }
                             return SnapshotSum.combine(rest: rest, blocks: sums) == sum
                         })
    }

    private final class AsideHash: @unchecked Sendable { var value: UInt64? }

    private static func load(_ r: inout SnapshotReader, path: String?, files: BoardFiles, trustNames: Bool, rules: PipelineDefinition,
                             aside: @escaping BoardState.DealsAside, blocks: SnapshotBlocks, validated: () -> Bool) throws -> BoardSnapshot? {
        for b in magic where try r.byte() != b { return nil }
        guard try r.string() == binaryIdentity, try r.string() == boardIdentity(files), try r.bool() == trustNames else { return nil }
        guard let pipelineNow = try? SafeFile.readAll(files.pipeline)?.0, try r.raw() == [UInt8](pipelineNow) else { return nil }
        guard let layout = JournalLayout(rawValue: try r.string()), layout == files.layout else { return nil }
        let key = (try r.fixed64(), try r.fixed64())
        let maxSeq = try r.int()
        let lastKey: JournalReader.OrderKey? = try r.bool() ? JournalReader.OrderKey(seq: try r.int(), time: try r.double(), id: try r.string()) : nil
        var saved: [(name: String, path: String, reader: JournalReader.Saved)] = []
        var expected: [(UInt64, UInt64)] = []
        var stamps: [String: (FileStamp, settled: Bool)] = [:]
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            let reader = JournalReader.Saved(offset: Int64(try r.natural()), lineNumber: try r.natural(), inode: try r.uint(),
                                             seal: try r.raw(), endedWithoutNewline: try r.bool())
            guard name.isEmpty || (!name.contains("/") && !name.hasPrefix(".")) else { return nil }
            saved.append((name, name.isEmpty ? files.journal : files.authorJournal(name), reader))
            expected.append((try r.fixed64(), try r.fixed64()))
            if try r.bool() { stamps[saved.last!.path] = (try FileStamp(&r), try r.bool()) }
        }
        var problems: [JournalProblem] = []
        for _ in 0..<(try r.count()) {
            let kinds: [JournalProblem.Kind] = [.damaged, .incompleteTail, .notCredited]
            let k = Int(try r.byte())
            guard k < kinds.count else { return nil }
            problems.append(JournalProblem(kind: kinds[k], line: try r.natural(), offset: Int64(try r.natural()), length: try r.natural(),
                                           reason: try r.string(), file: try r.string()))
        }
        // Check the journals on a second core while this one reads the state.
        let journalsHold = Check()
        let group = DispatchGroup()
        let (files0, hashes) = (saved, expected)
        let appended = path.map { JournalTrust.appended(snapshot: $0, key: key) } ?? [:]
        let stampsHeld = stamps
        DispatchQueue.global().async(group: group) {
            journalsHold.ok = zip(files0, hashes).allSatisfy { file, hash in
                unchanged(file.path, file.reader, hash: hash, key: key, stamp: stampsHeld[file.path], appended: appended[file.path],
                          requirement: JournalSet.requirement(of: file.name, files: files, trustNames: trustNames), trusted: &journalsHold.trusted,
                          hashed: &journalsHold.hashed)
            }
        }
        let state = try? BoardState(snapshot: &r, rules: rules, aside: aside, blocks: blocks)
        group.wait()
        guard journalsHold.ok, let state, r.atEnd, validated() else { return nil }
        return BoardSnapshot(state: state, journals: JournalSet.Saved(layout: layout, maxSeq: maxSeq, lastKey: lastKey, files: saved),
                             problems: problems, trust: JournalTrust(key: key, stamps: journalsHold.trusted), hashed: journalsHold.hashed)
    }

    private final class Check: @unchecked Sendable {
        var ok = false
        var trusted: [String: FileStamp] = [:]
        var hashed = 0
    }

    /// The journal is the same file, at least as long, still one its author alone can write (as
    /// replay requires), and its first `offset` bytes are the ones the snapshot folded: it has not
    /// changed since a stamp that vouches for them (`stamp`: taken when the snapshot hashed them,
    /// if it was taken late enough to be sure of, or the file is ours alone; `appended`: after
    /// our own last append), or else its first bytes hash as they did.
    static func unchanged(_ path: String, _ saved: JournalReader.Saved, hash: (UInt64, UInt64), key: (UInt64, UInt64),
                          stamp: (FileStamp, settled: Bool)?, appended: FileStamp?, requirement: ((stat) -> String?)?,
                          trusted: inout [String: FileStamp], hashed: inout Int) -> Bool {
        guard let (fd, st) = try? SafeFile.open(path, O_RDONLY, action: "open") else { return false }
        defer { close(fd) }
        guard UInt64(st.st_ino) == saved.inode, Int64(st.st_size) >= saved.offset, requirement?(st) == nil else { return false }
        let now = FileStamp(st)
        if let stamp, now == stamp.0, stamp.settled || FileStamp.onlyOurs(st) {
            trusted[path] = now
            return true
        }
        if let appended, now == appended, FileStamp.onlyOurs(st) {
            trusted[path] = now
            return true
        }
        hashed += 1
        guard let h = try? prefixHash(fd, length: saved.offset, key: key, path: path), h == hash else { return false }
        // Hashed just now: trusted as it stands (what this user appends next extends that).
        trusted[path] = now
        return true
    }

    static func prefixHash(_ fd: Int32, length: Int64, key: (UInt64, UInt64), path: String) throws -> (UInt64, UInt64) {
        var hasher = KeyedHash(key: key)
        var buffer: [UInt8] = []
        var at: Int64 = 0
        while at < length {
            buffer.removeAll(keepingCapacity: true)
            // 256 KB at a time: as fast as bigger reads, and the thread's heap stays small.
            try POSIX.preadAppending(fd, count: Int(min(Int64(1 << 18), length - at)), at: at, to: &buffer, path: path)
            guard !buffer.isEmpty else { throw SnapshotError("journal shorter than it was") }
            buffer.withUnsafeBytes { hasher.add($0) }
            at += Int64(buffer.count)
        }
        return hasher.finish()
    }

    // MARK: Writing

    /// Writes the snapshot of a board just read; a cache, so any failure only means the next
    /// open replays. Written whole to a new file and renamed over the old one.
    /// Returns the stamps it vouches for (nil when nothing was written).
    @discardableResult
    static func save(path: String, files: BoardFiles, trustNames: Bool, state: BoardState, journals: JournalSet.Saved,
                     problems: [JournalProblem]) -> JournalTrust? {
        guard let binary = binaryIdentity, let board = boardIdentity(files),
              let pipeline = try? SafeFile.readAll(files.pipeline)?.0 else { return nil }
        let key = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
        var hashes: [(UInt64, UInt64)] = []
        var stamps: [(FileStamp, settled: Bool)?] = []
        for f in journals.files {
            guard let (fd, st) = try? SafeFile.open(f.path, O_RDONLY, action: "open") else { return nil }
            defer { close(fd) }
            guard UInt64(st.st_ino) == f.reader.inode, let h = try? prefixHash(fd, length: f.reader.offset, key: key, path: f.path) else { return nil }
            hashes.append(h)
            // The file's stamp vouches for the bytes hashed only if it did not change while they
            // were read.
            var after = stat()
            let same = fstat(fd, &after) == 0 && FileStamp(after) == FileStamp(st)
            stamps.append(same ? (FileStamp(st), FileStamp(st).settled(at: time(nil))) : nil)
        }
        var w = SnapshotWriter(capacity: state.eventCount * 120 + 4096)
        for b in magic { w.byte(b) }
        w.string(binary)
        w.string(board)
        w.bool(trustNames)
        w.raw([UInt8](pipeline))
        w.string(journals.layout.rawValue)
        w.fixed64(key.0)
        w.fixed64(key.1)
        w.int(journals.maxSeq)
        w.bool(journals.lastKey != nil)
        if let k = journals.lastKey {
            w.int(k.seq)
            w.double(k.time)
            w.string(k.id)
        }
        w.count(journals.files.count)
        for ((f, h), stamp) in zip(zip(journals.files, hashes), stamps) {
            w.string(f.name)
            w.uint(UInt64(f.reader.offset))
            w.count(f.reader.lineNumber)
            w.uint(f.reader.inode)
            w.raw(f.reader.seal)
            w.bool(f.reader.endedWithoutNewline)
            w.fixed64(h.0)
            w.fixed64(h.1)
            w.bool(stamp != nil)
            if let stamp {
                stamp.0.write(into: &w)
                w.bool(stamp.settled)
            }
        }
        w.count(problems.count)
        for p in problems {
            w.byte(p.kind == .damaged ? 0 : p.kind == .incompleteTail ? 1 : 2)
            w.count(p.line)
            w.uint(UInt64(max(0, p.offset)))
            w.count(p.length)
            w.string(p.reason)
            w.string(p.file)
        }
        state.encode(into: &w)
        var bytes = w.bytes
        guard let sum = bytes.withUnsafeBytes({ SnapshotSum.of($0, blocks: w.blocks) }) else { return nil }
        withUnsafeBytes(of: sum.littleEndian) { bytes.append(contentsOf: $0) }

        let temp = path + ".\(getpid()).tmp"
        guard let fd = try? SafeFile.createExclusive(temp, mode: 0o600) else { return nil }
        let written = (try? bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: temp) }) != nil
        close(fd)
        if !written || rename(temp, path) != 0 {
            unlink(temp)
            return nil
        }
        prune((path as NSString).deletingLastPathComponent)
        // Every journal was hashed just now: each is trusted as it stood then.
        var trusted: [String: FileStamp] = [:]
        for (f, stamp) in zip(journals.files, stamps) { if let stamp { trusted[f.path] = stamp.0 } }
        return JournalTrust(key: key, stamps: trusted)
    }

    /// Snapshots of boards not opened for 60 days (deleted boards, old demos), and temp files a
    /// killed writer left a day ago or more: the cache does not grow forever.
    static func prune(_ folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let now = time(nil)
        for name in names where name.hasSuffix(".snapshot") || name.hasSuffix(".stamps") || name.hasSuffix(".tmp") {
            let path = folder + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid() else { continue }
            let age = now - max(st.st_mtim.tv_sec, st.st_atim.tv_sec)
            if age > (name.hasSuffix(".tmp") ? 86_400 : 60 * 86_400) { unlink(path) }
        }
    }

    /// FNV-1a: names the snapshot file after the board (not a secret, just a short stable name).
    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
