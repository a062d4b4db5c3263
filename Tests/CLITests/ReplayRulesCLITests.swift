import Foundation
import Testing

/// Rules hold at replay (issue 8, point 3), through the real binary: a line appended by hand to
/// your own journal — a Won past every exit criterion — is listed by `check` with its author,
/// file and line, marked by `history`, and not applied: the deal stays where it was.
@Suite struct ReplayRulesCLITests {
    @Test func aHandMadeWonIsListedMarkedAndNotApplied() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        #expect(try cli.run("add", "Acme renewal", "--company", "Acme", "--amount", "12000").status == 0)
        #expect(try cli.run("log", "1", "call", "Intro call").status == 0)
        let clean = try cli.run("check")
        #expect(clean.status == 0, "\(clean.out)")

        // Appended by hand, in the author's own journal, with the next seq: dealboard would have
        // refused this move (and this user is the board's manager, but did not force it).
        let lines = try String(contentsOfFile: cli.journal, encoding: .utf8).split(separator: "\n")
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        let uid = try #require(first["id"] as? String)
        let seq = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? Int }.max() ?? 0
        let forged = #"{"id":"forgedwon0000001","ts":"2026-11-02T10:00:00.000Z","seq":\#(seq + 1),"user":"\#(CLI.user)","type":"deal.moved","deal":"\#(uid)","no":1,"data":{"from":"prospecting","to":"won","move":"won"}}"#
        let handle = try #require(FileHandle(forWritingAtPath: cli.journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((forged + "\n").utf8))
        try handle.close()
        let lineNumber = lines.count + 1

        let check = try cli.run("check")
        #expect(check.status == 1)
        let finding = try #require(check.out.split(separator: "\n").first { $0.contains("forgedwon0000001") })
        #expect(finding.hasPrefix("error: journal/\(CLI.user).jsonl:\(lineNumber): not allowed, by \(CLI.user): deal.moved of #1 at 2026-11-02T10:00:00.000Z"))
        #expect(finding.contains("moved past 17 unmet criteria without forcing it"))
        #expect(finding.hasSuffix("not applied (the line stays in the journal)"))
        #expect(check.out.contains("1 error(s)"))

        let history = try cli.run("history", "1")
        #expect(history.status == 0)
        let marked = try #require(history.out.split(separator: "\n").last)
        #expect(marked.contains("moved Prospecting → Won / Post-Sale  ✗ not allowed: moved past 17 unmet criteria"))
        let json = try cli.run("history", "1", "--format", "json")
        let last = try JSONSerialization.jsonObject(with: Data(json.out.split(separator: "\n").last!.utf8)) as! [String: Any]
        let flag = try #require(last["not_allowed"] as? [String: Any])
        #expect(flag["kind"] as? String == "unmet_criteria")
        #expect((flag["unmet"] as? [String])?.count == 17)
        let firstLine = try JSONSerialization.jsonObject(with: Data(json.out.split(separator: "\n").first!.utf8)) as! [String: Any]
        #expect(firstLine["not_allowed"] == nil)

        // The deal is where it legitimately is, everywhere; every command says a line was not applied.
        let show = try cli.run("show", "1", "--format", "json")
        #expect((try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any])["stage"] as? String == "prospecting")
        #expect(show.err.contains("1 journal event(s) not applied"))
        let list = try cli.json("list", "--all", "--format", "json") as! [[String: Any]]
        #expect(list.map { $0["stage"] as? String } == ["prospecting"])
        let report = try cli.json("report", "--format", "json") as! [String: Any]
        #expect(((report["changes"] as? [String: Any])?["won"] as? [Any])?.isEmpty == true)
        // Work goes on from the legitimate stage; the forged line stays in the journal.
        #expect(try cli.run("move", "1", "next").status == 1)
        #expect(try cli.run("log", "1", "note", "still prospecting").status == 0)
        #expect(try String(contentsOfFile: cli.journal, encoding: .utf8).contains(forged))

        // Judged by pipeline.toml as it is now: without the author among the managers, the same
        // line is a move past the criteria by someone who is not a manager.
        let toml = cli.board + "/pipeline.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        #expect(text.contains("managers = [\"\(CLI.user)\"]"))
        try text.replacingOccurrences(of: "managers = [\"\(CLI.user)\"]", with: "managers = [\"maria\"]").write(toFile: toml, atomically: true, encoding: .utf8)
        chmod(toml, 0o640)
        let again = try cli.run("check")
        #expect(again.status == 1)
        #expect(again.out.contains("journal/\(CLI.user).jsonl:\(lineNumber): not allowed, by \(CLI.user): deal.moved of #1"))
        #expect(again.out.contains("moved past 17 unmet criteria without being a manager: Fits the ideal customer profile (4 of 5 checks); "))
    }
}
