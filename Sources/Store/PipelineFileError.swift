import Foundation

/// A problem in `pipeline.toml` (or another TOML file), said the way an editor wants it:
/// the file, the line when known, the key path, and what was expected.
public struct PipelineFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var keyPath: String
    public var message: String
    /// Further problems found in the same file, in file order after this one.
    public var others: [PipelineFileError] = []

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// Every problem, one per line.
    public var description: String {
        ([self.single] + others.map(\.single)).joined(separator: "\n")
    }

    public var all: [PipelineFileError] {
        var head = self
        head.others = []
        return [head] + others
    }

    var single: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        return keyPath.isEmpty ? "\(where_): \(message)" : "\(where_): \(keyPath): \(message)"
    }
}
