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

    enum Line {
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
        let bytes = try POSIX.pread(fd, count: Int(size - offset), at: offset, path: path)
        var result = Result()
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var start = 0
            while start < buf.count {
                guard let nl = memchr(base + start, 0x0A, buf.count - start) else {
                    let length = buf.count - start
                    result.tail = JournalProblem(kind: .incompleteTail, line: lineNumber + 1, offset: offset + Int64(start),
                                                 length: length, reason: "the write of this line did not finish")
                    break
                }
                let end = UnsafePointer(nl.assumingMemoryBound(to: UInt8.self)) - base
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: buf[start..<end])
                let lineOffset = offset + Int64(start)
                start = end + 1
                if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue } // blank lines are harmless
                do {
                    body(.event(try EventCodec.decode(line), line: lineNumber))
                } catch {
                    body(.problem(JournalProblem(kind: .damaged, line: lineNumber, offset: lineOffset, length: line.count, reason: "\(error)")))
                }
            }
            offset += Int64(start)
        }
        return result
    }
}
