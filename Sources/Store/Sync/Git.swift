import Foundation
import Pipeline

/// Runs git in a board folder: arguments as a list (never through a shell), no prompts, no
/// pager, messages in English so they can be read back, and what it printed kept for errors.
struct Git: Sendable {
    let folder: String
    /// `-c name=value` pairs put before every command (the committer's name, when git has none).
    var config: [(String, String)] = []
    /// No prompt for a password or a host key: ssh in batch mode (unless the user set their own).
    var batch = false

    struct Output {
        var status: Int32
        /// stdout as git wrote it (a blob's bytes), and as text.
        var data: Data
        var err: String
        var out: String { String(decoding: data, as: UTF8.self) }
        var ok: Bool { status == 0 }
        /// What git said, on one line, for an error message.
        var said: String {
            let text = (err.isEmpty ? out : err).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return SafeText.line(text.suffix(3).joined(separator: " / "))
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static var executable: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/git"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @discardableResult
    func run(_ args: String...) throws -> Output { try run(args) }

    func run(_ args: [String]) throws -> Output {
        guard let git = Self.executable else { throw Failed(description: "git is not installed (apt-get install git)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = ["-C", folder] + config.flatMap { ["-c", "\($0.0)=\($0.1)"] } + args
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_PAGER"] = "cat"
        env["LC_ALL"] = "C"
        env["GIT_MERGE_AUTOEDIT"] = "no"
        if batch, env["GIT_SSH_COMMAND"] == nil { env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes" }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Both pipes drained while git runs, so a chatty command never blocks on a full pipe.
        let errData = Collected()
        let group = DispatchGroup()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errData.data = errHandle.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        group.wait()
        return Output(status: p.terminationStatus, data: outData, err: String(decoding: errData.data, as: UTF8.self))
    }

    /// stderr, read on another thread; read here only after that thread is done (group.wait).
    private final class Collected: @unchecked Sendable { var data = Data() }

    /// Runs a command that must succeed; its failure says what git said.
    @discardableResult
    func must(_ args: String..., doing what: String) throws -> Output { try must(args, doing: what) }

    @discardableResult
    func must(_ args: [String], doing what: String) throws -> Output {
        let r = try run(args)
        guard r.ok else { throw Failed(description: "\(what) failed: git \(args.first ?? "") said: \(r.said)") }
        return r
    }
}
