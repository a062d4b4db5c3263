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

    /// One line. Key names and values quoted from the file are the file's author's text, so
    /// control characters are shown, never sent to the terminal (see `visible`).
    var single: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        let text = keyPath.isEmpty ? "\(where_): \(message)" : "\(where_): \(keyPath): \(message)"
        return Self.visible(text)
    }

    /// Control characters as caret notation (`^[`, `^@`, `^?`), C1 controls and the invisible
    /// direction overrides as `\u{…}`-style escapes (`\u202E`): what a file says is shown,
    /// never obeyed by the terminal.
    public static func visible<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F: out += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F: out += "^?"
            case 0x80...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
