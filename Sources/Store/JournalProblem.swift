import Foundation

/// A line of the journal that could not be read as an event.
public struct JournalProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Not JSON, not UTF-8, or not an event.
        case damaged
        /// The last line has no newline: a crash mid-write (or a write still in flight).
        case incompleteTail
    }

    public var kind: Kind
    /// 1-based line number in journal.jsonl.
    public var line: Int
    public var offset: Int64
    public var length: Int
    public var reason: String

    public var description: String {
        switch kind {
        case .damaged: return "journal.jsonl:\(line): damaged line (\(length) bytes): \(reason)"
        case .incompleteTail: return "journal.jsonl:\(line): incomplete last line (\(length) bytes, no newline): \(reason)"
        }
    }
}
