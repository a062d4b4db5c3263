import Foundation

/// A line of a journal that could not be read as an event, or was not credited to anyone.
public struct JournalProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Not JSON, not UTF-8, or not an event.
        case damaged
        /// The last line has no newline: a crash mid-write (or a write still in flight).
        case incompleteTail
        /// A well-formed event that its file cannot vouch for: it names another author than the
        /// file's owner, or the whole file is not one its named author owns and alone can write.
        case notCredited
    }

    public var kind: Kind
    /// 1-based line number in the file (0: the whole file).
    public var line: Int
    public var offset: Int64
    public var length: Int
    public var reason: String
    /// The file, relative to the board folder: `journal.jsonl`, `journal/alice.jsonl`.
    public var file: String = "journal.jsonl"

    public init(kind: Kind, line: Int, offset: Int64, length: Int, reason: String, file: String = "journal.jsonl") {
        self.kind = kind
        self.line = line
        self.offset = offset
        self.length = length
        self.reason = reason
        self.file = file
    }

    public var description: String {
        switch kind {
        case .damaged: return "\(file):\(line): damaged line (\(length) bytes): \(reason)"
        case .incompleteTail: return "\(file):\(line): incomplete last line (\(length) bytes, no newline): \(reason)"
        case .notCredited: return line > 0 ? "\(file):\(line): not credited to anyone: \(reason)" : "\(file): not credited to anyone: \(reason)"
        }
    }
}
