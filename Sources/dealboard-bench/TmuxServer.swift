import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tmux server of the bench's own (its own socket, no user config), for running the board in
/// a real terminal: 120x40, TERM=tmux-256color, no status line (it would take a row of the pane).
/// A keeper session holds the server up, so no timing includes the server's start.
/// Only this server is ever killed (kill-server on its socket).
final class TmuxServer {
    let socket = "dealboard-bench-\(getpid())"
    let cols: Int
    let rows: Int
    private let environment: [String: String]
    private var sessions = 0

    init(cols: Int = 120, rows: Int = 40) throws {
        self.cols = cols
        self.rows = rows
        // The server and every pane inherit this: ours, minus an outer tmux and a truecolor promise.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TMUX") && $0.key != "COLORTERM" }
        if env["LANG"] == nil { env["LANG"] = "C.UTF-8" }
        environment = env
        // Ctrl-C ends the bench, and its server with it (with the boards in its panes). Not
        // async-signal-safe, but the bench spends its time sleeping or waiting for a child.
        interruptedServer = self
        signal(SIGINT) { _ in
            interruptedServer?.killServer()
            exit(130)
        }
        let started = tmux(["new-session", "-d", "-s", "keep", "-x", "\(cols)", "-y", "\(rows)", "sleep 86400"])
        guard started.ok else { throw BenchFailure("tmux could not start a server: \(started.output)") }
        _ = tmux(["set", "-g", "status", "off", ";", "set", "-g", "default-terminal", "tmux-256color", ";",
                  "set", "-g", "remain-on-exit", "on", ";", "set", "-sg", "escape-time", "10"])
    }

    @discardableResult
    func tmux(_ args: [String]) -> Spawned {
        spawn(["tmux", "-L", socket, "-f", "/dev/null"] + args, environment: environment)
    }

    /// Starts `command` (a shell command line) in a new session; returns its name.
    func start(_ command: String) -> String {
        sessions += 1
        let name = "run\(sessions)"
        tmux(["new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", command])
        return name
    }

    /// The pane's text, and whether its program has exited — one tmux call for both.
    func capture(_ session: String) -> (text: String, dead: Bool) {
        let r = tmux(["capture-pane", "-p", "-t", session, ";", "display", "-p", "-t", session, "#{pane_dead}"])
        var lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last == "" { lines.removeLast() }
        let dead = lines.popLast() != "0"
        return (lines.joined(separator: "\n"), dead || !r.ok)
    }

    func panePID(_ session: String) -> Int32? {
        Int32(tmux(["display", "-p", "-t", session, "#{pane_pid}"]).output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func send(_ session: String, _ keys: String...) { tmux(["send-keys", "-t", session] + keys) }

    /// Ends a session and every process in its pane.
    func kill(_ session: String) {
        let tree = panePID(session).map { ProcFS.descendants(of: $0) } ?? []
        tmux(["kill-session", "-t", session])
        end(tree)
    }

    /// tmux sends a pane's processes SIGHUP, which the board obeys but `script` does not (it
    /// stays, and keeps the board running under it), so what is still there after 2 s gets
    /// SIGTERM (children first), and after 1 s more SIGKILL. Only pids of our panes.
    private func end(_ tree: [Int32]) {
        func waitGone(_ seconds: Double) {
            let end = monotonic() + seconds
            while tree.contains(where: ProcFS.isAlive), monotonic() < end { usleep(20_000) }
        }
        waitGone(2)
        for signal in [SIGTERM, SIGKILL] {
            for pid in tree.reversed() where ProcFS.isAlive(pid) { Glibc.kill(pid, signal) }
            waitGone(1)
        }
    }

    func killServer() {
        signal(SIGINT, SIG_DFL)
        interruptedServer = nil
        let path = tmux(["display", "-p", "#{socket_path}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let panes = tmux(["list-panes", "-a", "-F", "#{pane_pid}"]).output.split(separator: "\n").compactMap { Int32($0) }
        let trees = panes.flatMap { ProcFS.descendants(of: $0) }
        _ = spawn(["tmux", "-L", socket, "kill-server"], environment: environment)
        end(trees)
        // tmux 3.3 leaves its socket file behind; this one is ours.
        if path.hasSuffix("/" + socket) { unlink(path) }
    }
}

/// The server a Ctrl-C ends (a signal handler can capture nothing).
nonisolated(unsafe) private var interruptedServer: TmuxServer?

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
