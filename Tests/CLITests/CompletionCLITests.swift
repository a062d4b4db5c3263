import Foundation
import Testing

/// Shell completion from the board (issue 10): the scripts swift-argument-parser generates, run
/// by the real bash as an interactive bash runs them, and the candidates the binary gives zsh and
/// fish (with descriptions); plus the promises: it finds the board as the commands do, writes
/// nothing, prints nothing when there is no board, and never lets typed text run as a command.
@Suite struct CompletionCLITests {
    /// Two deals: #1 in Prospecting (alice), #2 forced into Qualification (bob) with one BANT tick.
    func board() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("add", "Acme renewal", "--company", "Acme", "--owner", "alice")
        try cli.run("add", "Globex pilot", "--owner", "bob", "--stage", "qualification", "--force", "--reason", "from the old CRM")
        try cli.run("check-item", "2", "Budget confirmed")
        return cli
    }

    /// Runs a program with the board's environment, changed by `env` (nil removes a variable).
    static func run(_ cli: CLI, _ program: String, _ args: [String], env: [String: String?] = [:], cwd: String? = nil) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        var e = cli.env
        for (k, v) in env { e[k] = v }
        p.environment = e
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: r, as: UTF8.self))
    }

    /// What bash's TAB offers after `words` (the last one is the word being completed): the
    /// script `--generate-completion-script bash` prints, sourced and called as bash calls it.
    static func bash(_ cli: CLI, _ words: [String], env: [String: String?] = [:], cwd: String? = nil) throws -> (candidates: [String], err: String) {
        let script = (cli.board as NSString).deletingLastPathComponent + "/dealboard.bash"
        if !FileManager.default.fileExists(atPath: script) {
            let generated = try cli.run("--generate-completion-script", "bash")
            #expect(generated.status == 0)
            try generated.out.write(toFile: script, atomically: true, encoding: .utf8)
        }
        let driver = """
            source "$0"
            COMP_WORDS=("$DB" "$@"); COMP_CWORD=$#; COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            _dealboard dealboard "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var e = env
        e["DB"] = CLI.binary
        let r = try run(cli, "/bin/bash", ["-c", driver, script] + words, env: e, cwd: cwd)
        #expect(r.status == 0, "\(words): \(r.err)")
        return (r.out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init), r.err)
    }

    static let stages = ["prospecting", "qualification", "discovery", "demo", "proposal", "negotiation", "closing", "won", "lost"]

    /// What TAB offers where, in bash (which filters by what is typed, and shows no descriptions).
    static let offered: [(words: [String], candidates: [String])] = [
        (["show", ""], ["1", "2"]),
        (["edit", "--board", "BOARD", ""], ["1", "2"]),          // named by --board (DEALBOARD_BOARD unset below)
        (["history", ""], ["1", "2"]),                             // the optional deal of history
        (["reopen", "#"], ["#1", "#2"]),                           // # only when typed: a comment otherwise
        (["move", "1", ""], ["next", "back"] + stages),
        (["move", "1", "d"], ["discovery", "demo"]),
        (["list", "--stage", "pro"], ["prospecting", "proposal"]),
        (["add", "Hooli", "--stage", "q"], ["qualification"]),
        (["list", "--owner", ""], ["alice", "bob"]),
        (["report", "--owner", "b"], ["bob"]),
        (["add", "Hooli", "--owner", "a"], ["alice"]),
        // The labels of the deal's own stage first: #1 is in Prospecting (ideal customer profile),
        // #2 in Qualification (BANT).
        (["check-item", "1", "Bu"], ["Budget signal", "Budget confirmed", "Buyer agreed to a demo",
                                     "Buyer asked about pricing or implementation", "Buyer acknowledged receipt of the proposal"]),
        (["check-item", "2", "Bu"], ["Budget confirmed", "Budget signal", "Buyer agreed to a demo",
                                     "Buyer asked about pricing or implementation", "Buyer acknowledged receipt of the proposal"]),
        (["add", "Hooli", "--check", "Tech"], ["Tech stack fits"]),
        (["lost", "1", "--reason", "No"], ["No budget", "No decision"]),
        (["log", "2", ""], ["call", "email", "meeting", "note"]),
        (["show", "--format", ""], ["text", "json"]),
        (["init", "--template", ""], ["b2b", "marketing-sales", "it-services"]),
    ]

    @Test(arguments: offered)
    func bashOffersWhatTheBoardHolds(_ c: (words: [String], candidates: [String])) throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let words = c.words.map { $0 == "BOARD" ? cli.board : $0 }
        let env: [String: String?] = words.contains(cli.board) ? ["DEALBOARD_BOARD": nil] : [:]
        let r = try Self.bash(cli, words, env: env)
        #expect(r.candidates == c.candidates, "\(c.words)")
        #expect(r.err.isEmpty)
    }

    /// The words the binary gives the shell for one argument (`---completion`, as the scripts call it).
    static func raw(_ cli: CLI, shell: String, _ command: String, _ argument: String, _ words: [String], env: [String: String?] = [:]) throws -> CLI.Result {
        var e = env
        e["SAP_SHELL"] = shell
        let index = String(words.count)
        return try run(cli, CLI.binary, ["---completion", command, "--", argument, index, "0", "dealboard", command] + words + [""], env: e)
    }

    /// zsh and fish show a description beside each candidate: the deal's title, company and
    /// stage; the stage's name; the checklist a label belongs to, and whether it is ticked.
    @Test func zshAndFishGetDescriptions() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let zsh = try Self.raw(cli, shell: "zsh", "show", "positional@0", [])
        // zsh's script drops the last line (a lone space that lets an empty candidate through).
        #expect(zsh.out == "1:Acme renewal · Acme · Prospecting\n2:Globex pilot · Qualification\n \n")
        #expect(zsh.err.isEmpty && zsh.status == 0)
        let fish = try Self.raw(cli, shell: "fish", "show", "positional@0", [])
        #expect(fish.out == "1\tAcme renewal · Acme · Prospecting\n2\tGlobex pilot · Qualification\n")
        let move = try Self.raw(cli, shell: "fish", "move", "positional@1", ["1"]).out.split(separator: "\n")
        #expect(move.prefix(4) == ["next\tthe next stage", "back\tthe stage before", "prospecting", "qualification"])
        #expect(move.contains("won\tWon / Post-Sale"))
        let labels = try Self.raw(cli, shell: "zsh", "check-item", "positional@1", ["2"]).out.split(separator: "\n")
        #expect(labels.first == "Budget confirmed:BANT · ticked")
        #expect(labels.contains("Buyer agreed to a demo:buyer signal"))
    }

    /// Typed text reaches completion too: a title with an escape sequence and a bidi override,
    /// an owner that is a command substitution, a company with a colon. Descriptions show the
    /// controls visibly; bash (whose compgen expands words) offers `$(…)` as text and never runs
    /// it; zsh gets the colon of a value escaped; a value nobody could type back is left out.
    @Test func typedTextIsOfferedNeverObeyed() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let marker = (cli.board as NSString).deletingLastPathComponent + "/PWNED"
        let substitution = "$(touch \(marker))"
        try cli.run("add", "Evil \u{1B}]0;owned\u{07} \u{202E}title", "--company", "Ac:me", "--owner", substitution)
        try cli.run("add", "Odd owner", "--owner", "eve\u{1B}[2J")
        try cli.run("add", "Colon owner", "--owner", "team:emea")

        let bash = try Self.bash(cli, ["list", "--owner", ""])
        #expect(bash.candidates == [substitution, "alice", "bob", "team:emea"])
        #expect(!FileManager.default.fileExists(atPath: marker), "bash ran a candidate")
        let chosen = try Self.bash(cli, ["list", "--owner", "$"])
        #expect(chosen.candidates == [substitution])
        #expect(!FileManager.default.fileExists(atPath: marker))

        let zsh = try Self.raw(cli, shell: "zsh", "list", "--owner", ["--owner"])
        #expect(zsh.out.contains("\(substitution)\n") && zsh.out.contains("team\\:emea\n"))
        #expect(!zsh.out.contains("eve"))
        for shell in ["zsh", "fish"] {
            let deals = try Self.raw(cli, shell: shell, "show", "positional@0", []).out
            let evil = deals.split(separator: "\n").first { $0.hasPrefix("3") }.map(String.init) ?? ""
            #expect(evil.hasSuffix("Evil ^[]0;owned^G \\u202Etitle · Ac:me · Prospecting"), "\(shell): \(evil)")
            #expect(!deals.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        }
    }

    /// The same discovery as the commands: the board folder you stand in (or above it), and
    /// `board =` of config.toml when you stand in none; `--board` beats both.
    @Test func theBoardIsFoundAsTheCommandsFindIt() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let home = (cli.board as NSString).deletingLastPathComponent + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.config/dealboard", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.board + "/notes/2026", withIntermediateDirectories: true)
        let unset: [String: String?] = ["DEALBOARD_BOARD": nil, "HOME": home, "XDG_CONFIG_HOME": nil, "XDG_DATA_HOME": nil]
        #expect(try Self.bash(cli, ["show", ""], env: unset, cwd: cli.board + "/notes/2026").candidates == ["1", "2"])
        #expect(try Self.bash(cli, ["show", ""], env: unset, cwd: "/").candidates == [])
        try "board = \"\(cli.board)\"\n".write(toFile: home + "/.config/dealboard/config.toml", atomically: true, encoding: .utf8)
        #expect(try Self.bash(cli, ["show", ""], env: unset, cwd: "/").candidates == ["1", "2"])
        #expect(try Self.bash(cli, ["show", "--board", "/nonexistent", ""], env: unset, cwd: "/").candidates == [])
        #expect(try Self.bash(cli, ["show", "--board=\(cli.board)", ""], env: ["DEALBOARD_BOARD": "/nonexistent"]).candidates == ["1", "2"])
    }

    /// Without a board (none there, a broken pipeline.toml, a broken config.toml) completion
    /// offers nothing and prints nothing: no message lands in the middle of the command line.
    @Test func noBoardMeansNothingOfferedAndNothingSaid() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let home = (cli.board as NSString).deletingLastPathComponent + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.config/dealboard", withIntermediateDirectories: true)
        try "board = 42\n".write(toFile: home + "/.config/dealboard/config.toml", atomically: true, encoding: .utf8)
        let lines: [[String]] = [["show", ""], ["move", "1", ""], ["list", "--owner", ""], ["check-item", "1", ""], ["lost", "1", "--reason", ""]]
        for env: [String: String?] in [["DEALBOARD_BOARD": "/nonexistent/board"], ["DEALBOARD_BOARD": nil, "HOME": home]] {
            for words in lines {
                let r = try Self.bash(cli, words, env: env, cwd: "/")
                // move still offers next and back: they need no board.
                #expect(r.candidates == (words[0] == "move" ? ["next", "back"] : []), "\(words) \(env)")
                #expect(r.err.isEmpty, "\(words): \(r.err)")
            }
        }
        try "this is not toml [".write(toFile: cli.board + "/pipeline.toml", atomically: true, encoding: .utf8)
        for shell in ["bash", "zsh", "fish"] {
            let r = try Self.raw(cli, shell: shell, "show", "positional@0", [])
            #expect(r.status == 0 && r.err.isEmpty)
            #expect(r.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }

    /// Completion only reads: every file of the board keeps its bytes, size, time and mode, and
    /// no file appears (the snapshot a read may write goes to the user's cache folder).
    @Test func completionWritesNothingIntoTheBoard() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        func listing() throws -> [String: String] {
            var all: [String: String] = [:]
            let fm = FileManager.default
            for path in fm.subpaths(atPath: cli.board) ?? [] {
                let a = try fm.attributesOfItem(atPath: cli.board + "/" + path)
                let bytes = fm.contents(atPath: cli.board + "/" + path)?.base64EncodedString() ?? "-"
                all[path] = "\(a[.size] ?? 0) \(a[.modificationDate] ?? 0) \(a[.posixPermissions] ?? 0) \(bytes)"
            }
            return all
        }
        let before = try listing()
        let cache = (cli.board as NSString).deletingLastPathComponent + "/cache"
        for words in Self.offered.map(\.words) where !words.contains("BOARD") {
            _ = try Self.bash(cli, words, env: ["XDG_CACHE_HOME": cache, "DEALBOARD_SNAPSHOT": "1"])
        }
        #expect(try listing() == before)
        // The read did write its snapshot, where it belongs.
        #expect(!(FileManager.default.subpaths(atPath: cache + "/dealboard") ?? []).isEmpty)
    }
}
