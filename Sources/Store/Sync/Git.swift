import Foundation
import Pipeline

/// Runs git in a board folder: arguments as a list (never through a shell), no prompt of git's
/// own (ssh's: see `batch`), no pager, messages in English so they can be read back, and what it printed kept for errors.
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
        let argv = [git, "-C", folder] + config.flatMap { ["-c", "\($0.0)=\($0.1)"] } + args
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_PAGER"] = "cat"
        env["LC_ALL"] = "C"
        env["GIT_MERGE_AUTOEDIT"] = "no"
        // `git status` would otherwise refresh the index under index.lock: a read that, killed,
        // leaves a lock stopping every later git command.
        env["GIT_OPTIONAL_LOCKS"] = "0"
        if batch, env["GIT_SSH_COMMAND"] == nil, env["GIT_SSH"] == nil, !Self.configuresSSH(folder, git: git) {
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        }
        let out = Pipe(), err = Pipe()
        let pid = try Self.spawn(argv, env: env, stdout: out, stderr: err)
        // Both pipes drained while git runs, so a chatty command never blocks on a full pipe.
        let errData = Collected()
        let group = DispatchGroup()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errData.data = errHandle.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        group.wait()
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(status: code, data: outData, err: String(decoding: errData.data, as: UTF8.self))
    }

    /// Starts git in this process's own process group, with stdin from /dev/null. Not through
    /// Process: it puts its child in a group of its own, in the background of the terminal, and
    /// ssh asking there for a passphrase or about a host key never reads an answer and asks
    /// again forever. Here ssh asks as it does under git itself. Signals as a new process has
    /// them (this process may block some).
    static func spawn(_ argv: [String], env: [String: String], stdout: Pipe, stderr: Pipe) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let outWrite = stdout.fileHandleForWriting.fileDescriptor, errWrite = stderr.fileHandleForWriting.fileDescriptor
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outWrite, 1)
        posix_spawn_file_actions_adddup2(&actions, errWrite, 2)
        for fd in [outWrite, errWrite, stdout.fileHandleForReading.fileDescriptor, stderr.fileHandleForReading.fileDescriptor] where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        // The write ends are the child's now: this side's must close, or the reads never end.
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        guard rc == 0 else { throw Failed(description: "cannot run git: \(String(cString: strerror(rc)))") }
        return pid
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
