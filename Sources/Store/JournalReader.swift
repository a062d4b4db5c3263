import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one journal file incrementally: each pass yields only the lines appended since the last.
///
/// A line counts once it ends with a newline. A last line without one is either a write that
/// did not finish (a crash: reported, and set aside by its author's next write) or a complete
/// event that only lacks its newline (`echo -n`, a hand edit), which is read like any other.
final class JournalReader {
    let path: String
    /// The file as messages name it (`journal.jsonl`, `journal/alice.jsonl`).
    let label: String
    /// When set, every event of the file must name this author; others are not credited.
    let author: String?
    private(set) var offset: Int64 = 0
    private(set) var lineNumber = 0
    private var inode: UInt64?
    /// The last bytes read (up to 256 before `offset`): if they are not there any more, the file
    /// was cut back and written again (same inode, size past `offset` again) — as good as replaced.
    private var seal: [UInt8] = []
    /// The last line was read without its newline: the newline that ends it may follow.
    private var endedWithoutNewline = false

    /// Says why the file cannot vouch for its lines (its owner, its mode), judged on the open
    /// descriptor: nil when it can.
    let requirement: ((stat) -> String?)?

    init(path: String, label: String = "journal.jsonl", author: String? = nil, requirement: ((stat) -> String?)? = nil) {
        self.path = path
        self.label = label
        self.author = author
        self.requirement = requirement
    }

    /// The file is not one its lines can be credited from (see `requirement`).
    struct NotTrusted: Error {
        var reason: String
        var stamp: [Int64]
    }

    enum Line: Sendable {
        case event(Event, line: Int)
        case problem(JournalProblem)
    }

    struct Result {
        /// The file was replaced or shrank (a repair, a hand edit): the caller must rebuild from scratch.
        var replaced = false
        var tail: JournalProblem?
    }

    /// Where the reader stands, for a snapshot: with it, a later process reads on from here.
    struct Saved: Equatable {
        var offset: Int64
        var lineNumber: Int
        var inode: UInt64
        var seal: [UInt8]
        var endedWithoutNewline: Bool
    }

    /// nil until the file has been read once.
    var saved: Saved? {
        inode.map { Saved(offset: offset, lineNumber: lineNumber, inode: $0, seal: seal, endedWithoutNewline: endedWithoutNewline) }
    }

    func restore(_ s: Saved) {
        offset = s.offset
        lineNumber = s.lineNumber
        inode = s.inode
        seal = s.seal
        endedWithoutNewline = s.endedWithoutNewline
    }

    func reset() {
        offset = 0
        lineNumber = 0
        inode = nil
        seal = []
        endedWithoutNewline = false
    }

    /// Starts a pass: nil when the file does not exist. The pass holds the file open until finished.
    /// A file read before that is gone now was removed: as good as replaced (by nothing).
    func begin(blockSize: Int = JournalReader.blockSize) throws -> Pass? {
        guard let (fd, st) = try SafeFile.open(path, O_RDONLY, action: "open") else {
            // Gone after it was read: deleted or renamed away; what it held is no longer on the board.
            return inode == nil ? nil : Pass(replacedIn: self)
        }
        if let requirement, let reason = requirement(st) {
            close(fd)
            throw NotTrusted(reason: reason, stamp: [Int64(st.st_ino), Int64(st.st_uid), Int64(st.st_mode)])
        }
        let size = Int64(st.st_size)
        let ino = UInt64(st.st_ino)
        if let inode, inode != ino || size < offset
            || (!seal.isEmpty && (try? POSIX.pread(fd, count: seal.count, at: offset - Int64(seal.count), path: path)) != seal) {
            close(fd)
            return Pass(replacedIn: self)
        }
        inode = ino
        return Pass(reader: self, fd: fd, size: size, blockSize: blockSize)
    }

    static let blockSize = 1 << 18
    /// The block a board's replay reads at a time from each journal. Measured on 100,000 events
    /// (2 cores): 64 KB blocks decoded whole on a worker while this thread folds the previous one
    /// opened about 20 % faster than 256 KB blocks split between the worker and this thread —
    /// the pipeline stays full and the blocks stay in cache.
    static let mergeBlockSize = 64 << 10

    /// One read of the bytes appended since the last: blocks are decoded ahead on worker threads
    /// while the caller folds the previous one (decoding and folding cost about the same, so on
    /// two cores a big board opens in about half the time).
    final class Pass {
        let reader: JournalReader
        let fd: Int32
        let size: Int64
        let blockSize: Int
        let replaced: Bool
        private var carry: [UInt8] = []
        private var carryStart: Int64
        private var readPos: Int64
        private var ahead: (group: DispatchGroup, parts: [Decoding], consumed: Int)?
        private var finished = false
        private var tailHandedOut = false

