import Foundation
import Testing

/// TAB in a real interactive zsh and fish (on a tmux pseudo-terminal), with the completion
/// scripts installed as the README says: the deals with their titles as descriptions, and the
/// labels of a deal's stage. bash is driven without a terminal in `CompletionCLITests`.
/// A machine without zsh or fish skips that shell's test and says so (`apt-get install zsh fish`).
@Suite(.serialized) struct ShellCompletionTmuxTests {
    static func installed(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A board, a folder with `dealboard` in it (as installed), and a tmux session running `shell`.
    func start(_ shell: String, setup: (CLI, String) throws -> [String: String]) throws -> (CLI, TmuxJourneyTests.Session)? {
        guard TmuxJourneyTests.tmux != nil else {
            Issue.record("tmux is not installed (apt-get install tmux); .ci/run installs it")
            return nil
        }
        guard let path = Self.installed(shell) else {
            print("SKIPPED \(shell) completion in a terminal: \(shell) is not installed (apt-get install \(shell))")
            return nil
        }
        let cli = try CLI()
        try cli.run("init")
        try cli.run("add", "Acme renewal", "--company", "Acme", "--owner", "alice")
        try cli.run("add", "Globex pilot", "--owner", "bob", "--stage", "qualification", "--force", "--reason", "from the old CRM")
        try cli.run("check-item", "2", "Budget confirmed")
        let home = (cli.board as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: home + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: home + "/bin/dealboard", withDestinationPath: CLI.binary)
        var env = try setup(cli, home)
        env["DEALBOARD_BOARD"] = cli.board
        env["HOME"] = home
        env["PATH"] = home + "/bin:/usr/bin:/bin"
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        let s = TmuxJourneyTests.Session(name: shell, socket: home + "/tmux.sock")
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        try TmuxServer.newSession(socket: s.socket, name: s.name, width: 120, height: 30, command: "env -i \(assignments) \(path)")
        return (cli, s)
    }

    func completion(_ shell: String, _ cli: CLI) throws -> String {
        let r = try cli.run("--generate-completion-script", shell)
        #expect(r.status == 0)
        return r.out
    }

    @Test func zshShowsDealsWithTheirTitles() throws {
        guard let (cli, s) = try start("zsh", setup: { cli, home in
            // As the README says: the script as _dealboard in a folder of $fpath, then compinit.
            try FileManager.default.createDirectory(atPath: home + "/.zfunc", withIntermediateDirectories: true)
            try self.completion("zsh", cli).write(toFile: home + "/.zfunc/_dealboard", atomically: true, encoding: .utf8)
            try "fpath=(~/.zfunc $fpath)\nautoload -Uz compinit && compinit -u\nPROMPT='zsh> '\n"
                .write(toFile: home + "/.zshrc", atomically: true, encoding: .utf8)
            return [:]
        }) else { return }
        defer { _ = try? s.tmux("kill-server"); cli.cleanUp() }
        try s.waitFor("zsh>")
        try s.keys("dealboard show ", "Tab")
        var screen = try s.waitFor("Globex pilot · Qualification")
        #expect(screen.contains("1  -- Acme renewal · Acme · Prospecting"))
        try s.keys("C-u", "C-l", "dealboard check-item 2 ", "Tab")
        screen = try s.waitFor("BANT · ticked")
        #expect(screen.contains("Budget confirmed"))
        try s.keys("C-u", "C-l", "dealboard move 1 qu", "Tab")
        try s.waitFor("dealboard move 1 qualification")
    }

    @Test func fishShowsDealsWithTheirTitles() throws {
        guard let (cli, s) = try start("fish", setup: { cli, home in
            // As the README says: ~/.config/fish/completions/dealboard.fish.
            try FileManager.default.createDirectory(atPath: home + "/.config/fish/completions", withIntermediateDirectories: true)
            try self.completion("fish", cli).write(toFile: home + "/.config/fish/completions/dealboard.fish", atomically: true, encoding: .utf8)
            try "function fish_prompt; echo 'fish> '; end\n".write(toFile: home + "/.config/fish/config.fish", atomically: true, encoding: .utf8)
            return ["XDG_CONFIG_HOME": home + "/.config", "XDG_DATA_HOME": home + "/.local/share"]
        }) else { return }
        defer { _ = try? s.tmux("kill-server"); cli.cleanUp() }
        try s.waitFor("fish>")
        try s.keys("dealboard show ", "Tab")
        var screen = try s.waitFor("Globex pilot · Qualification")
        #expect(screen.contains("(Acme renewal · Acme · Prospecting)"))
        try cancelLine(s, "dealboard show")
        try s.keys("dealboard check-item 2 ", "Tab")
        screen = try s.waitFor("BANT · ticked")
        #expect(screen.contains("Budget confirmed"))
        try cancelLine(s, "dealboard check-item")
        try s.keys("dealboard move 1 qu", "Tab")
        try s.waitFor("dealboard move 1 qualification")
    }

    /// Fish's C-c cancels the line, but one that comes while the completion pager is still
    /// being drawn may only close the pager (seen on a loaded machine): press it until the
    /// line is gone.
    func cancelLine(_ s: TmuxJourneyTests.Session, _ line: String) throws {
        for _ in 0..<20 {
            try s.keys("C-c")
            usleep(200_000)
            if !(try s.screen().contains(line)) { break }
        }
        try s.keys("C-l")
        try s.waitFor(line, absent: true)
    }
}
