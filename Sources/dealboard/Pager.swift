import ArgumentParser
import Foundation

/// `--no-pager` of the long outputs (`report`, `history`, `show`), declared once.
struct PagerOption: ParsableArguments {
    @Flag(name: .customLong("no-pager"), help: "Print straight to the terminal, without the pager ($DEALBOARD_PAGER, else $PAGER, else less -FRX).")
    var noPager = false
}

/// Long outputs go through a pager on a terminal, as git's do: `$DEALBOARD_PAGER`, else
/// `$PAGER`, else `less -FRX` (which prints a short output and quits, keeps colours off, and
/// leaves the text on the screen). Never in a pipe or a file, and never when the chosen pager
/// is empty or `cat`.
///
/// The pager starts at the first line printed, so an error before any output (no such deal)
/// never opens an empty pager. Quitting it before the end only stops the printing: the
/// command's exit status and messages are those it would have had without a pager. A pager
/// that cannot be run leaves the output printed directly.
final class Pager {
    /// The pager of the running command, while `printOut` goes through it.
    nonisolated(unsafe) static var current: Pager?

    let command: String
    /// True when the user chose the pager (an environment variable): only then is a pager that
    /// cannot run worth a note (a machine without less still prints, silently).
    let chosen: Bool
    private var pid: pid_t = 0
    private var fd: Int32 = -1
    private var started = false
    /// The pager quit (or never ran): what is still printed goes nowhere, or straight out.
    private var closed = false
    private var direct = false
    /// Everything sent to the pager, to print it directly if the pager turns out not to exist
    /// (the shell says 127 only once its pipe has been written to).
    private var sent: [UInt8] = []
    private var savedSignals: [(Int32, sighandler_t?)] = []

    init(command: String, chosen: Bool) {
        self.command = command
        self.chosen = chosen
    }

    /// The pager for this run, or nil: not a terminal, `--no-pager`, or a pager set to nothing.
    static func forTerminal(disabled: Bool, env: [String: String] = ProcessInfo.processInfo.environment) -> Pager? {
        guard !disabled, isatty(STDOUT_FILENO) == 1 else { return nil }
        let chosen = env["DEALBOARD_PAGER"] ?? env["PAGER"]
        let command = (chosen ?? "less -FRX").trimmingCharacters(in: .whitespaces)
        if command.isEmpty || command == "cat" { return nil }
        return Pager(command: command, chosen: chosen != nil)
    }

    /// Runs `body` with `printOut` writing to this pager; waits for the pager to quit.
    func run(_ body: () throws -> Void) rethrows {
        Pager.current = self
        defer {
            Pager.current = nil
            finish()
        }
        try body()
    }

    func write(_ data: Data) {
        if !started { start() }
        if direct {
            writeAll(STDOUT_FILENO, Array(data))
            return
        }
        if closed { return }
        let bytes = Array(data)
        sent += bytes
        if !writeAll(fd, bytes) {
            // The pager went away: quit by the user (drop the rest), or it never ran.
            closed = true
            close(fd)
            fd = -1
            reap()
        }
    }

    /// Starts `/bin/sh -c "$PAGER"` reading a pipe. Our side ignores SIGPIPE (a pager quit
    /// early must not kill the command) and SIGINT/SIGQUIT (Ctrl-C in less must not leave it
    /// orphaned on the terminal) until the pager exits; the pager gets SIGPIPE as usual.
    private func start() {
        started = true
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { direct = true; return }
        // Close-on-exec: the pager's copy of the read end is the dup2 below, and no later child
        // may hold the write end open (the pager would never see the end of the output).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        // As git does: less with -F -R -X unless the user set $LESS.
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0)=\($1)") } + [nil]
        let args = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in envp + argv { free(p) } }
        // posix_spawn, not Process: the pager stays in our process group, the terminal's
        // foreground one, so it can read the keyboard (see Editor).
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        close(ends[0])
        guard spawned == 0 else {
            close(ends[1])
            fallBack()
            return
        }
        fd = ends[1]
        for sig in [SIGPIPE, SIGINT, SIGQUIT] { savedSignals.append((sig, signal(sig, SIG_IGN))) }
    }

    /// Closes the pager's input and waits for the user to quit it.
    func finish() {
        guard started, !direct else { return }
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        reap()
    }

    private func reap() {
        guard pid > 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        pid = 0
        for (sig, handler) in savedSignals { signal(sig, handler) }
        savedSignals = []
        // The shell's 127 (not found) or 126 (not executable): the pager never ran.
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        if exited, code == 127 || code == 126 {
            fallBack()
            writeAll(STDOUT_FILENO, sent)
        }
        sent = []
    }

    private func fallBack() {
        direct = true
        closed = true
        if chosen { warn("note: the pager \"\(command)\" could not be run, so the output is printed directly ($DEALBOARD_PAGER or $PAGER; empty: no pager)") }
    }

    /// Writes every byte; false when the reader has gone (EPIPE) or the write fails.
    @discardableResult
    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