        init(replacedIn reader: JournalReader) {
            self.reader = reader
            fd = -1
            size = 0
            blockSize = 0
            replaced = true
            carryStart = 0
            readPos = 0
            finished = true
        }

        init(reader: JournalReader, fd: Int32, size: Int64, blockSize: Int) {
            self.reader = reader
            self.fd = fd
            self.size = size
            self.blockSize = blockSize
            replaced = false
            var start = reader.offset
            if start == 0, size >= 3, let bom = try? POSIX.pread(fd, count: 3, at: 0, path: reader.path), bom == [0xEF, 0xBB, 0xBF] {
                start = 3 // a UTF-8 byte order mark (an editor's) is not part of line 1
            }
            if reader.endedWithoutNewline, start < size, (try? POSIX.pread(fd, count: 1, at: start, path: reader.path)) == [0x0A] {
                start += 1 // the newline that ends the line read last time without one
            }
            if start < size { reader.endedWithoutNewline = false }
            carryStart = start
            readPos = start
        }

        deinit { if fd >= 0 { close(fd) } }

        /// The next block as its decoded parts (no copy of the lines; each part has the
        /// order keys of its lines too); nil at the end of the file as it was when the pass began.
        func nextParts() throws -> [Decoding]? {
            if ahead == nil { try readAhead() }
            guard let (group, parts, consumed) = ahead else { return nil }
            for part in parts.dropFirst() { part.run() }
            group.wait()
            ahead = nil
            carry.removeFirst(consumed)
            carryStart += Int64(consumed)
            try readAhead()
            return parts
        }

        /// Reads the next block and starts decoding it on two workers; nothing when at the end.
        private func readAhead() throws {
            while readPos < size {
                let before = carry.count
                try POSIX.preadAppending(fd, count: Int(min(Int64(blockSize), size - readPos)), at: readPos, to: &carry, path: reader.path)
                if carry.count == before { readPos = size; break }
                readPos += Int64(carry.count - before)
                let (spans, consumed) = reader.splitLines(carry)
                if spans.isEmpty && consumed == 0 { continue } // one line longer than a block: read on
                let bytes = carry
                // Folding costs about half of decoding, so a worker decodes three quarters of the
                // block while the caller folds the previous one, and the caller decodes the last
                // quarter itself when it asks for the block: both cores stay busy.
                let cut = spans.count * 3 / 4
                let parts = spans.count < 512
                    ? [Decoding(bytes: bytes, spans: spans[...], fileOffset: carryStart, reader: reader)]
                    : [Decoding(bytes: bytes, spans: spans[..<cut], fileOffset: carryStart, reader: reader),
                       Decoding(bytes: bytes, spans: spans[cut...], fileOffset: carryStart, reader: reader)]
                let group = DispatchGroup()
                let worker = parts[0]
                DispatchQueue.global().async(group: group) { worker.run() }
                ahead = (group, parts, consumed)
                return
            }
        }

        /// Ends the pass: the offset moves past every line handed out; a last line without its
        /// newline is read if it is a complete event, else reported as an incomplete tail.
        func finish() -> Result {
            guard !finished else { return Result(replaced: replaced) }
            finished = true
            var result = Result()
            if !carry.isEmpty {
                if tailHandedOut {
                    carryStart += Int64(carry.count)
                    carry = []
                } else {
                    result.tail = JournalProblem(kind: .incompleteTail, line: reader.lineNumber + 1, offset: carryStart,
                                                 length: carry.count, reason: "the write of this line did not finish", file: reader.label)
                }
            }
            reader.offset = carryStart
            let sealed = min(carryStart, 256)
            reader.seal = sealed > 0 ? (try? POSIX.pread(fd, count: Int(sealed), at: carryStart - sealed, path: reader.path)) ?? [] : []
            return result
        }

        /// A complete event at the end of the file that only lacks its newline, as a line; call
        /// after `next()` returned nil and before `finish()`.
        func unterminatedLine() -> Line? {
            guard !carry.isEmpty, !finished, !tailHandedOut else { return nil }
            guard let event = carry.withUnsafeBufferPointer({ try? EventCodec.decode($0) }) else { return nil }
            reader.lineNumber += 1
            reader.endedWithoutNewline = true
            tailHandedOut = true
            return reader.check(event, line: reader.lineNumber, offset: carryStart, length: carry.count)
        }
    }

