import Foundation
import Pipeline

/// Runs git in a board folder: arguments as a list (never through a shell), no prompts, no
/// pager, messages in English so they can be read back, and what it printed kept for errors.
struct Git: Sendable {
    let folder: String
    /// `-c name=value` pairs put before every command (the committer's name, when git has none).
    var config: [(String, String)] = []
    /// No prompt for a password or a host key: ssh in batch mode (unless the user set their own
    /// ssh command: GIT_SSH_COMMAND, GIT_SSH or core.sshCommand, which it would override).
    var batch = false

    struct Output {
        var status: Int32
        /// stdout as git wrote it (a blob's bytes), and as text.
        var data: Data
        var err: String
        var out: String { String(decoding: data, as: UTF8.self) }
        var ok: Bool { status == 0 }
        /// What git said, on one line, for an error message: its last lines, less git's advice
        /// that says nothing about this case (ssh ends its lines with \r\n: split on both).
        var said: String {
            let text = (err.isEmpty ? out : err).components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("hint:") && !Self.boilerplate.contains($0) }
            return SafeText.line(text.suffix(3).joined(separator: " / ")) + hint
        }

        static let boilerplate: Set = ["Please make sure you have the correct access rights", "and the repository exists."]

        /// What to do when ssh refused: its own words name the cause, not the remedy.
        var hint: String {
            if err.contains("Host key verification failed") {
                return " (ssh does not know the server's host key, or it changed: connect once with ssh to check it and add it to ~/.ssh/known_hosts)"
            }
            if err.contains("Permission denied (publickey") {
                return " (the server did not accept this machine's ssh key: add ~/.ssh/id_ed25519.pub, or the key you use, to the remote account's authorized_keys; a key with a passphrase needs an ssh agent when nobody is at a terminal)"
            }
            return ""
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
        if batch, env["GIT_SSH_COMMAND"] == nil, env["GIT_SSH"] == nil, !Self.configuresSSH(folder, git: git) {
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        }
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

    /// Whether git's config (the folder's, the user's, the system's) names an ssh command of its
    /// own. Asked once per folder and process: the board syncs the same folder many times.
    static func configuresSSH(_ folder: String, git: String) -> Bool {
        sshConfigLock.lock()
        defer { sshConfigLock.unlock() }
        if let known = sshConfigured[folder] { return known }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = ["-C", folder, "config", "--get", "core.sshCommand"]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let set = (try? p.run()) != nil && { p.waitUntilExit(); return p.terminationStatus == 0 }()
        sshConfigured[folder] = set
        return set
    }

    private static let sshConfigLock = NSLock()
    nonisolated(unsafe) private static var sshConfigured: [String: Bool] = [:]

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
