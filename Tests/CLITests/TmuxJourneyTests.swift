import Foundation
import Testing

/// The main journey in the real binary on a real pseudo-terminal (tmux): open the board,
/// navigate, press > on a deal whose criteria are unmet, see the panel, fill the criteria,
/// watch the move complete, quit, reopen, and find the deal in its new stage.
@Suite(.serialized) struct TmuxJourneyTests {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Session {
        let name: String
        let socket: String

        @discardableResult
        func tmux(_ args: String...) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TmuxJourneyTests.tmux!)
            p.arguments = ["-S", socket] + args
            // Only capture-pane's output is read: a command that starts the tmux server would
            // hand it our pipe, and reading to its end would then wait for the server to exit.
            let out = Pipe()
            let reads = args.first == "capture-pane"
            p.standardOutput = reads ? out : FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let data = reads ? out.fileHandleForReading.readDataToEndOfFile() : Data()
            // waitUntilExit can miss the exit of a client whose server lives on; poll instead.
            for _ in 0..<200 where p.isRunning { usleep(10_000) }
            return String(decoding: data, as: UTF8.self)
        }

        func screen() throws -> String { try tmux("capture-pane", "-p", "-t", name) }

        /// Waits (up to 10 s) until the screen shows `text`; returns the screen.
        @discardableResult
        func waitFor(_ text: String, absent: Bool = false) throws -> String {
            var last = ""
            for _ in 0..<100 {
                last = try screen()
                if last.contains(text) != absent { return last }
                usleep(100_000)
            }
            Issue.record("timed out waiting for \(absent ? "absence of " : "")\"\(text)\"; screen:\n\(last)")
            return last
        }

        func keys(_ keys: String...) throws {
            for k in keys { try tmux("send-keys", "-t", name, k) }
        }
    }

    func start(_ cli: CLI, _ command: String) throws -> Session {
        let s = Session(name: "journey", socket: (cli.board as NSString).deletingLastPathComponent + "/tmux.sock")
        let env = "TERM=xterm-256color LANG=C.UTF-8 DEALBOARD_BOARD=\(cli.board) DEALBOARD_NOW=2026-11-02T09:00:00Z"
        // Through TmuxServer: a server started with the test runner's blocked signals would
        // outlive kill-server (and this test run) with its shell.
        try TmuxServer.newSession(socket: s.socket, name: s.name, width: 100, height: 30, command: "env \(env) \(CLI.binary) \(command); echo EXITED $?; sleep 60")
        return s
    }

    @Test func openRefuseFillMoveQuitReopen() throws {
        guard Self.tmux != nil else {
            Issue.record("tmux is not installed (apt-get install tmux); .ci/run installs it")
            return
        }
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "Acme renewal", "--company", "Acme", "--amount", "12000")
        try cli.run("add", "Globex pilot", "--company", "Globex", "--amount", "8000")
        let s = try start(cli, "")
        defer { _ = try? s.tmux("kill-server") }

        var screen = try s.waitFor("Prospecting (2)")
        #expect(screen.contains("#1 Acme renewal"))
        try s.keys("j")                       // navigate to #2 and back
        try s.keys("k")
        try s.keys(">")
        // The panel's last line: a capture taken mid-frame may hold only its first rows.
        screen = try s.waitFor("☐ Live pain point")
        #expect(screen.contains("cannot move to Qualification yet"))
        #expect(screen.contains("✗ Fits the ideal customer profile (4 of 5 checks)"))
        #expect(screen.contains("☐ Company size fits"))
        try s.keys("Space")
        try s.waitFor("☑ Company size fits")
        for _ in 0..<3 { try s.keys("Down", "Space") }
        screen = try s.waitFor("#1 moved Prospecting → Qualification")
        #expect(screen.contains("Qualification (1)"))
        try s.keys("q")
        try s.waitFor("EXITED 0")

        // Reopen: the deal is where we left it (the move is in the journal, not just on screen).
        let show = try cli.run("show", "1", "--format", "json")
        #expect(show.out.contains("\"stage\": \"qualification\""))
        try s.tmux("kill-session", "-t", s.name)
        let again = try start(cli, "")
        screen = try again.waitFor("Qualification (1)")
        #expect(screen.contains("Prospecting (1)"))
        try again.keys("?")
        try again.waitFor("move the deal one stage forward")
        try again.keys("Escape", "q")
        try again.waitFor("EXITED 0")
    }

    @Test func demoOpensTheBoard() throws {
        guard Self.tmux != nil else { return }
        let cli = try CLI()
        defer { cli.cleanUp() }
        let s = try start(cli, "demo --board \(cli.board)")
        defer { _ = try? s.tmux("kill-server") }
        // The status line is the frame's last row: a capture can catch the frame half written.
        let screen = try s.waitFor("demo board in \(cli.board)")
        #expect(screen.contains("B2B sales") && screen.contains("Prospecting ("))
        try s.keys("l", "l", "Enter")
        try s.waitFor("Exit criteria of")
        try s.keys("Escape", "q")
        try s.waitFor("demo board: \(cli.board)")
    }

    /// The manager's journey: the demo board, r for the review, the stuck deals walked one by
    /// one, the review marked done, back to the board.
    @Test func demoWeeklyReview() throws {
        guard Self.tmux != nil else { return }
        let cli = try CLI()
        defer { cli.cleanUp() }
        let s = try start(cli, "demo --board \(cli.board)")
        defer { _ = try? s.tmux("kill-server") }
        try s.waitFor("Prospecting (")
        try s.keys("r")
        var screen = try s.waitFor("Weekly review — last 7 days")
        #expect(screen.contains("Coverage"))
        #expect(screen.contains("FUNNEL"))
        try s.keys("s")
        screen = try s.waitFor("STUCK DEALS")
        try s.keys("Enter")
        screen = try s.waitFor("Stuck deal 1 of")
        #expect(screen.contains("Exit criteria of") || screen.contains("Stage:"))
        try s.keys("n")
        try s.waitFor("Stuck deal 2 of")
        try s.keys("Escape")
        try s.waitFor("back to the review")
        try s.keys("R")
        try s.waitFor("Mark the review done?")
        try s.keys("Enter")
        screen = try s.waitFor("review marked done")
        try s.keys("q")
        try s.waitFor("back to the board")
        try s.keys("q")
        try s.waitFor("demo board: \(cli.board)")
        // The review.done event is in the journal: the report counts changes from it.
        let report = try cli.run("report", "--format", "json")
        #expect(report.status == 0, "\(report.err)")
        #expect(report.out.contains("\"last_review\": \"2026-11-02T09:00"))
    }
}
