import ArgumentParser
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text arguments that need not appear on the command line, where every user of the machine
/// can read them (`ps`, /proc/PID/cmdline): a private note, a deal title, a reason.
///
/// One rule for every command: where a text goes, `-` means "read it from stdin", and each
/// text has a `--NAME-file PATH` option (`log 5 note --text-file -`, `move 5 back
/// --reason-file why.txt`, `edit 5 --field-file next_step=-`); PATH `-` is stdin too. The
/// text is the file's content as UTF-8, trailing line breaks removed; an empty text, a NUL
/// byte or invalid UTF-8 is refused, and stdin can feed only one text per command.
enum TextInput {
    /// The largest text read (a note, not a document).
    static let limit = 1 << 20

    nonisolated(unsafe) private static var stdinTakenBy: String?

    /// The text of an argument given inline, as `-`, or through its file option.
    /// - name: how the user names this text in messages, e.g. "--reason" or "the note".
    /// - fileOption: the option's spelling, e.g. "--reason-file".
    static func resolve(_ inline: String?, file: String?, name: String, fileOption: String) throws -> String? {
        if let inline, let file {
            throw Failure.error("give \(name) either inline (\"\(inline == "-" ? "-" : "…")\") or with \(fileOption) \(file), not both")
        }
        if let file { return try read(file, what: name) }
        if inline == "-" { return try read("-", what: name) }
        return inline
    }

    /// Reads one text from PATH (or stdin for `-`).
    static func read(_ path: String, what: String) throws -> String {
        let data: Data
        let source: String
        if path == "-" {
            if let other = stdinTakenBy {
                throw Failure.error("stdin can give only one text per command; \(other) already reads it (use --…-file PATH for \(what))")
            }
            stdinTakenBy = what
            if isatty(STDIN_FILENO) == 1 {
                FileHandle.standardError.write(Data("dealboard: reading \(what) from the terminal; end it with Ctrl-D\n".utf8))
            }
            data = FileHandle.standardInput.readDataToEndOfFile()
            source = "stdin"
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw Failure.error("cannot read \(what) from \(path) (missing or not readable)")
            }
            data = d
            source = path
        }
        return try text(data, what: what, source: source)
    }

    /// Validates and trims what was read.
    static func text(_ data: Data, what: String, source: String) throws -> String {
        guard data.count <= limit else {
            throw Failure.error("\(what) from \(source) is \(data.count) bytes; at most \(limit) bytes")
        }
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            throw Failure.error("\(what) from \(source) contains a NUL byte at byte \(nul + 1) (this is not text)")
        }
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw Failure.error("\(what) from \(source) is not valid UTF-8 (byte \(bad.offset + 1): 0x\(String(bytes[bad.offset], radix: 16, uppercase: true))); save it as UTF-8")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text.unicodeScalars.removeLast() }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Failure.error("\(what) from \(source) is empty")
        }
        return text
    }
}

/// `KEY=PATH` for `--field-file`: a field whose value is read from a file (or stdin).
struct FieldFile: ExpressibleByArgument {
    var key: String
    var path: String

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex, argument.index(after: eq) != argument.endIndex else { return nil }
        key = String(argument[..<eq]).trimmingCharacters(in: .whitespaces)
        path = String(argument[argument.index(after: eq)...])
    }

    /// The assignments to add to a command's `key=value` ones.
    static func read(_ files: [FieldFile]) throws -> [(String, String)] {
        try files.map { ($0.key, try TextInput.read($0.path, what: "field \($0.key)")) }
    }
}
