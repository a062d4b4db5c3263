import Foundation
import Testing

/// `report`, `history` and `show` through the pager on a real terminal (tmux), with fake pagers
/// that record what they were given; and never in a pipe.
@Suite(.serialized) struct PagerTests {
    /// A board with one deal, fake pagers `pager-a`, `pager-b` and a fake `cat` in `<dir>/bin`
    /// (each writes what it read to `<dir>/<name>.paged`, its $LESS to `<dir>/<name>.less`, and
    /// prints `<name> DONE`).
    func board() throws -> (CLI, String) {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("add", "Acme renewal", "--company", "Acme", "--amount", "12000")
        let dir = (cli.board as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        for name in ["pager-a", "pager-b", "cat"] {
            let path = dir + "/bin/" + name
            try "#!/bin/sh\nprintf %s \"$LESS\" > \(dir)/\(name).less\n/bin/cat > \(dir)/\(name).paged\necho \(name) DONE\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        return (cli, dir)
    }

    /// Runs `dealboard args` in tmux with exactly this environment (plus the board's), and
    /// returns the screen once the command has exited; `keys` are typed once `shown` is on screen.
    func onTerminal(_ cli: CLI, _ dir: String, _ args: String, env: [String: String] = [:], shown: String = "", keys: [String] = []) throws -> String {
        var e = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": dir, "PATH": dir + "/bin:/usr/bin:/bin",
                 "DEALBOARD_BOARD": cli.board, "DEALBOARD_NOW": "2026-11-02T09:00:00Z"]
        e.merge(env) { $1 }
        let assignments = e.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let s = TmuxJourneyTests.Session(name: "pager", socket: dir + "/tmux.sock")
        try TmuxServer.newSession(socket: s.socket, name: s.name, width: 120, height: 40, command: "env -i \(assignments) \(CLI.binary) \(args); echo EXITED $?; sleep 60")
        defer { _ = try? s.tmux("kill-server") }
        if !keys.isEmpty {
            try s.waitFor(shown)
            for k in keys {
                try s.keys(k)
                usleep(300_000)
            }
        }
        return try s.waitFor("EXITED")
    }

    func ran(_ dir: String, _ name: String) -> String? {
        FileManager.default.contents(atPath: "\(dir)/\(name).paged").map { String(decoding: $0, as: UTF8.self) }
    }

    var hasTmux: Bool {
        if TmuxJourneyTests.tmux == nil { Issue.record("tmux is not installed (apt-get install tmux); .ci/run installs it") }
        return TmuxJourneyTests.tmux != nil
    }

    /// The pager gets exactly what a pipe gets, with LESS=FRX unless the user set $LESS; the
    /// command's status is its own.
    @Test(arguments: [["report"], ["history"], ["show", "1"], ["report", "--format", "markdown"]])
    func aLongOutputGoesThroughThePagerOnATerminal(_ args: [String]) throws {
        guard hasTmux else { return }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        let screen = try onTerminal(cli, dir, args.joined(separator: " "), env: ["PAGER": "pager-a"])
        #expect(screen.contains("pager-a DONE\nEXITED 0"))
        let piped = try cli.run(args, extraEnv: ["PAGER": dir + "/bin/pager-a"])
        #expect(piped.status == 0)
        #expect(ran(dir, "pager-a") == piped.out)
        #expect(!piped.out.isEmpty)
        #expect(FileManager.default.contents(atPath: dir + "/pager-a.less") == Data("FRX".utf8))
    }

    /// Which pager, if any: $DEALBOARD_PAGER beats $PAGER; empty or cat means none; --no-pager
    /// means none; $LESS of the user is left as it is.
    static let choices: [(args: String, env: [String: String], runs: String?, less: String?)] = [
        ("history", ["DEALBOARD_PAGER": "pager-a", "PAGER": "pager-b"], "pager-a", "FRX"),
        ("history", ["PAGER": "pager-b", "LESS": "-S"], "pager-b", "-S"),
        ("show 1 --no-pager", ["PAGER": "pager-a"], nil, nil),
        ("report --no-pager", ["DEALBOARD_PAGER": "pager-a"], nil, nil),
        ("show 1", ["DEALBOARD_PAGER": "", "PAGER": "pager-a"], nil, nil),
        ("show 1", ["PAGER": "cat"], nil, nil),         // cat (here a fake one on PATH) is no pager
        ("show 1", ["DEALBOARD_PAGER": " cat "], nil, nil),
    ]

    @Test(arguments: choices)
    func thePagerIsTheOneChosen(_ c: (args: String, env: [String: String], runs: String?, less: String?)) throws {
        guard hasTmux else { return }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        let screen = try onTerminal(cli, dir, c.args, env: c.env)
        #expect(screen.contains("EXITED 0"), "\(screen)")
        for name in ["pager-a", "pager-b", "cat"] {
            #expect((ran(dir, name) != nil) == (name == c.runs), "\(name) \(c)")
        }
        if let runs = c.runs {
            #expect(FileManager.default.contents(atPath: "\(dir)/\(runs).less") == Data((c.less ?? "").utf8))
        } else {
            // Printed straight to the terminal (the end of a report: its top has scrolled away).
            #expect(screen.contains(c.args.hasPrefix("show") ? "#1  Acme renewal" : "PER REP"), "\(screen)")
        }
    }

    /// An error before any output opens no pager, and keeps its message and status.
    @Test func anErrorOpensNoPager() throws {
        guard hasTmux else { return }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        let screen = try onTerminal(cli, dir, "show 999", env: ["PAGER": "pager-a"])
        #expect(screen.contains("dealboard: no deal #999 on this board (see: dealboard list)\nEXITED 2"))
        #expect(ran(dir, "pager-a") == nil)
    }

    /// A pager that cannot be run: the output is printed directly, with a note, status 0.
    @Test func aPagerThatCannotRunLeavesTheOutputPrinted() throws {
        guard hasTmux else { return }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        let screen = try onTerminal(cli, dir, "show 1", env: ["DEALBOARD_PAGER": "/nonexistent/pager"])
        #expect(screen.contains("#1  Acme renewal"))
        #expect(screen.contains("dealboard: note: the pager \"/nonexistent/pager\" could not be run, so the output is printed directly"))
        #expect(screen.contains("EXITED 0"))
    }

    /// A pager quit before the end of a long output (here after 3 lines of 100 deals' history,
    /// far more than a pipe holds): no "Broken pipe", no error, status 0.
    @Test func quittingThePagerEarlyIsNoError() throws {
        guard hasTmux else { return }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        try cli.run("demo", "--deals", "100", "--board", cli.board + "-big")
        #expect(try cli.run("history", "--board", cli.board + "-big").out.utf8.count > 100_000)
        let screen = try onTerminal(cli, dir, "history --board \(cli.board)-big", env: ["DEALBOARD_PAGER": "head -n 3"])
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 4, "\(screen)")
        #expect(lines.last == "EXITED 0")
        #expect(!screen.lowercased().contains("pipe") && !screen.contains("dealboard:"))
    }

