import Foundation
import Testing

/// Every gate holds however a deal gets there (issue 9, "Gates"), through the real binary:
/// `add --stage` checks the gates on the way with the values given (or is a manager's forced
/// entry, recorded), refusals group their ✗ lines under each stage and exit 1, a jump over
/// Discovery counts the meeting logged in Qualification, and a hand-made creation in a late
/// stage is listed by `check` and marked by `history`.
@Suite struct GatesCLITests {
    static let icp = ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"]
    static let bant = ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]

    /// Makes someone else the only manager: this user may no longer force.
    static func notAManager(_ cli: CLI) throws {
        let toml = cli.board + "/pipeline.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try text.replacingOccurrences(of: #"managers = \[[^\]]*\]"#, with: "managers = [\"maria\"]", options: .regularExpression)
            .write(toFile: toml, atomically: true, encoding: .utf8)
        chmod(toml, 0o640)
    }

    @Test func addInALaterStagePassesTheGatesOnTheWayOrIsRefusedUnderEachStage() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        try Self.notAManager(cli)

        let refused = try cli.run("add", "Globex pilot", "--stage", "demo", "--company", "Globex", "budget=40000",
                                  "--check", "Company size fits", "--check", "Tech stack fits", "--check", "Budget signal", "--check", "Live pain point")
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        let lines = refused.err.split(separator: "\n").map(String.init)
        #expect(lines.first == "dealboard: cannot create \"Globex pilot\" in Demo: exit criteria of the stages on the way not met")
        // Prospecting's gate holds (four ticks given): no heading for it. Each ✗ line under its stage.
        #expect(!lines.contains("Prospecting:"))
        let q = try #require(lines.firstIndex(of: "Qualification:"))
        let d = try #require(lines.firstIndex(of: "Discovery:"))
        #expect(q < d)
        #expect(lines[q + 1] == "✗ BANT confirmed (budget, authority, need, timeline) (checklist: bant, at least 4)")
        #expect(lines[(q + 1)..<d].contains("✗ Economic buyer named (field: decision_maker)"))
        #expect(!lines.contains("✗ Budget range recorded (field: budget)"))   // given
        #expect(lines[d + 1] == "✗ Discovery meeting held (activity: meeting)")
        #expect(lines[d + 2] == "    → log a meeting with the new deal: it counts for Discovery on the way in")
        #expect(lines.last == "give what is missing (key=value, --check LABEL, --log KIND=TEXT), or, as a manager, --force --reason TEXT")
        #expect(try cli.run("list", "--all").out.contains("Globex") == false)

        // Not a manager: no forced entry either.
        let force = try cli.run("add", "Globex pilot", "--stage", "demo", "--force", "--reason", "partner")
        #expect(force.status == 1)
        #expect(force.err.contains("only a manager may force a new deal into Demo past unmet exit criteria (managers: maria)"))

        // Every value the gates ask for, given on creation: created in Demo, by a rep.
        var args = ["add", "Globex pilot", "--stage", "demo", "--company", "Globex", "--amount", "40000", "budget=40000",
                    "decision_maker=Dana Lee", "pain=Manual reporting", "stakeholders=Dana, Sam", "--log", "meeting=Discovery call with Dana",
                    "--check", "Buyer agreed to a demo"]
        for c in Self.icp + Self.bant { args += ["--check", c] }
        let made = try cli.run(args)
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out == "1\n")
        let show = try cli.json("show", "1", "--format", "json") as! [String: Any]
        #expect(show["stage"] as? String == "demo")
        #expect((show["activities"] as? [[String: Any]])?.first?["text"] as? String == "Discovery call with Dana")
        #expect((show["checks"] as? [Any])?.count == 9)
        #expect((show["history"] as? [[String: Any]])?.first?["forced"] as? Bool == false)
        #expect(try cli.run("check").status == 0)

        // A bad value is refused before any gate: exit 2, nothing written.
        #expect(try cli.run("add", "X", "--stage", "demo", "--log", "lunch=Pizza").status == 2)
        #expect(try cli.run("add", "X", "--stage", "demo", "--log", "meeting").status == 2)
        #expect(try cli.run("add", "X", "--check", "No such check").status == 2)
        #expect(cli.journalLines().count == 1)
    }

    @Test func aManagersForcedEntryIsRecordedAsSuch() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        // A manager is held to the gates as well, unless forcing — with a reason.
        #expect(try cli.run("add", "Hooli renewal", "--stage", "negotiation").status == 1)
        let noReason = try cli.run("add", "Hooli renewal", "--stage", "negotiation", "--force")
        #expect(noReason.status == 2)
        #expect(noReason.err.contains("a forced entry into Negotiation needs a reason (--reason TEXT)"))
        let forced = try cli.run("add", "Hooli renewal", "--stage", "negotiation", "--force", "--reason", "Signed framework, moved from the old CRM")
        #expect(forced.status == 0, "\(forced.err)")
        #expect(forced.out == "1\n")
        #expect(forced.err.contains("#1 created in Negotiation, forced past 11 unmet criteria (recorded in the journal with your reason)"))
        let line = try JSONSerialization.jsonObject(with: Data(try #require(cli.journalLines().last).utf8)) as! [String: Any]
        let data = try #require(line["data"] as? [String: Any])
        #expect(data["stage"] as? String == "negotiation")
        #expect(data["forced"] as? Bool == true)
        #expect(data["reason"] as? String == "Signed framework, moved from the old CRM")
        #expect((data["unmet"] as? [String])?.count == 11)
        let history = try cli.run("history", "1")
        #expect(history.out.contains("created \"Hooli renewal\" in Negotiation (Signed framework, moved from the old CRM) FORCED"))
        #expect(try cli.run("show", "1").out.contains("created by \(CLI.user): Signed framework, moved from the old CRM  (FORCED past: "))
        #expect(try cli.run("check").status == 0)
    }

    @Test func aJumpOverDiscoveryCountsTheMeetingLoggedSinceTheDealEnteredQualification() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        try Self.notAManager(cli)
        var args = ["add", "Initech", "budget=50000", "decision_maker=Dana", "pain=Manual reporting", "stakeholders=Dana, Sam",
                    "--check", "Buyer agreed to a demo", "--check", "Buyer asked about pricing or implementation"]
        for c in Self.icp { args += ["--check", c] }
        #expect(try cli.run(args).status == 0)
        // A meeting logged in Prospecting is not one logged in Qualification.
        #expect(try cli.run(["log", "1", "meeting", "Intro meeting"], now: "2026-11-02T10:00:00Z").status == 0)
        #expect(try cli.run(["move", "1", "next"], now: "2026-11-03T09:00:00Z").status == 0)
        for c in Self.bant { #expect(try cli.run(["check-item", "1", c], now: "2026-11-03T09:00:00Z").status == 0) }
        let refused = try cli.run(["move", "1", "proposal"], now: "2026-11-04T09:00:00Z")
        #expect(refused.status == 1)
        #expect(refused.err.contains("cannot move #1 from Qualification to Proposal: exit criteria not met\nDiscovery:\n✗ Discovery meeting held (activity: meeting)\n"
                                     + "    → log a meeting while the deal is in Qualification: one logged since it entered Qualification (2026-11-03) counts for Discovery on the way"))
        #expect(try cli.run(["log", "1", "meeting", "Discovery call with Dana"], now: "2026-11-04T10:00:00Z").status == 0)
        let moved = try cli.run(["move", "1", "proposal"], now: "2026-11-04T11:00:00Z")
        #expect(moved.status == 0, "\(moved.err)")
        #expect(moved.out == "#1: Qualification → Proposal\n")
        #expect(try cli.run("check").status == 0)
    }

    @Test func aLongRefusalSaysWhichStageEachCriterionBelongsTo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        #expect(try cli.run("add", "Acme").status == 0)
        let won = try cli.run("won", "1")
        #expect(won.status == 1)
        let lines = won.err.split(separator: "\n").map(String.init)
        let headings = lines.filter { $0.hasSuffix(":") && !$0.hasPrefix("✗") && !$0.hasPrefix(" ") }
        #expect(headings == ["Prospecting:", "Qualification:", "Discovery:", "Demo:", "Proposal:", "Negotiation:", "Closing:"])
        #expect(lines.filter { $0.hasPrefix("✗ ") }.count == 17)
        // Every ✗ line sits under the heading of the stage whose exit it guards.
        let demo = try #require(lines.firstIndex(of: "Demo:"))
        #expect(lines[demo + 1] == "✗ Buyer asked about pricing or implementation (signal: asked_pricing)")
    }

    @Test func aHandMadeCreationInALateStageIsListedMarkedAndKeptInTheFirstStage() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        #expect(try cli.run("add", "Acme").status == 0)
        try Self.notAManager(cli)
        let lines = try String(contentsOfFile: cli.journal, encoding: .utf8).split(separator: "\n")
        let forged = #"{"id":"forgedcreate0001","ts":"2026-11-02T10:00:00.000Z","seq":2,"user":"\#(CLI.user)","type":"deal.created","no":2,"data":{"title":"Big one","company":"Globex","amount":"900000","owner":"\#(CLI.user)","stage":"negotiation"}}"#
        let handle = try #require(FileHandle(forWritingAtPath: cli.journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((forged + "\n").utf8))
        try handle.close()

        let check = try cli.run("check")
        #expect(check.status == 1)
        let finding = try #require(check.out.split(separator: "\n").first { $0.contains("forgedcreate0001") })
        #expect(finding.hasPrefix("error: journal/\(CLI.user).jsonl:\(lines.count + 1): not allowed, by \(CLI.user): deal.created of #2 at 2026-11-02T10:00:00.000Z"))
        #expect(finding.contains("created in Negotiation past 11 unmet criteria without being a manager (the deal is kept, in Prospecting): Fits the ideal customer profile"))
        #expect(finding.hasSuffix("its stage not applied: the deal is in Prospecting (the line stays in the journal)"))
        let history = try cli.run("history", "2")
        #expect(history.out.contains("created \"Big one\" in Negotiation  ✗ not allowed: created in Negotiation past 11 unmet criteria"))
        let json = try cli.run("history", "2", "--format", "json")
        let flagged = try JSONSerialization.jsonObject(with: Data(json.out.split(separator: "\n").first!.utf8)) as! [String: Any]
        #expect((flagged["not_allowed"] as? [String: Any])?["kind"] as? String == "unmet_criteria")
        // Nothing is lost: the deal is on the board, with its values, in Prospecting — not in Negotiation's forecast.
        let show = try cli.json("show", "2", "--format", "json") as! [String: Any]
        #expect(show["stage"] as? String == "prospecting")
        #expect(show["amount"] as? Double == 900_000)
        #expect(try cli.run("log", "2", "note", "real deal after all").status == 0)
    }
}
