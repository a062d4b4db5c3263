import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A finished child process: its exit status and what it wrote (stderr, and stdout when kept).
struct Spawned {
    var status: Int32
    var output: String
    var seconds: Double
    var ok: Bool { status == 0 }
}

/// Runs a program to its end. posix_spawn and waitpid, not Foundation's Process: Process notices
/// a child's exit in steps of up to 50 ms, more than some of the figures timed here.
/// `keepStdout` false sends stdout to /dev/null (a report's megabytes cost no pipe copying);
/// stderr is always read, so a failure can be shown. `seconds`: from the spawn to the exit.
func spawn(_ args: [String], environment: [String: String]? = nil, keepStdout: Bool = true) -> Spawned {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return Spawned(status: -1, output: "pipe: \(String(cString: strerror(errno)))", seconds: 0) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if keepStdout {
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    posix_spawn_file_actions_addclose(&actions, fds[1])
    let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
    let env = environment ?? ProcessInfo.processInfo.environment
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let start = monotonic()
    let rc = posix_spawnp(&pid, args[0], &actions, nil, argv, envp)
    close(fds[1])
    guard rc == 0 else {
        close(fds[0])
        return Spawned(status: -1, output: "cannot run \(args[0]): \(String(cString: strerror(rc)))", seconds: 0)
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fds[0], &buffer, buffer.count)
        if n > 0 { bytes += buffer[0..<n] } else if n < 0, errno == EINTR { continue } else { break }
    }
    close(fds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let seconds = monotonic() - start
    // Exit code when it exited, 128 + the signal when a signal ended it (as a shell says).
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Spawned(status: code, output: String(decoding: bytes, as: UTF8.self), seconds: seconds)
}

/// A text as one shell word (for the command line tmux and `script` run through the shell).
func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
