import Foundation
import Testing

/// Issue 9's journey in the real binary on a real pseudo-terminal: on a European board
/// (EUR, 1.234,56) a rep opens the new-deal form, types 45.000, and the deal is worth
/// forty-five thousand — on the card, in the status line and in `dealboard show`.
@Suite(.serialized) struct MoneyJourneyTests {
    @Test func aEuropeanRepTypes45000InTheForm() throws {
        guard TmuxJourneyTests.tmux != nil else {
            Issue.record("tmux is not installed (apt-get install tmux); .ci/run installs it")
            return
        }
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init", "--currency", "EUR", "--number-style", "1.234,56")
        try cli.run("add", "Globex pilot", "--company", "Globex", "--amount", "8.000")
        let s = TmuxJourneyTests.Session(name: "money", socket: (cli.board as NSString).deletingLastPathComponent + "/tmux.sock")
        let env = "TERM=xterm-256color LANG=C.UTF-8 DEALBOARD_BOARD=\(cli.board) DEALBOARD_NOW=2026-11-02T09:00:00Z"
        try TmuxServer.newSession(socket: s.socket, name: s.name, width: 100, height: 30, command: "env \(env) \(CLI.binary); echo EXITED $?; sleep 60")
        defer { _ = try? s.tmux("kill-server") }

        var screen = try s.waitFor("Prospecting (1)")
        #expect(screen.contains("€8k"))
        try s.keys("n")
        try s.waitFor("New deal in Prospecting")
        try s.tmux("send-keys", "-t", s.name, "-l", "Acme renewal")
        try s.keys("Tab", "Tab")
        try s.tmux("send-keys", "-t", s.name, "-l", "45.000")
        screen = try s.waitFor("45.000▏")
        #expect(!screen.contains("✗"))                  // read as it is typed: no complaint
        try s.keys("Enter")
        screen = try s.waitFor("created #2 Acme renewal (€45.000)")
        #expect(screen.contains("Prospecting (2)"))
        #expect(screen.contains("€45k"))                // the card
        #expect(screen.contains("€53k"))                // the column total: 45.000 + 8.000
        try s.keys("q")
        try s.waitFor("EXITED 0")

        let show = try cli.run("show", "2")
        #expect(show.out.contains("Amount:   €45.000"))
        let json = try cli.json("show", "2", "--format", "json") as! [String: Any]
        #expect(json["amount"] as? Double == 45000)
    }
}
