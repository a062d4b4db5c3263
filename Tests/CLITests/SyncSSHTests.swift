import Foundation
import Testing

/// One board on several machines through a real ssh remote: a private sshd on 127.0.0.1, a bare
/// repository its git account owns, and machines of real Unix users, each with its own key and
/// known_hosts where ssh looks by default — no GIT_SSH_COMMAND, no ssh options from the test.
/// Every run of the binary has a time limit, so a prompt that waits for an answer fails the test.
@Suite(.serialized) struct SyncSSHTests {
    /// The server, the remote, and a machine per client user (its board folder and ssh setup).
    final class Setup {
        let cli: CLI
        let root: String
        let server: SSHServer
        let remotePath: String
        let clients: [SSHClient]
        var folders: [String] { clients.indices.map { root + "/m\($0)/board" } }
        var url: String { server.url(remotePath) }

        init(users: [String]) throws {
            cli = try CLI()
            root = (cli.board as NSString).deletingLastPathComponent
            chmod(root, 0o755)
            server = try SSHServer(dir: root + "/sshd")
            remotePath = root + "/remote.git"
            var made: [SSHClient] = []
            for (i, user) in users.enumerated() {
                let client = try SSHClient(user: user)
                made.append(client)
                try client.knownHosts(server.knownHostsLine)
                try FileManager.default.createDirectory(atPath: root + "/m\(i)", withIntermediateDirectories: false)
                chown(root + "/m\(i)", RealUsers.uid(user), RealUsers.gid)
            }
            clients = made
            try server.authorize(made.map(\.publicKey))
            try SSHServer.run("/usr/bin/git", "init", "--quiet", "--bare", remotePath)
            try SSHServer.run("/bin/chown", "-R", "\(SSHServer.account):\(RealUsers.group)", remotePath)
        }

        func finish() {
            server.stop()
            for c in clients { c.remove() }
            cli.cleanUp()
        }

        /// Runs dealboard on machine i as its user, stdin /dev/null, at most 30 seconds (status
        /// 124 when it had to be stopped). `terminal`: under a terminal of its own (script(1)),
        /// as a user at a shell would — where ssh could prompt; its output comes as `out`.
        @discardableResult
        func run(_ i: Int, _ args: [String], now: String? = nil, terminal: Bool = false) throws -> CLI.Result {
            let user = clients[i].user
            var command = ["/usr/bin/setpriv", "--reuid", user, "--regid", RealUsers.group, "--init-groups", "--", CLI.binary] + args + ["--board", folders[i]]
            if terminal {
                command = ["/usr/bin/script", "--quiet", "--return", "--command", command.map { "'\($0)'" }.joined(separator: " ") + " </dev/null", "/dev/null"]
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            p.arguments = ["--kill-after=2", "30"] + command
            var env = cli.env
            env["HOME"] = clients[i].home
            if let now { env["DEALBOARD_NOW"] = now }
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let errData = Collected()
            let group = DispatchGroup()
            let errHandle = err.fileHandleForReading
            DispatchQueue.global().async(group: group) { errData.data = errHandle.readDataToEndOfFile() }
            let o = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            group.wait()
            return CLI.Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errData.data, as: UTF8.self))
        }

        @discardableResult
        func run(_ i: Int, _ args: String..., now: String? = nil) throws -> CLI.Result { try run(i, args, now: now) }

        /// Runs dealboard on machine i at a terminal (tmux), as a user at a shell; nil (and
        /// said) without tmux. The screen ends with "EXITED status".
        func atTerminal(_ i: Int, _ args: String...) throws -> TmuxJourneyTests.Session? {
            guard TmuxJourneyTests.tmux != nil else {
                print("SKIPPED dealboard at a terminal: tmux is not installed")
                return nil
            }
            let s = TmuxJourneyTests.Session(name: "ssh", socket: root + "/tmux.sock")
            let env = "HOME=\(clients[i].home) PATH=/usr/bin:/bin LANG=C.UTF-8 TZ=UTC DEALBOARD_NOW=2026-11-03T12:00:00Z"
            let command = "env \(env) setpriv --reuid \(clients[i].user) --regid \(RealUsers.group) --init-groups -- \(CLI.binary) \(args.joined(separator: " ")) --board \(folders[i])"
            try TmuxServer.newSession(socket: s.socket, name: s.name, width: 200, height: 40, command: command + "; echo EXITED $?; sleep 60")
            return s
        }

