import Foundation
import Testing

/// `--version`, the man page's source, and the deal number declared once (issue 10).
@Suite struct ConventionsCLITests {
    @Test func versionIsPrintedAndShownInHelp() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli.run("--version")
        #expect(r.status == 0 && r.err.isEmpty)
        // "dealboard 1.2.3": the name and a semantic version (the number itself lives in Version.swift).
        let version = r.out.dropLast()
        #expect(r.out.hasSuffix("\n") && version.hasPrefix("dealboard "))
        #expect(version.dropFirst("dealboard ".count).split(separator: ".").map { Int($0) != nil } == [true, true, true], "\(version)")
        // Without a board too: the version needs none.
        #expect(try cli.run(["--version"], extraEnv: ["DEALBOARD_BOARD": "/nonexistent"]).out == r.out)
        let help = try cli.run("--help").out
        #expect(help.hasPrefix(version + "\n\nOVERVIEW: "))
        #expect(help.contains("  --version               Show the version.\n"))
        #expect(try cli.run("help").out == help)
    }

    /// The man page is generated (scripts/man-page.sh) from what `--experimental-dump-help`
    /// prints. The generator drops every non-ASCII character, so every text there must be
    /// ASCII for the page to say what `--help` says; and every command must be in it.
    @Test func theManPageSourceHasEveryCommandInPlainASCII() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli.run("--experimental-dump-help")
        #expect(r.status == 0)
        let root = try #require((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["command"] as? [String: Any])
        var texts: [(String, String)] = []
        func walk(_ command: [String: Any], _ path: String) {
            for key in ["abstract", "discussion"] { if let t = command[key] as? String { texts.append((path + " " + key, t)) } }
            for a in command["arguments"] as? [[String: Any]] ?? [] {
                for key in ["abstract", "discussion"] { if let t = a[key] as? String { texts.append((path + " " + (a["valueName"] as? String ?? "?"), t)) } }
            }
            for s in command["subcommands"] as? [[String: Any]] ?? [] { walk(s, path + " " + (s["commandName"] as? String ?? "?")) }
        }
        walk(root, "dealboard")
        let notASCII = texts.filter { !$0.1.unicodeScalars.allSatisfy(\.isASCII) }
        #expect(notASCII.isEmpty, "\(notASCII)")
        let commands = (root["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        #expect(commands == ["open", "init", "demo", "add", "edit", "check-item", "log", "move", "won", "lost", "reopen", "undo",
                             "show", "list", "history", "report", "review-done", "export", "import", "check", "sync", "upgrade", "help"])
        let rootOptions = (root["arguments"] as? [[String: Any]] ?? []).compactMap { ($0["names"] as? [[String: Any]])?.first?["name"] as? String }
        #expect(rootOptions.contains("version"))
    }

    /// Every command that takes a deal: one help text, and one refusal for what is not a deal
    /// number (status 64, naming the argument and its form); `7` and `#7` both work.
    static let dealCommands: [[String]] = [
        ["show"], ["edit", "DEAL", "budget=5"], ["check-item", "DEAL", "Budget signal"], ["log", "DEAL", "note", "x"],
        ["move", "DEAL", "next"], ["won", "DEAL"], ["lost", "DEAL", "--reason", "Price"], ["reopen", "DEAL"], ["history"],
    ]

    @Test(arguments: dealCommands)
    func theDealNumberIsOneArgument(_ command: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "Acme renewal")
        let help = try cli.run(command[0], "--help").out
        let about = command[0] == "history" ? "Only this deal (7 or #7)." : "Deal number (7 or #7)."
        #expect(help.contains("  <deal>                  \(about)\n"), "\(help)")
        for bad in ["x", "0", "#", "#x", "7.5", "#-3"] {
            let args = command.count == 1 ? command + [bad] : command.map { $0 == "DEAL" ? bad : $0 }
            let r = try cli.run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err.hasPrefix("Error: The value '\(bad)' is invalid for '<deal>'\nHelp:  <deal>  \(about)\n"), "\(args): \(r.err)")
        }
        for good in ["1", "#1"] where ["show", "history"].contains(command[0]) {
            #expect(try cli.run(command + [good]).status == 0)
        }
    }
}
