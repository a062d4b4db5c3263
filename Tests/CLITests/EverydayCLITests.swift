import Foundation
import Testing

/// Issue 9, "everyday correctness", through the real binary: edits that change nothing, undo
/// messages, typos, the board's people, owners in list and report, finding the board, help.
@Suite struct EverydayCLITests {
    func board() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        #expect(try cli.run("add", "Acme renewal", "--company", "Acme", "--amount", "12000").out == "1\n")
        return cli
    }

    func journal(_ cli: CLI) -> Data { FileManager.default.contents(atPath: cli.journal) ?? Data() }

    // MARK: No change, undo

    /// `edit` with values the deal already has: "no change", status 0, not a byte written.
    static let noChange: [(args: [String], says: String)] = [
        (["amount=12000"], "#1: no change (Amount is already $12,000)\n"),
        (["amount=12k"], "#1: no change (Amount is already $12,000)\n"),
        (["company=Acme", "title=Acme renewal"], "#1: no change (Company is already Acme, Title is already Acme renewal)\n"),
        (["close_date="], "#1: no change (Expected close date is already (empty))\n"),
    ]

    @Test(arguments: noChange)
    func anEditThatChangesNothingWritesNothing(_ c: (args: [String], says: String)) throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let before = journal(cli)
        let r = try cli.run(["edit", "1"] + c.args)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == c.says)
        #expect(r.err.isEmpty)
        #expect(journal(cli) == before)
        // No undo entry either: undo takes back the creation, the last change there was.
        #expect(try cli.run("undo").out == "undid the creation of #1 (Acme renewal): removed from the board\n")
    }

    @Test func anEditWritesOnlyWhatChangesAndUndoSaysWhatCameBack() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run("edit", "1", "amount=12k", "title=Acme renewal 2027")
        #expect(r.out == "#1 updated: title=Acme renewal 2027  (unchanged: amount)\n")
        #expect(try cli.run("edit", "1", "amount=10,000").out == "#1 updated: amount=$10,000\n")
        #expect(try cli.run("undo").out == "undid the edit of #1: Amount $10,000 → $12,000\n")
        #expect(try cli.run("undo").out == "undid the edit of #1: Title Acme renewal 2027 → Acme renewal\n")
        #expect(try cli.run("check-item", "1", "tech stack").out == "#1: ☑ Tech stack fits\n")
        #expect(try cli.run("undo").out == "undid the tick on #1: \"Tech stack fits\" is unticked again\n")
        let untick = try cli.run("check-item", "1", "Tech stack fits", "--uncheck")
        #expect(untick.status == 0)
        #expect(untick.out == "#1: \"Tech stack fits\" is not ticked; no change\n")
        try cli.run("log", "1", "call", "Spoke to Dana")
        #expect(try cli.run("undo").out == "undid the call on #1: \"Spoke to Dana\" removed\n")
        // history keeps what each undo brought back.
        #expect(try cli.run("history", "1").out.contains("undo edit of #1: Amount $10,000 → $12,000"))
    }

    // MARK: Typos

    /// A command line with a typo, its exit status and what stderr says.
    static let typos: [(args: [String], status: Int32, says: String)] = [
        (["mvoe", "1", "next"], 64, "\"mvoe\" is not a dealboard command; did you mean move? commands: open, init"),
        (["lsit"], 64, "did you mean list?"),
        (["--board", "/nowhere", "chekc"], 64, "did you mean check?"),
        (["help", "reprot"], 64, "did you mean report?"),
        (["frobnicate"], 64, "\"frobnicate\" is not a dealboard command; commands: "),
        (["move", "1", "nxt"], 2, "no stage \"nxt\"; did you mean next? a move goes to next, back, or a stage: Prospecting, Qualification, Discovery"),
        (["move", "1", "qualfication"], 2, "did you mean Qualification?"),
        (["move", "1", "pro"], 2, "\"pro\" could be Prospecting or Proposal"),
        (["check-item", "1", "tech stak fits"], 2, "did you mean \"Tech stack fits\"?"),
        (["check-item", "1", "buyer"], 2, "\"buyer\" could be \"Buyer agreed to a demo\" or \"Buyer asked about pricing or implementation\" or "),
        (["edit", "1", "budjet=5"], 2, "unknown field \"budjet\"; did you mean budget?"),
        (["lost", "1", "--reason", "Prise"], 2, "did you mean \"Price\"?"),
        (["log", "1", "meetng", "x"], 2, "did you mean meeting?"),
    ]

    @Test(arguments: typos)
    func typosGetSuggestions(_ c: (args: [String], status: Int32, says: String)) throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run(c.args)
        #expect(r.status == c.status, "\(r.err)")
        #expect(r.err.contains(c.says), "\(r.err)")
    }

    @Test func checkItemTakesAUniqueStartOfALabel() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        #expect(try cli.run("check-item", "1", "COMPANY size").out == "#1: ☑ Company size fits\n")
        #expect(try cli.run("check-item", "1", "live").out == "#1: ☑ Live pain point\n")
        // "Budget" starts a label in ICP and in BANT: the current stage's checklist decides.
        #expect(try cli.run("check-item", "1", "budget").out == "#1: ☑ Budget signal\n")
    }

    // MARK: People

    func withPeople(_ cli: CLI) throws {
        let path = cli.board + "/pipeline.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + """

            [[people]]
            login = "\(CLI.user)"
            name = "Sam Admin"

            [[people]]
            login = "maria"
            name = "Maria Rossi"
            email = "maria@example.com"

            """).write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func ownersAreCheckedAgainstThePeopleOfTheBoard() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        // Written before the list existed, under a name: still Maria's afterwards.
        try cli.run("add", "Old deal", "--owner", "Maria Rossi")
        try withPeople(cli)
        let refused = try cli.run("add", "X", "--owner", "mraia")
        #expect(refused.status == 2)
        #expect(refused.err == "dealboard: Owner \"mraia\" is not one of the board's people; did you mean maria (Maria Rossi)? people: \(CLI.user) (Sam Admin), maria (Maria Rossi) ([[people]] in pipeline.toml)\n")
        #expect(try cli.run("add", "New deal", "--owner", "maria@example.com").out == "3\n")
        #expect((try cli.json("show", "3", "--format", "json") as! [String: Any])["owner"] as? String == "maria")
        #expect(try cli.run("edit", "1", "next_step_owner=Mria Rossi").err.contains("did you mean maria (Maria Rossi)?"))
        #expect(try cli.run("edit", "1", "next_step_owner=maria rossi").out == "#1 updated: next_step_owner=maria\n")

        // --owner by login, name or e-mail finds both of Maria's deals; --mine finds the user's.
        for who in ["maria", "Maria Rossi", "MARIA@example.com"] {
            let list = try cli.json("list", "--owner", who, "--format", "json") as! [[String: Any]]
            #expect(list.map { $0["id"] as? Int } == [2, 3], "\(who)")
        }
        let mine = try cli.json("list", "--mine", "--format", "json") as! [[String: Any]]
        #expect(mine.map { $0["id"] as? Int } == [1])
        let report = try cli.json("report", "--owner", "Maria Rossi", "--format", "json") as! [String: Any]
        #expect(report["owner"] as? String == "maria")
        #expect((report["open"] as? [String: Any])?["deals"] as? Int == 2)
        #expect(try cli.run("list", "--owner", "maria", "--mine").status == 2)

        // check: Maria's old deal is hers by name; nobody unknown, nothing to suggest.
        let check = try cli.run("check")
        #expect(check.status == 0)
        #expect(!check.out.contains("[[people]]"))
    }

    /// `list --owner` and `report --owner` agree on an owner nobody is: the same error.
    @Test func listAndReportAgreeOnAnUnknownOwner() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        try cli.run("add", "Globex", "--owner", "bob")
        let list = try cli.run("list", "--owner", "bobb")
        let report = try cli.run("report", "--owner", "bobb")
        let expected = "dealboard: no owner \"bobb\" on this board; did you mean bob? owners: bob, \(CLI.user)\n"
        #expect(list.status == 2)
        #expect(report.status == 2)
        #expect(list.err == expected)
        #expect(report.err == expected)
        #expect(list.out.isEmpty && report.out.isEmpty)
        // A known owner: both answer.
        #expect(try cli.run("list", "--owner", "bob").out.contains("Globex"))
        #expect(try cli.run("report", "--owner", "bob").status == 0)
        // Someone of [[people]] with no deals yet is known: no deals, an empty review.
        try withPeople(cli)
        #expect(try cli.run("list", "--owner", "maria").out == "no deals\n")
        #expect(try cli.run("report", "--owner", "maria").status == 0)
    }

    @Test func checkSuggestsAPeopleListForABoardWithout() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        try cli.run("add", "Globex", "--owner", "bob")
        try cli.run("add", "Initech", "--owner", "bob")
        let r = try cli.run("check")
        #expect(r.status == 0, "\(r.out)")
        #expect(r.out.contains("note: pipeline.toml has no [[people]] list, so any name is taken as an owner."))
        #expect(r.out.contains("[[people]]              # owns 2 deals\nlogin = \"bob\"\nname = \"bob\"\nemail = \"\"\n"))
        #expect(r.out.contains("[[people]]              # owns 1 deal, wrote events\nlogin = \"\(CLI.user)\"\n"))
        // Pasted as printed, the board loads and knows both.
        #expect(r.out.hasPrefix("ok: "))
        let snippet = r.out.components(separatedBy: "\n").drop { !$0.hasPrefix("[[people]]") }.joined(separator: "\n")
        let path = cli.board + "/pipeline.toml"
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n" + snippet + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let again = try cli.run("check")
        #expect(again.status == 0)
        #expect(!again.out.contains("[[people]]"))
        #expect(try cli.run("add", "Hooli", "--owner", "bbo").err.contains("did you mean bob?"))
    }

    // MARK: Finding the board

    /// A temp HOME with `board = …` in its config.toml, and no $DEALBOARD_BOARD.
    func discoveryEnv(_ cli: CLI, configBoard: String?) throws -> [String: String] {
        let home = (cli.board as NSString).deletingLastPathComponent + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.config/dealboard", withIntermediateDirectories: true)
        if let configBoard { try "board = \"\(configBoard)\"\n".write(toFile: home + "/.config/dealboard/config.toml", atomically: true, encoding: .utf8) }
        var env = cli.env
        env["DEALBOARD_BOARD"] = nil
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = nil
        env["XDG_DATA_HOME"] = home + "/data"
        return env
    }

    @Test func theBoardIsFoundFromInsideItLikeGitFindsItsFolder() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let parent = (cli.board as NSString).deletingLastPathComponent
        let below = cli.board + "/notes/2026"
        try FileManager.default.createDirectory(atPath: below, withIntermediateDirectories: true)
        var otherEnv = cli.env
        otherEnv["DEALBOARD_BOARD"] = parent + "/other"
        let other = CLI(board: parent + "/other", env: otherEnv)
        try other.run("init")
        try other.run("add", "Other board's deal")
        let env = try discoveryEnv(cli, configBoard: other.board)
        let bare = CLI(board: cli.board, env: env)

        // In the board, or below it: that board, whatever config.toml says.
        for folder in [cli.board, below, cli.board + "/journal"] {
            let r = try bare.run(["list"], cwd: folder)
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("Acme renewal"), "\(folder): \(r.out)")
        }
        // Elsewhere: the config's board.
        #expect(try bare.run(["list"], cwd: parent).out.contains("Other board's deal"))
        // $DEALBOARD_BOARD and --board beat where you stand.
        #expect(try bare.run(["list"], extraEnv: ["DEALBOARD_BOARD": other.board], cwd: below).out.contains("Other board's deal"))
        #expect(try bare.run(["list", "--board", other.board], cwd: below).out.contains("Other board's deal"))
        // Writes go to the board found, too.
        #expect(try bare.run(["log", "1", "note", "from below"], cwd: below).status == 0)
        #expect(try cli.run("show", "1").out.contains("from below"))
    }

    @Test func withoutAnyBoardAroundTheDefaultIsAsBefore() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let parent = (cli.board as NSString).deletingLastPathComponent
        let env = try discoveryEnv(cli, configBoard: nil)
        let r = try CLI(board: cli.board, env: env).run(["list"], cwd: parent)
        #expect(r.status == 2)
        #expect(r.err.contains("no board at \(parent)/home/data/dealboard/default"))
        // A config.toml board that is not a full path is refused with its line.
        try "board = \"boards/team\"\n".write(toFile: parent + "/home/.config/dealboard/config.toml", atomically: true, encoding: .utf8)
        let bad = try CLI(board: cli.board, env: env).run(["list"], cwd: parent)
        #expect(bad.status == 2)
        #expect(bad.err.contains("config.toml:1"))
        #expect(bad.err.contains("board"))
    }

    @Test func aBoardSomeoneElsePlantedAboveYouIsNotUsed() throws {
        if RealUsers.skip("aBoardSomeoneElsePlantedAboveYouIsNotUsed") { return }
        let cli = try board()
        defer { cli.cleanUp() }
        let parent = (cli.board as NSString).deletingLastPathComponent
        let planted = parent + "/planted"
        var plantedEnv = cli.env
        plantedEnv["DEALBOARD_BOARD"] = planted
        let other = CLI(board: planted, env: plantedEnv)
        try other.run("init")
        chown(planted, RealUsers.uid(RealUsers.attacker), RealUsers.gid)
        try FileManager.default.createDirectory(atPath: planted + "/sub", withIntermediateDirectories: true)
        let env = try discoveryEnv(cli, configBoard: cli.board)
        let r = try CLI(board: cli.board, env: env).run(["list"], cwd: planted + "/sub")
        #expect(r.err.contains("note: not using the board \(planted), found above the current folder: it belongs to \(RealUsers.attacker) and is not shared with a group of yours; give --board \(planted) to use it anyway"))
        #expect(r.out.contains("Acme renewal"))   // the config's board instead
    }

    @Test func initSaysHowToReachTheBoardItMade() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let place = (cli.board as NSString).deletingLastPathComponent + "/my boards/team"
        let r = try cli.run("init", "--board", place)
        #expect(r.out.contains("next: dealboard add \"First deal\" --company Acme --amount 12000 --board '\(place)'"))
        let plain = try cli.run("init")
        #expect(plain.out.contains("next: dealboard add \"First deal\" --company Acme --amount 12000   (edit"))
    }

    @Test func helpListsTheOptionsThatWorkWithoutACommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for args in [["--help"], ["-h"], ["help"], ["--board", "/x", "--help"]] {
            let r = try cli.run(args)
            #expect(r.status == 0)
            #expect(r.out.contains("USAGE: dealboard [--board <path>] [--text] [--theme <name>]"))
            for option in ["--board <path>", "--text", "--theme <name>"] { #expect(r.out.contains("  \(option) "), "\(option)") }
            #expect(r.out.contains("SUBCOMMANDS:"))
        }
        #expect(try cli.run("help", "move").out.contains("USAGE: dealboard move"))
    }

    // MARK: Report

    /// A deal won the day it was created: the average cycle is 0 days, and velocity divides
    /// by the formula's floor of 1 day — which the text says.
    @Test func velocityTextSaysTheDivisorItUsed() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        try cli.run("add", "Quick win", "--amount", "5000")
        #expect(try cli.run("won", "2", "--force", "--reason", "signed on the spot").status == 0)
        let text = try cli.run("report").out
        #expect(text.contains("1 open × 100% × $12k ÷ 1 day (at least 1)"), "\(text)")
        #expect(text.contains("Avg sales cycle     0 "))
        #expect(!text.contains("÷ 0 days"))
        #expect(try cli.run("report", extraEnv: ["LANG": "C"]).out.contains("1 open x 100% x $12k / 1 day (at least 1)"))
    }
}