        /// What every machine must agree on: the deals and the weekly review.
        func views(_ i: Int) throws -> [String] {
            let list = try run(i, "list", "--all", "--format", "json")
            let report = try run(i, "report", "--format", "json", "--since", "2026-10-01", "--until", "2026-12-31", "--no-pager")
            #expect(list.status == 0 && report.status == 0, "\(list.err) \(report.err)")
            return [list.out, report.out]
        }
    }

    /// stderr read on another thread; read here only after that thread is done.
    final class Collected: @unchecked Sendable { var data = Data() }

    static func skip(_ test: String) -> Bool {
        guard let why = SSHServer.unavailable else { return false }
        print("SKIPPED \(test): \(why)")
        return true
    }

    @Test func machinesShareABoardThroughAnSSHRemote() throws {
        if Self.skip("machinesShareABoardThroughAnSSHRemote") { return }
        let s = try Setup(users: [RealUsers.owner, RealUsers.colleague, RealUsers.attacker])
        defer { s.finish() }
        // Machine 0 makes the board and pushes it over ssh.
        let made = try s.run(0, "init", "--git", s.url)
        #expect(made.status == 0 && made.out.contains("git: pushed to \(s.url)"), "\(made.out) \(made.err)\n\(s.server.log)")
        // Machine 1 joins with the same URL.
        let joined = try s.run(1, "init", "--git", s.url)
        #expect(joined.status == 0 && joined.out.contains("joined the board"), "\(joined.out) \(joined.err)")
        // Machine 2 joins in git's other ssh form, user@host:path, through a host of its ssh config.
        try s.clients[2].write("config", "Host boardhost\n    HostName 127.0.0.1\n    Port \(s.server.port)\n    User \(SSHServer.account)\n")
        let scpLike = "boardhost:" + s.remotePath
        let third = try s.run(2, "init", "--git", scpLike)
        #expect(third.status == 0 && third.out.contains("joined the board at \(scpLike)"), "\(third.out) \(third.err)")

        // Each machine works apart, then syncs in turn; two rounds so everyone has everything.
        for i in 0..<3 {
            #expect(try s.run(i, "add", "Deal from \(i)", "--company", "Co\(i)", "--amount", "\(1000 * (i + 1))", now: "2026-11-0\(3 + i)T10:00:00Z").status == 0)
            #expect(try s.run(i, "log", "1", "call", "spoke to the buyer \(i)", now: "2026-11-0\(3 + i)T11:00:00Z").status == 0)
        }
        #expect(try s.run(1, "edit", "1", "amount=2500", now: "2026-11-04T12:00:00Z").status == 0)
        for round in 0..<2 {
            for i in 0..<3 {
                let r = try s.run(i, ["sync"], now: "2026-11-06T09:0\(round)Z")
                #expect(r.status == 0, "machine \(i): \(r.err)")
                if round == 0, i == 0 { #expect(r.out.contains("sent 2 events"), "\(r.out)") }
            }
        }
        let first = try s.views(0)
        for i in 1..<3 { #expect(try s.views(i) == first, "machine \(i) differs") }
        let deals = try JSONSerialization.jsonObject(with: Data(first[0].utf8)) as? [[String: Any]] ?? []
        #expect(deals.count == 3, "\(first[0])")
        let status = try s.run(2, "sync", "--status")
        #expect(status.status == 0 && status.out.contains("waiting to be sent: 0 events"), "\(status.out) \(status.err)")
    }

    @Test func aRemoteThatRefusesFailsClearlyWithoutAPromptAndKeepsTheBoard() throws {
        if Self.skip("aRemoteThatRefusesFailsClearlyWithoutAPromptAndKeepsTheBoard") { return }
        let s = try Setup(users: [RealUsers.owner, RealUsers.colleague])
        defer { s.finish() }
        for i in 0..<2 {
            let r = try s.run(i, "init", "--git", s.url)
            #expect(r.status == 0, "machine \(i): \(r.out) \(r.err)")
        }
        let offline = try s.run(1, "add", "Made offline", "--company", "Acme", "--amount", "500", now: "2026-11-03T10:00:00Z")
        #expect(offline.status == 0, "\(offline.out) \(offline.err)")

        /// A sync that must fail: status 2 (not 124 or 9: stopped while it hung), a message that
        /// says ssh's reason and what to do, and the board still opens with this machine's events.
        @discardableResult
        func refused(_ why: String, _ remedy: String, terminal: Bool = false, _ name: String) throws -> String {
            let r = try s.run(1, ["sync"], now: "2026-11-03T11:00:00Z", terminal: terminal)
            let said = terminal ? r.out : r.err
            #expect(r.status == 2, "\(name): status \(r.status) \(said)")
            #expect(said.contains("fetching from origin failed") && said.contains(why) && said.contains(remedy), "\(name): \(said)")
            #expect(!said.contains("Please make sure"), "git's advice that says nothing here: \(said)")
            let list = try s.run(1, "list", "--all")
            #expect(list.status == 0 && list.out.contains("Made offline"), "\(name): \(list.out) \(list.err)")
            return said
        }

        // A key the server does not know (a machine's new key, not yet authorized).
        try s.clients[1].newKey()
        let first = try refused("Permission denied (publickey)", "authorized_keys", "wrong key")
        #expect(first.contains("events are committed here and the next sync sends them"), "\(first)")
        try s.server.authorize(s.clients.map(\.publicKey))
        // A server whose host key is not in known_hosts: a script (stdin not a terminal) is
        // never asked about it, even with a terminal around (script(1) gives it one).
        try s.clients[1].knownHosts("")
        try refused("Host key verification failed", "known_hosts", "unknown host key")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
            try refused("Host key verification failed", "known_hosts", terminal: true, "unknown host key, at a terminal")
        } else {
            print("SKIPPED the sync at a terminal: script (bsdutils) is not installed")
        }
        // A host key that changed (another server answering at that address).
        let other = try SSHServer(dir: s.root + "/other-sshd")
        defer { other.stop() }
        try s.clients[1].knownHosts(other.knownHostsLine.replacingOccurrences(of: ":\(other.port)]", with: ":\(s.server.port)]"))
        try refused("Host key verification failed", "known_hosts", "changed host key")

        // At a terminal, where someone can answer, ssh asks about the unknown host and hears
        // the answer: "no" refuses (status 2), "yes" trusts it and the events kept through
        // every failure go out.
        try s.clients[1].knownHosts("")
        if let tmux = try s.atTerminal(1, "sync") {
            defer { _ = try? tmux.tmux("kill-server") }
            try tmux.waitFor("continue connecting")
            try tmux.keys("no", "Enter")
            let said = try tmux.waitFor("EXITED")
            #expect(said.contains("EXITED 2") && said.contains("known_hosts"), "\(said)")
        }
        if let tmux = try s.atTerminal(1, "sync") {
            defer { _ = try? tmux.tmux("kill-server") }
            try tmux.waitFor("continue connecting")
            try tmux.keys("yes", "Enter")
            let said = try tmux.waitFor("EXITED")
            #expect(said.contains("EXITED 0") && said.contains("sent 1 event"), "\(said)")
        } else {
            try s.clients[1].knownHosts(s.server.knownHostsLine)
            let r = try s.run(1, ["sync"], now: "2026-11-03T12:00:00Z")
            #expect(r.status == 0 && r.out.contains("sent 1 event"), "\(r.out) \(r.err)")
        }
        #expect(try s.run(0, "sync").status == 0)
        #expect(try s.views(0) == s.views(1))
        #expect(try s.run(0, "list").out.contains("Made offline"))

        // A key of its own named in git's config (core.sshCommand): batch mode keeps to it.
        let ssh = s.clients[1].sshDir
        #expect(rename(ssh + "/id_ed25519", ssh + "/board_key") == 0)
        let git = try s.cli.shell("setpriv --reuid \(s.clients[1].user) --regid \(RealUsers.group) --init-groups -- git -C \(s.folders[1]) config core.sshCommand 'ssh -i ~/.ssh/board_key'")
        #expect(git.status == 0, "\(git.err)")
        #expect(try s.run(1, "log", "1", "note", "own key", now: "2026-11-03T13:00:00Z").status == 0)
        let own = try s.run(1, ["sync"], now: "2026-11-03T13:05:00Z")
        #expect(own.status == 0 && own.out.contains("sent 1 event"), "\(own.out) \(own.err)")
    }
}
