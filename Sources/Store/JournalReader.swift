import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads journal.jsonl incrementally: each call folds in only the bytes appended since the last.
///
/// A line counts once it ends with a newline; a tail without one is left for the next read
/// (it is either a write in flight or a torn write that the next writer sets aside).
final class JournalReader {
    let path: String
    private(set) var offset: Int64 = 0
    private(set) var lineNumber = 0
    private var inode: UInt64?

    init(path: String) {
        self.path = path
    }

    enum Line: Sendable {
        case event(Event, line: Int)
        case problem(JournalProblem)
    }

    struct Result {
        /// The file was replaced or shrank (a repair): the caller must rebuild from scratch.
        var replaced = false
        var tail: JournalProblem?
    }

    func reset() {
        offset = 0
        lineNumber = 0
        inode = nil
    }

    /// Reads what was appended since the last call and hands every complete line to `body`.
    func readNew(_ body: (Line) -> Void) throws -> Result {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return Result() } // no events yet
            throw SystemError("open", path)
        }
        defer { close(fd) }
        let (size, ino) = try POSIX.fileSize(fd, path: path)
        if let inode, inode != ino || size < offset { return Result(replaced: true) }
        inode = ino
        guard size > offset else { return Result() }
        // Read in blocks so a big journal never sits in memory whole (peak memory budget); a
        // line split across blocks is carried over. While the caller folds block k, a worker
        // thread decodes block k+1: decoding and folding cost about the same, so on two cores
        // opening a big board takes about half as long.
        var result = Result()
        var carry: [UInt8] = []
        var carryStart = offset          // file offset of carry[0]
        var readPos = offset
        var ready: [Line] = []           // decoded, waiting to be folded
        while readPos < size {
            let before = carry.count
            try POSIX.preadAppending(fd, count: Int(min(Int64(Self.blockSize), size - readPos)), at: readPos, to: &carry, path: path)
            if carry.count == before { break }
            readPos += Int64(carry.count - before)
            let (spans, consumed) = splitLines(carry)
            if spans.count < 512 {
                let decoding = Decoding(bytes: carry, spans: spans[...], fileOffset: carryStart)
                decoding.run()
                fold(&ready, body)
                ready = decoding.lines
            } else {
                // Folding costs about half of decoding, so the worker decodes the first three
                // quarters of the next block while this thread folds, then this thread decodes
                // the rest: both cores stay busy until the block is done.
                let cut = spans.count * 3 / 4
                let worker = Decoding(bytes: carry, spans: spans[..<cut], fileOffset: carryStart)
                let mine = Decoding(bytes: carry, spans: spans[cut...], fileOffset: carryStart)
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) { worker.run() }
                fold(&ready, body)
                mine.run()
                group.wait()
                ready = worker.lines + mine.lines
            }
            carry.removeFirst(consumed)
            carryStart += Int64(consumed)
        }
        fold(&ready, body)
        offset = carryStart
        if !carry.isEmpty {
            result.tail = JournalProblem(kind: .incompleteTail, line: lineNumber + 1, offset: carryStart,
                                         length: carry.count, reason: "the write of this line did not finish")
        }
        return result
    }

    static let blockSize = 1 << 18

    private func fold(_ lines: inout [Line], _ body: (Line) -> Void) {
        for line in lines { body(line) }
        lines = []
    }

    /// Finds the complete lines of a block (numbering them); returns them and the bytes they span.
    private func splitLines(_ bytes: [UInt8]) -> ([Span], Int) {
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

    /// Decodes the lines of one block; runs on a worker thread while the previous block is folded.
    final class Decoding: @unchecked Sendable {
        let bytes: [UInt8]
        let spans: ArraySlice<Span>
        let fileOffset: Int64
        private(set) var lines: [Line] = []

        init(bytes: [UInt8], spans: ArraySlice<Span>, fileOffset: Int64) {
            self.bytes = bytes
            self.spans = spans
            self.fileOffset = fileOffset
        }

        func run() {
            var out: [Line] = []
            out.reserveCapacity(spans.count)
            bytes.withUnsafeBufferPointer { buf in
                for span in spans {
                    let line = UnsafeBufferPointer(rebasing: buf[span.start..<span.end])
                    do {
                        out.append(.event(try EventCodec.decode(line), line: span.line))
                    } catch {
                        out.append(.problem(JournalProblem(kind: .damaged, line: span.line, offset: fileOffset + Int64(span.start),
                                                           length: line.count, reason: "\(error)")))
                    }
                }
            }
            lines = out
        }
    }

    struct Span: Sendable {
        var start: Int
        var end: Int
        var line: Int
    }
}