    /// The default pager, less -FRX, on a long history: Ctrl-C inside less, then q, and the
    /// command ends with status 0 and nothing else said.
    @Test func theDefaultPagerIsLess() throws {
        guard hasTmux else { return }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/less") else {
            print("SKIPPED the default pager: less is not installed")
            return
        }
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        try cli.run("demo", "--deals", "100", "--board", cli.board + "-big")
        let screen = try onTerminal(cli, dir, "history --board \(cli.board)-big", shown: "\n:", keys: ["C-c", "q"])
        #expect(screen.contains("\nEXITED 0"))
        #expect(!screen.contains("dealboard:"))
    }

    /// In a pipe (or a file) no pager ever runs, whatever is set.
    @Test func noPagerInAPipe() throws {
        let (cli, dir) = try board()
        defer { cli.cleanUp() }
        for args in [["report"], ["history"], ["show", "1"]] {
            let r = try cli.run(args, extraEnv: ["PAGER": dir + "/bin/pager-a", "DEALBOARD_PAGER": dir + "/bin/pager-b"])
            #expect(r.status == 0 && r.err.isEmpty)
            #expect(!r.out.isEmpty && !r.out.contains("DONE"))
        }
        #expect(ran(dir, "pager-a") == nil && ran(dir, "pager-b") == nil)
    }
}
