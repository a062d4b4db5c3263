import Foundation

/// A problem in `pipeline.toml` (or another TOML file), said the way an editor wants it:
/// the file, the line when known, the key path, and what was expected.
public struct PipelineFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        return keyPath.isEmpty ? "\(where_): \(message)" : "\(where_): \(keyPath): \(message)"
    }
}
