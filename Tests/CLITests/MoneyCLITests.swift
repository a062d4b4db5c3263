import Foundation
import Testing

/// Issue 9's money, through the real binary: what was measured (a European 12.000 stored as 12,
/// an accepted amount crashing every reader, other currencies taken for the board's) and what
/// must hold instead.
@Suite struct MoneyCLITests {
    /// Each measured misreading on a USD board (1,234.56) is refused — status 2, the reason,
    /// nothing written.
    @Test func whatWasMisreadIsRefused() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        #expect(try cli.run("add", "Acme", "--amount", "12000").status == 0)
        let before = cli.journalLines().count
        let refusals: [(String, String)] = [
            ("12.000,50", "this board writes numbers as 1,234.56; did you mean 12000.50?"),
            ("12.000", "\"12.000\" is ambiguous: did you mean 12000 or 12?"),
            ("€1.500,00", "€ is not this board's currency: amounts here are in USD and are never converted"),
            ("12000 EUR", "EUR is not this board's currency"),
            ("CHF 5000", "CHF is not this board's currency"),
            ("9000k", "k and m go after at most three digits"),
            ("99999999999999999999999", "is more than the largest amount, $10,000,000,000,000"),
            ("€€5", "€ is not this board's currency"),
            ("$$5", "the currency is given 2 times"),
            ("12USD", "put a space between the number and USD"),
            ("1.005", "\"1.005\" has 3 decimals, but USD amounts have at most 2: did you mean 1005?"),
            ("12.345", "did you mean 12345?"),
            ("0.001", "has 3 decimals, but USD amounts have at most 2; amounts are never rounded"),
        ]
        for (typed, words) in refusals {
            let add = try cli.run(["add", "X", "--amount", typed])
            #expect(add.status == 2, "add --amount \(typed)")
            #expect(add.err.contains(words), "add --amount \(typed): \(add.err)")
            let edit = try cli.run(["edit", "1", "amount=\(typed)"])
            #expect(edit.status == 2, "edit amount=\(typed)")
            #expect(edit.err.contains(words), "edit amount=\(typed): \(edit.err)")
            let budget = try cli.run(["edit", "1", "budget=\(typed)"])   // a money field: the same rules
            #expect(budget.err.contains(words), "edit budget=\(typed): \(budget.err)")
        }
        #expect(cli.journalLines().count == before)
        // What is read is said back as it was read.
        #expect(try cli.run("edit", "1", "amount=12,000.50").out == "#1 updated: amount=$12,000.50\n")
        #expect(try cli.run("edit", "1", "budget=$50k").out == "#1 updated: budget=$50,000\n")
        #expect(try cli.run("edit", "1", "amount=12 000 USD").out == "#1 updated: amount=$12,000\n")
    }

    /// A European board: 45.000 is forty-five thousand, shown as €45.000 everywhere people read
    /// it; JSON keeps machine numbers.
    @Test func aEuropeanBoardReadsAndShowsItsStyle() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let created = try cli.run("init", "--currency", "EUR", "--number-style", "1.234,56")
        #expect(created.out.contains("money: EUR, written 1.234,56"))
        #expect(try cli.run("add", "Acme", "--amount", "45.000").out == "1\n")
        #expect(try cli.run("add", "Globex", "--amount", "€1.500,50").status == 0)
        #expect(try cli.run("edit", "1", "budget=80.000").out == "#1 updated: budget=€80.000\n")
        #expect(try cli.run("add", "Y", "--amount", "12,000").err.contains("did you mean 12000 or 12?"))
        #expect(try cli.run("add", "Y", "--amount", "12000 USD").err.contains("amounts here are in EUR"))

        let show = try cli.run("show", "1").out
        #expect(show.contains("Amount:   €45.000"))
        #expect(show.contains("Budget range  €80.000"))
        let list = try cli.run("list").out
        #expect(list.contains("€45.000"))
        #expect(list.contains("€1.500,50"))
        let board = try cli.run().out                  // not a terminal: the board as text
        #expect(board.contains("== Prospecting — 2 deals, €46.500,50 (weighted €2.325,03)"))   // 5 %, rounded half up
        let report = try cli.run("report").out
        #expect(report.contains("€"))
        #expect(!report.contains("$"))
        let md = try cli.run("report", "--format", "markdown").out
        #expect(md.contains("€46.500,50"))
        let json = try cli.json("show", "1", "--format", "json") as! [String: Any]
        #expect(json["amount"] as? Double == 45000)
        #expect((json["fields"] as? [String: Any])?["budget"] as? Double == 80000)
        let r = try cli.json("report", "--format", "json") as! [String: Any]
        #expect(r["currency"] as? String == "EUR")
        #expect((r["open"] as? [String: Any])?["value"] as? Double == 46500.5)
        #expect(try cli.run("list", "--format", "csv").out.contains(",45000,"))
    }

    /// `init` takes the locale's currency and style unless told; a wrong option is refused.
    @Test func initTakesTheLocale() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let created = try cli.run(["init"], extraEnv: ["LANG": "fr_FR.UTF-8"])
        #expect(created.out.contains("money: EUR, written 1 234,56 (from the locale fr_FR.UTF-8)"))
        let toml = try String(contentsOfFile: cli.board + "/pipeline.toml", encoding: .utf8)
        #expect(toml.contains("currency = \"EUR\""))
        #expect(toml.contains("number_style = \"1 234,56\""))
        #expect(try cli.run("add", "X", "--amount", "12 000,50").status == 0)
        #expect(try cli.run("show", "1").out.contains("€12 000,50"))
        #expect(try cli.run("init", "--board", cli.board + "2", "--currency", "EURO").err.contains("not an ISO 4217 currency code"))
        #expect(try cli.run("init", "--board", cli.board + "3", "--number-style", "1'234.56").err.contains("expected one of"))
    }

    /// An amount in range never crashes a reader: the largest amounts, many of them, through
    /// every command that reads them.
    @Test func theLargestAmountsAreReadByEveryCommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        for i in 1...3 {
            let r = try cli.run("add", "Big \(i)", "--amount", "10,000,000,000,000")
            #expect(r.status == 0, "\(r.err)")
        }
        for args in [["list"], ["show", "1"], ["report"], ["report", "--format", "json"], ["report", "--format", "markdown"], [], ["check"],
                     ["list", "--format", "json"], ["history"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        #expect(try cli.run("show", "1").out.contains("$10,000,000,000,000"))
        #expect(try cli.run().out.contains("3 deals, $30,000,000,000,000"))
        let r = try cli.json("report", "--format", "json") as! [String: Any]
        #expect((r["open"] as? [String: Any])?["value"] as? Double == 3e13)
    }

    /// A journal line no dealboard wrote (amount 1e30, a JSON number, a negative budget): every
    /// reader goes on, warns, and `check` names the file and line.
    @Test func aHandWrittenAmountIsReportedAndNeverCrashesAReader() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "Acme", "--amount", "12000")
        let handle = try #require(FileHandle(forWritingAtPath: cli.journal))
        handle.seekToEndOfFile()
        let lines = [
            #"{"id":"hand1hand1hand1","ts":"2026-11-02T09:00:01.000Z","seq":2,"user":"\#(CLI.user)","type":"deal.created","no":2,"data":{"title":"Huge","company":"","amount":"1e30","owner":"bob","stage":"prospecting"}}"#,
            #"{"id":"hand2hand2hand2","ts":"2026-11-02T09:00:02.000Z","seq":3,"user":"\#(CLI.user)","type":"deal.edited","no":1,"deal":"\#(try firstID(cli))","data":{"set":{"amount":1e30,"budget":"-5"}}}"#,
            #"{"id":"hand3hand3hand3","ts":"2026-11-02T09:00:03.000Z","seq":4,"user":"\#(CLI.user)","type":"deal.created","no":3,"data":{"title":"Five","company":"","amount":"50000000000000000","owner":"bob","stage":"prospecting"}}"#,
        ]
        handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        handle.closeFile()

        for args in [["list"], ["show", "1"], ["show", "2"], ["report"], ["report", "--format", "json"], []] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            #expect(r.err.contains("was not read"), "\(args)")
        }
        #expect(try cli.run("show", "1").out.contains("Amount:   $12,000"))   // kept what it had
        #expect(try cli.run("show", "2").out.contains("Amount:   —"))
        let check = try cli.run("check")
        #expect(check.status == 1)
        let journal = "journal/\(CLI.user).jsonl"
        #expect(check.out.contains("\(journal):2: \(CLI.user)'s deal.created of #2 (event hand1hand1hand1, 2026-11-02T09:00:01.000Z): amount \"1e30\" was not read"))
        #expect(check.out.contains("\(journal):3: ") && check.out.contains("amount 1e+30 was not read: a JSON number"))
        #expect(check.out.contains("budget \"-5\" was not read"))
        #expect(check.out.contains("\(journal):4: ") && check.out.contains("more than the largest amount"))
    }

    /// Amounts with more decimals than a currency changed to later has (cents on a JPY board):
    /// shown exactly as stored, and `check` warns.
    @Test func aCurrencyChangedUnderOldAmountsIsWarnedAbout() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "Acme", "--amount", "12,000.50")
        let path = cli.board + "/pipeline.toml"
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try toml.replacingOccurrences(of: "currency = \"USD\"", with: "currency = \"JPY\"").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try cli.run("show", "1").out.contains("Amount:   ¥12,000.5"))
        let check = try cli.run("check")
        #expect(check.status == 0)
        #expect(check.out.contains("warning: #1: amount 12000.5 has 1 decimal(s), but JPY amounts have none; it is shown as stored"))
        #expect(try cli.run("add", "Y", "--amount", "500.5").err.contains("JPY amounts have no decimals"))
    }

    func firstID(_ cli: CLI) throws -> String {
        let first = try #require(cli.journalLines().first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        return try #require(json["id"] as? String)
    }

    /// An amount more than 100× the largest open deal needs --yes (status 1 without it).
    @Test func anOutlierNeedsYes() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "Acme", "--amount", "12000")
        let refused = try cli.run("add", "Typo", "--amount", "9m")
        #expect(refused.status == 1)
        #expect(refused.err.contains("Amount $9,000,000 is more than 100 times the largest open deal (#1, $12,000); if it is right, run the command again with --yes"))
        #expect(try cli.run("list", "--format", "json").out.contains("Typo") == false)
        #expect(try cli.run("add", "Typo", "--amount", "9m", "--yes").out == "2\n")
        #expect(try cli.run("edit", "1", "budget=5000000000").status == 1)
        #expect(try cli.run("edit", "1", "budget=5000000000", "--yes").status == 0)
        #expect(try cli.run("edit", "1", "amount=1.2m").status == 0)   // 100× the largest other open deal is 900m
    }

    /// The report's money values agree across formats: amount changes are numbers (or null for
    /// none) in JSON, and a deal without an amount is null in JSON, a dash in text and Markdown.
    @Test func theReportAgreesOnAmountsAcrossFormats() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run(["add", "Acme", "--amount", "10000"], now: "2026-10-01T09:00:00Z")
        try cli.run(["add", "Nothing yet"], now: "2026-10-01T09:00:00Z")
        try cli.run(["edit", "1", "amount=12000"], now: "2026-11-01T09:00:00Z")
        try cli.run(["edit", "2", "amount=5000"], now: "2026-11-01T10:00:00Z")
        try cli.run(["edit", "2", "amount="], now: "2026-11-01T11:00:00Z")
        let r = try cli.json("report", "--format", "json") as! [String: Any]
        let changes = try #require((r["changes"] as? [String: Any])?["amount_changed"] as? [[String: Any]])
        #expect(changes.count == 3)
        #expect(changes[0]["from"] as? Double == 10000)
        #expect(changes[0]["to"] as? Double == 12000)
        #expect(changes[1]["from"] is NSNull)
        #expect(changes[1]["to"] as? Double == 5000)
        #expect(changes[2]["to"] is NSNull)
        let stuck = try #require(r["stuck"] as? [[String: Any]])
        let none = try #require(stuck.first { $0["id"] as? Double == 2 })
        #expect(none["amount"] is NSNull)
        let text = try cli.run("report", "--stuck", "all").out
        let textLine = try #require(text.split(separator: "\n").first { $0.contains("#2 Nothing yet") })
        #expect(textLine.hasSuffix("—"))
        let md = try cli.run("report", "--format", "markdown").out
        #expect(md.contains("**#2 Nothing yet** (\(CLI.user), Prospecting, —)"))
        #expect(md.contains("#2 Nothing yet: — → $5,000"))
        #expect(md.contains("#1 Acme: $10,000 → $12,000"))
        #expect(text.contains("#2 Nothing yet: $5,000 → —"))
    }
}
