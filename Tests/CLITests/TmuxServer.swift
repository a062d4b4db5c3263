import Foundation

/// Starts a tmux session whose server can be stopped. A child of the test process inherits its
/// blocked signals (the test runner's threads block SIGCHLD and others), and a tmux server that
/// never hears SIGCHLD outlives `kill-server` with its shell; posix_spawn with an empty signal
/// mask and default handlers gives it a clean start.
enum TmuxServer {
    static func newSession(socket: String, name: String, width: Int, height: Int, command: String) throws {
        let args = [TmuxJourneyTests.tmux!, "-S", socket, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command]
        let pid = try CleanSpawn.spawn(args, files: [0, 1, 2].map { ($0, "/dev/null", $0 == 0 ? O_RDONLY : O_WRONLY) })
        // The client returns once the server has the session.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }
}
