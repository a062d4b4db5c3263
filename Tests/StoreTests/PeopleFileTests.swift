import Foundation
import Testing
import Pipeline
@testable import Store

/// `[[people]]` in pipeline.toml, and what `check` says about a board's people.
@Suite struct PeopleFileTests {
    static let b2b = PipelineTemplates.toml(named: "b2b")!

    @Test func peopleAreRead() throws {
        let p = try PipelineLoader.parse(Self.b2b + """

            [[people]]
            login = "maria"
            name = "Maria Rossi"
            email = "maria@example.com"

            [[people]]
            login = "bob"
            """, file: "p.toml")
        #expect(p.people == [Person(login: "maria", name: "Maria Rossi", email: "maria@example.com"), Person(login: "bob")])
        #expect(p.people[1].name == "bob")
        #expect(try PipelineLoader.parse(Self.b2b, file: "p.toml").people.isEmpty)   // no list: as before
    }

    /// A broken entry, and the key path and message expected.
    static let broken: [(toml: String, keyPath: String, says: String)] = [
        ("[[people]]\nname = \"Maria\"\n", "people[0].login", "missing; expected a string"),
        ("[[people]]\nlogin = \"maria rossi\"\n", "people[0].login", "is not a login"),
        ("[[people]]\nlogin = \"maria\"\nemail = \"maria at example\"\n", "people[0].email", "is not an e-mail address"),
        ("[[people]]\nlogin = \"maria\"\nphone = \"123\"\n", "people[0].phone", "unknown key; expected one of: email, login, name"),
        ("[[people]]\nlogin = \"maria\"\n[[people]]\nlogin = \"Maria\"\n", "people[1].login", "\"Maria\" is listed twice in [[people]]"),
        ("[[people]]\nlogin = \"maria\"\nname = \"Bob\"\n[[people]]\nlogin = \"bob\"\nname = \"bob\"\n", "people[1].name", "\"bob\" is listed twice"),
        ("people = \"maria\"\n", "people", "expected [[people]] tables"),
    ]

    @Test(arguments: broken)
    func brokenEntriesNameKeyAndLine(_ c: (toml: String, keyPath: String, says: String)) {
        do {
            // Tables after the template's; a top-level key before its tables.
            _ = try PipelineLoader.parse(c.toml.hasPrefix("[[") ? Self.b2b + "\n" + c.toml : c.toml + Self.b2b, file: "p.toml")
            Issue.record("should not load")
        } catch let e as PipelineFileError {
            let all = e.all
            #expect(all.contains { $0.keyPath == c.keyPath && $0.message.contains(c.says) && $0.line != nil }, "\(all.map(\.description))")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// The snippet `check` prints for a board without the list: everyone found, most deals first,
    /// hostile text escaped, and — pasted into pipeline.toml — it loads and knows every owner.
    @Test func suggestedPeopleLoadBackAndKnowEveryOwner() throws {
        let b = try TempBoard()
        let alice = try b.store(user: "alice"), bob = try b.store(user: "bob")
        let now = Timestamp.parse("2026-11-02T09:00:00Z")!
        try alice.perform(now: now) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        try alice.perform(now: now) { try $0.create(title: "B", company: "", amount: "", owner: "carol", stage: nil) }
        try bob.perform(now: now) { try $0.create(title: "C", company: "", amount: "", owner: "carol", stage: nil) }
        try bob.perform(now: now) { try $0.create(title: "D", company: "", amount: "", owner: "Dana \"D\" Lee\u{1B}[31m", stage: nil) }
        try bob.perform(now: now) { try $0.edit(1, assignments: [("next_step_owner", "Eve")]) }

        let report = BoardCheck.inspect(folder: b.folder, trustNames: true, now: now)
        let snippet = try #require(report.suggestedPeople)
        #expect(snippet.hasPrefix("[[people]]              # owns 2 deals\nlogin = \"carol\"\nname = \"carol\"\nemail = \"\"\n"))
        #expect(snippet.contains("login = \"alice\""))
        #expect(snippet.contains("[[people]]              # wrote events\nlogin = \"bob\""))
        #expect(snippet.contains("# next-step owner of #1\nlogin = \"Eve\""))
        #expect(snippet.contains("name = \"Dana \\\"D\\\" Lee\\u001B[31m\""))
        #expect(snippet.contains("login = \"dana_d_lee_31m\"    # a guess: their operating-system user name"))
        #expect(!snippet.contains("\u{1B}"))

        var pipeline = try PipelineLoader.parse(Self.b2b + "\n" + snippet + "\n", file: "p.toml")
        #expect(pipeline.people.count == 5)
        let state = alice.state
        for d in state.liveDeals { #expect(pipeline.person(d.owner) != nil, "\(d.owner)") }
        pipeline.people = []
        #expect(BoardCheck.peopleFindings(state, pipeline).isEmpty)
    }

    @Test func withAListCheckNamesOwnersItDoesNotKnowAndSuggestsNothing() throws {
        let b = try TempBoard()
        let alice = try b.store(user: "alice")
        let now = Timestamp.parse("2026-11-02T09:00:00Z")!
        try alice.perform(now: now) { try $0.create(title: "A", company: "", amount: "", owner: "zed", stage: nil) }
        try alice.perform(now: now) { try $0.create(title: "B", company: "", amount: "", owner: "zed", stage: nil) }
        let text = try String(contentsOfFile: b.files.pipeline, encoding: .utf8)
        try (text + "\n[[people]]\nlogin = \"alice\"\n").write(toFile: b.files.pipeline, atomically: false, encoding: .utf8)
        let report = BoardCheck.inspect(folder: b.folder, trustNames: true, now: now)
        #expect(report.suggestedPeople == nil)
        #expect(report.findings.map(\.description).contains(
            "warning: pipeline.toml: owner \"zed\" of #1, #2 is not one of [[people]]; add them to the list, or: dealboard edit 1 owner=LOGIN"))
    }

    @Test func anEmptyBoardSuggestsNobody() throws {
        let b = try TempBoard()
        #expect(BoardCheck.inspect(folder: b.folder, trustNames: true).suggestedPeople == nil)
    }
}