    /// An event whose file is someone's own journal must name that someone.
    fileprivate func check(_ event: Event, line: Int, offset: Int64, length: Int) -> Line {
        if let author, event.user != author {
            return .problem(JournalProblem(kind: .notCredited, line: line, offset: offset, length: length,
                                           reason: "it says it is by \"\(event.user)\", but it is in \(author)'s journal (written by \(author), or by hand)", file: label))
        }
        return .event(event, line: line)
    }

    /// Finds the complete lines of a block (numbering them); returns them and the bytes they span.
    fileprivate func splitLines(_ bytes: [UInt8]) -> ([Span], Int) {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return ([], 0) }
            var spans: [Span] = []
            spans.reserveCapacity(buf.count / 160)
            var start = 0
            while start < buf.count {
                guard let nl = memchr(base + start, 0x0A, buf.count - start) else { break }
                let end = UnsafePointer(nl.assumingMemoryBound(to: UInt8.self)) - base
                lineNumber += 1
                let blank = buf[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } // blank lines are harmless
                if !blank { spans.append(Span(start: start, end: end, line: lineNumber)) }
                start = end + 1
            }
            return (spans, start)
        }
    }

    /// Decodes some lines of one block; runs on a worker thread while the previous block is folded.
    final class Decoding: @unchecked Sendable {
        let bytes: [UInt8]
        let spans: ArraySlice<Span>
        let fileOffset: Int64
        let reader: JournalReader
        private(set) var lines: [Line] = []
        /// The board order of each line (`OrderKey.problem` for a line that is not an event),
        /// worked out here on the worker thread so the merge compares plain values.
        private(set) var keys: [OrderKey] = []

        init(bytes: [UInt8], spans: ArraySlice<Span>, fileOffset: Int64, reader: JournalReader) {
            self.bytes = bytes
            self.spans = spans
            self.fileOffset = fileOffset
            self.reader = reader
        }

        /// A part made of one line already decoded (the last line, without its newline).
        init(line: Line, reader: JournalReader) {
            bytes = []
            spans = []
            fileOffset = 0
            self.reader = reader
            lines = [line]
            keys = [OrderKey(line)]
        }

        func run() {
            var out: [Line] = []
            var order: [OrderKey] = []
            out.reserveCapacity(spans.count)
            order.reserveCapacity(spans.count)
            bytes.withUnsafeBufferPointer { buf in
                for span in spans {
                    let line = UnsafeBufferPointer(rebasing: buf[span.start..<span.end])
                    do {
                        let event = try EventCodec.decode(line)
                        if let author = reader.author, event.user != author {
                            out.append(reader.check(event, line: span.line, offset: fileOffset + Int64(span.start), length: line.count))
                            order.append(.problem)
                        } else {
                            // The key first, from the event itself: taking it back out of the Line costs a copy.
                            order.append(OrderKey(seq: event.seq ?? 0, time: event.timestamp.timeIntervalSinceReferenceDate, id: event.id))
                            out.append(.event(event, line: span.line))
                        }
                    } catch {
                        out.append(.problem(JournalProblem(kind: .damaged, line: span.line, offset: fileOffset + Int64(span.start),
                                                           length: line.count, reason: "\(error)", file: reader.label)))
                        order.append(.problem)
                    }
                }
            }
            lines = out
            keys = order
        }
    }

    /// Where an event goes in the board's order: (seq, time, id); events without seq (from
    /// before per-author journals) come first. Ids are short enough to be stored inline.
    struct OrderKey: Sendable {
        var seq: Int
        var time: Double
        var id: String

        static let problem = OrderKey(seq: Int.min, time: 0, id: "")
        var isProblem: Bool { seq == Int.min }

        init(seq: Int, time: Double, id: String) {
            self.seq = seq
            self.time = time
            self.id = id
        }

        init(_ line: Line) {
            if case .event(let e, _) = line {
                self.init(seq: e.seq ?? 0, time: e.timestamp.timeIntervalSinceReferenceDate, id: e.id)
            } else {
                self = .problem
            }
        }

        static func < (a: OrderKey, b: OrderKey) -> Bool {
            if a.seq != b.seq { return a.seq < b.seq }
            if a.time != b.time { return a.time < b.time }
            return a.id < b.id
        }
    }

    struct Span: Sendable {
        var start: Int
        var end: Int
        var line: Int
    }
}
