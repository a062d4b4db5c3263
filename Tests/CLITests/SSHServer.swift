import Foundation

/// A private sshd on 127.0.0.1 for the ssh sync tests: its own config, host key and free port
/// in a folder of the test's, run as a child (`-D -e`, no systemd), public keys only. It lets in
/// one account, `dbgit`, whose shell is git-shell (as a git server's account usually is) and
/// whose authorized keys live in the test's folder. Made only as root, with sshd installed;
/// otherwise `unavailable` says why the tests skip.
final class SSHServer {
    static let account = "dbgit"
    static let sshd = "/usr/sbin/sshd"

    /// nil when a server can be started (the git account made now if needed); else why not.
    static let unavailable: String? = {
        if let why = RealUsers.unavailable { return why }
        guard FileManager.default.isExecutableFile(atPath: sshd) else { return "sshd is not installed (apt-get install openssh-server)" }
        for tool in ["/usr/bin/ssh", "/usr/bin/ssh-keygen"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (apt-get install openssh-client)"
        }
        // Password '*': no password, but not locked ('!'), which sshd without PAM refuses.
        // Home '/': sshd changes into it before running git-shell.
        let shell = FileManager.default.isExecutableFile(atPath: "/usr/bin/git-shell") ? "/usr/bin/git-shell" : "/bin/sh"
        if getpwnam(account) == nil, RealUsers.sh("useradd -M -N -g \(RealUsers.group) -d / -s \(shell) -p '*' \(account)") != 0 {
            return "useradd \(account) failed"
        }
        // sshd's privilege-separation folder (systemd would make it).
        if mkdir("/run/sshd", 0o755) != 0, errno != EEXIST { return "cannot make /run/sshd" }
        return nil
    }()

    let dir: String
    let port: Int
    private var pid: pid_t = 0

    /// The server's log (sshd -e), for a failing test's message.
    var log: String { (try? String(contentsOfFile: dir + "/sshd.log", encoding: .utf8)) ?? "" }

    /// The line a client's known_hosts needs to trust this server.
    var knownHostsLine: String {
        let key = ((try? String(contentsOfFile: dir + "/host_key.pub", encoding: .utf8)) ?? "").split(separator: " ").prefix(2).joined(separator: " ")
        return "[127.0.0.1]:\(port) \(key)\n"
    }

    /// `dir`: a folder of the test's (it must not be writable by others than root).
    init(dir: String) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir + "/authorized", withIntermediateDirectories: true)
        try Self.run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test sshd", "-f", dir + "/host_key")
        port = try Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(dir)/host_key
            PidFile none
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            AuthorizedKeysFile \(dir)/authorized/%u
            AllowUsers \(Self.account)
            # The test's folder sits in /tmp (world-writable): the key files are checked by
            # their own modes, not their parents'.
            StrictModes no

            """
        try config.write(toFile: dir + "/sshd_config", atomically: true, encoding: .utf8)
        try authorize([])
        pid = try Self.spawn([Self.sshd, "-D", "-e", "-f", dir + "/sshd_config"], stderr: dir + "/sshd.log")
        // Ready when it accepts a connection; a server that died (a port taken meanwhile) says why.
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { pid = 0; throw Failed("sshd exited: \(log)") }
            usleep(50_000)
        }
        stop()
        throw Failed("sshd did not listen on port \(port): \(log)")
    }

    deinit { stop() }

    /// Kills the server (SIGKILL: nothing it does can delay the test) and waits for it.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        pid = 0
    }

    /// The public keys that may log in as the git account (replacing those before).
    func authorize(_ publicKeys: [String]) throws {
        let path = dir + "/authorized/\(Self.account)"
        try publicKeys.joined().write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
    }

    /// A remote URL on this server.
    func url(_ path: String) -> String { "ssh://\(Self.account)@127.0.0.1:\(port)\(path)" }

    struct Failed: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ args: String...) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: args[0])
        p.arguments = Array(args.dropFirst())
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let said = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failed("\(args.joined(separator: " ")): \(String(decoding: said, as: UTF8.self))") }
    }

    /// A port nobody listens on now: the kernel's pick for port 0.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed("socket: \(errno)") }
        defer { close(fd) }
        var addr = loopback(0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw Failed("bind: \(errno)") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = loopback(UInt16(port))
        return withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func loopback(_ port: UInt16) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return addr
    }

    /// Starts sshd with a clean signal mask and default handlers (the test runner's threads
    /// block SIGCHLD, which a child inherits: sshd would never reap its sessions), stdin from
    /// /dev/null and its log to `stderr`.
    static func spawn(_ args: [String], stderr: String) throws -> pid_t {
        try CleanSpawn.spawn(args, files: [(0, "/dev/null", O_RDONLY), (1, stderr, O_WRONLY | O_CREAT | O_APPEND), (2, stderr, O_WRONLY | O_CREAT | O_APPEND)])
    }
}

/// A client user's ssh setup where ssh looks by default (the home in /etc/passwd: ssh does not
/// read $HOME): ~/.ssh/id_ed25519 without a passphrase and ~/.ssh/known_hosts. Made fresh by
/// each test, removed by `remove()` (the home too, when the test made it).
struct SSHClient {
    let user: String
    let home: String
    let madeHome: Bool
    var sshDir: String { home + "/.ssh" }
    var publicKey: String { (try? String(contentsOfFile: sshDir + "/id_ed25519.pub", encoding: .utf8)) ?? "" }

    init(user: String) throws {
        self.user = user
        home = String(cString: getpwnam(user)!.pointee.pw_dir)
        madeHome = !FileManager.default.fileExists(atPath: home)
        if madeHome { try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true) }
        try? FileManager.default.removeItem(atPath: home + "/.ssh")
        try FileManager.default.createDirectory(atPath: sshDir, withIntermediateDirectories: false)
        try newKey()
        try knownHosts("")
    }

    /// A new key pair (the old one gone: a machine whose key the server does not know).
    func newKey() throws {
        for name in ["id_ed25519", "id_ed25519.pub"] { try? FileManager.default.removeItem(atPath: sshDir + "/" + name) }
        try SSHServer.run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(user)@test", "-f", sshDir + "/id_ed25519")
        own()
    }

    func knownHosts(_ text: String) throws {
        try text.write(toFile: sshDir + "/known_hosts", atomically: true, encoding: .utf8)
        own()
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: sshDir + "/" + name, atomically: true, encoding: .utf8)
        own()
    }

    /// Everything in ~/.ssh the user's own and private to them, as ssh demands of a key.
    private func own() {
        let uid = RealUsers.uid(user)
        for path in [home, sshDir] + ((try? FileManager.default.contentsOfDirectory(atPath: sshDir)) ?? []).map({ sshDir + "/" + $0 }) {
            chown(path, uid, RealUsers.gid)
            chmod(path, path == home || path == sshDir ? 0o700 : 0o600)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: madeHome ? home : sshDir)
    }
}
