import Foundation
import Testing
@testable import Pipeline

/// Issue 9, "everyday correctness" in the domain: suggestions for typos, edits that change
/// nothing, undo messages that say what came back, and the board's people.
@Suite struct SuggestionTests {
    /// What was typed, the names it is checked against, and the suggestions expected.
    static let cases: [(typed: String, among: [String], expected: [String])] = [
        ("mvoe", ["add", "edit", "move", "won", "lost"], ["move"]),          // two letters swapped
        ("lsit", ["list", "lost", "log"], ["list"]),
        ("nxt", ["next", "back", "Prospecting", "Demo"], ["next"]),          // a letter missing
        ("bakc", ["next", "back"], ["back"]),
        ("prop", ["Prospecting", "Proposal"], ["Proposal"]),                   // a start is as good as a typo
        ("Qualifcation", ["Prospecting", "Qualification", "Discovery"], ["Qualification"]),
        ("tech stak fits", ["Company size fits", "Tech stack fits"], ["Tech stack fits"]),
        ("MOVE", ["move"], ["move"]),                                          // case is no typo
        ("xyz", ["move", "add", "list"], []),                                  // nothing close: no guess
        ("", ["move"], []),
        ("mraia", ["maria", "bob", "Maria Rossi"], ["maria"]),
        ("demo", ["Demo", "demo"], ["Demo"]),                                  // one suggestion per name
    ]

    @Test(arguments: cases)
    func closest(_ c: (typed: String, among: [String], expected: [String])) {
        #expect(Suggestion.closest(to: c.typed, in: c.among) == c.expected)
    }

    @Test func distanceCountsASwapAsOneMistake() {
        #expect(Suggestion.distance("mvoe", "move") == 1)
        #expect(Suggestion.distance("move", "move") == 0)
        #expect(Suggestion.distance("", "abc") == 3)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.didYouMean("nxt", in: ["next", "back"]) == "did you mean next? ")
        #expect(Suggestion.didYouMean("zzz", in: ["next", "back"]) == "")
    }

    /// `move 62 TARGET`: the refusal lists next, back and the stages, the closest first.
    static let targets: [(typed: String, says: String)] = [
        ("nxt", "no stage \"nxt\"; did you mean next? a move goes to next, back, or a stage: Prospecting, Qualification, Discovery, Proposal, Negotiation, Won, Lost"),
        ("bak", "no stage \"bak\"; did you mean back? a move goes to next, back, or a stage: "),
        ("Negotation", "no stage \"Negotation\"; did you mean Negotiation? "),
        ("pro", "\"pro\" could be Prospecting or Proposal; type more of the stage's name"),
        ("zzz", "no stage \"zzz\"; a move goes to next, back, or a stage: Prospecting"),
    ]

    @Test(arguments: targets)
    func moveTargets(_ c: (typed: String, says: String)) throws {
        let b = try Fixture.boardWithDeal()
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).move(1, to: .stage(c.typed), reason: nil, force: false) }
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).move(1, to: .stage(c.typed), reason: nil, force: false)
        } catch {
            #expect("\(error)".hasPrefix(c.says), "\(error)")
        }
    }

    /// `check-item 1 LABEL`: whole labels ignoring case, a unique start, else the closest.
    static let labels: [(typed: String, ticks: String?, says: String?)] = [
        ("Tech stack fits", "icp.tech_stack_fits", nil),
        ("tech stack fits", "icp.tech_stack_fits", nil),
        ("tech stack", "icp.tech_stack_fits", nil),                 // the start of one label
        ("TECH", "icp.tech_stack_fits", nil),
        ("icp.budget_signal", "icp.budget_signal", nil),             // the key
        ("Budget", nil, "\"Budget\" could be \"Budget signal\" or \"Budget confirmed\"; type more of the label"),
        ("tech stak fits", nil, "no check or buyer signal labelled \"tech stak fits\"; did you mean \"Tech stack fits\"? known: "),
        ("Buyer agred to a demo", nil, "did you mean \"Buyer agreed to a demo\"?"),
        ("zzzz", nil, "no check or buyer signal labelled \"zzzz\"; known: \"Company size fits\""),
    ]

    @Test(arguments: labels)
    func checkLabels(_ c: (typed: String, ticks: String?, says: String?)) throws {
        var b = try Fixture.boardWithDeal()
        if let key = c.ticks {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: c.typed) }
            #expect(b.deal(1).isChecked(key))
        } else {
            do {
                _ = try b.commands("alice", at: Fixture.at(1)).setCheck(1, label: c.typed)
                Issue.record("\(c.typed) should not tick anything")
            } catch {
                #expect("\(error)".contains(c.says!), "\(error)")
            }
        }
    }

    @Test func unknownFieldsAndReasonsSuggestTooo() throws {
        let b = try Fixture.boardWithDeal()
        let c = b.commands("alice", at: Fixture.at(1))
        #expect(throws: CommandError.invalid("unknown field \"budjet\"; did you mean budget? fields: title, company, amount, owner, close_date, next_step, next_step_owner, next_step_date, decision_maker, budget, review_by, written, segment")) {
            try c.edit(1, assignments: [("budjet", "5")])
        }
        #expect(throws: CommandError.invalid("\"Prise\" is not a loss reason of this pipeline; did you mean \"Price\"? one of \"Price\", \"No decision\"")) {
            try c.lost(1, reason: "Prise")
        }
        #expect(throws: CommandError.invalid("unknown activity \"meetng\"; did you mean meeting? expected one of: call, email, meeting, note")) {
            try c.logActivity(1, kind: "meetng", text: "x", date: nil)
        }
    }
}

@Suite struct NoChangeTests {
    /// Edits whose values the deal already has: nothing to write, said as such.
    static let cases: [(assignments: [(String, String)], says: String)] = [
        ([("amount", "12000")], "#1: no change (Amount is already $12,000)"),
        ([("amount", "12k")], "#1: no change (Amount is already $12,000)"),        // typed differently, the same
        ([("amount", "12,000.00")], "#1: no change (Amount is already $12,000)"),
        ([("title", "  Acme renewal ")], "#1: no change (Title is already Acme renewal)"),
        ([("budget", "")], "#1: no change (Budget is already (empty))"),
        ([("Owner", "alice"), ("company", "Acme")], "#1: no change (Owner is already alice, Company is already Acme)"),
    ]

    @Test(arguments: cases)
    func anEditThatChangesNothingIsRefusedAsUnchanged(_ c: (assignments: [(String, String)], says: String)) throws {
        let b = try Fixture.boardWithDeal()
        #expect(throws: CommandError.unchanged(c.says)) { try b.commands("alice", at: Fixture.at(1)).edit(1, assignments: c.assignments) }
        // Nothing to undo either: the only undo entry is the creation.
        #expect(b.state.undoStacks["alice"]?.count == 1)
    }

    @Test func onlyWhatChangesIsWritten() throws {
        var b = try Fixture.boardWithDeal()
        let e = try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("amount", "12k"), ("title", "Acme renewal 2027")]) }
        #expect(e.edited?.set?.map(\.key) == ["title"])
        #expect(e.edited?.previous?.map(\.key) == ["title"])
    }

    @Test func untickingWhatIsNotTickedChangesNothing() throws {
        var b = try Fixture.boardWithDeal()
        #expect(throws: CommandError.unchanged("#1: \"Tech stack fits\" is not ticked; no change")) {
            try b.commands("alice", at: Fixture.at(1)).setCheck(1, label: "tech stack", checked: false)
        }
        // Ticking again is not "no change": it re-confirms (re-qualification needs that).
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "Tech stack fits") }
        try b.run(at: Fixture.at(2)) { try $0.setCheck(1, label: "Tech stack fits") }
        #expect(b.deal(1).checks["icp.tech_stack_fits"] == Fixture.at(2))
    }
}

@Suite struct UndoMessageTests {
    func summary(_ b: inout Fixture.Board, at day: Double) throws -> String {
        let e = try b.run(at: Fixture.at(day)) { try $0.undo() }
        return e.undo?.summary ?? ""
    }

    @Test func eachUndoSaysWhatCameBack() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("amount", "10000")]) }
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("amount", "12,000"), ("close_date", "2026-12-15")]) }
        #expect(try summary(&b, at: 2) == "undo edit of #1: Amount $12,000 → $10,000, Expected close date 2026-12-15 → (empty)")
        #expect(try summary(&b, at: 2) == "undo edit of #1: Amount $10,000 → $12,000")

        try b.run(at: Fixture.at(3)) { try $0.setCheck(1, label: "Tech stack fits") }
        #expect(try summary(&b, at: 3) == "undo tick on #1: \"Tech stack fits\" is unticked again")
        try b.run(at: Fixture.at(3)) { try $0.setCheck(1, label: "Tech stack fits") }
        try b.run(at: Fixture.at(4)) { try $0.setCheck(1, label: "Tech stack fits", checked: false) }
        #expect(try summary(&b, at: 4) == "undo untick on #1: \"Tech stack fits\" is ticked again")
        try b.run(at: Fixture.at(5)) { try $0.setCheck(1, label: "Tech stack fits") }
        #expect(try summary(&b, at: 5) == "undo re-confirmation on #1: \"Tech stack fits\" is back to its earlier tick (2026-11-05)")

        try b.run(at: Fixture.at(6)) { try $0.logActivity(1, kind: "call", text: "Talked budget with Dana, who wants the NDA first", date: nil) }
        #expect(try summary(&b, at: 6) == "undo call on #1: \"Talked budget with Dana, who wants the…\" removed")

        try b.run("maria", at: Fixture.at(7)) { try $0.move(1, to: .next, reason: "pushed", force: true) }
        let move = try b.run("maria", at: Fixture.at(7)) { try $0.undo() }
        #expect(move.undo?.summary == "undo move of #1 (Prospecting → Qualification): back in Prospecting")

        var fresh = try Fixture.boardWithDeal()
        #expect(try summary(&fresh, at: 1) == "undo creation of #1 (Acme renewal): removed from the board")
    }
}

@Suite struct PeopleTests {
    static let team = [Person(login: "alice", name: "Alice Martin", email: "alice@example.com"),
                       Person(login: "maria", name: "Maria Rossi"),
                       Person(login: "bob")]

    static func board() throws -> Fixture.Board {
        var b = Fixture.Board()
        b.pipeline.people = team
        return b
    }

    /// An owner as typed, and what is stored (the login) or the refusal.
    static let owners: [(typed: String, stored: String?, says: String?)] = [
        ("maria", "maria", nil),
        ("Maria Rossi", "maria", nil),               // the name
        ("MARIA rossi", "maria", nil),               // ignoring case
        ("alice@example.com", "alice", nil),         // the e-mail
        ("  bob ", "bob", nil),
        ("mraia", nil, "Owner \"mraia\" is not one of the board's people; did you mean maria (Maria Rossi)? people: alice (Alice Martin), maria (Maria Rossi), bob ([[people]] in pipeline.toml)"),
        ("Maria Rosi", nil, "did you mean maria (Maria Rossi)?"),
        ("zed", nil, "Owner \"zed\" is not one of the board's people; people: alice (Alice Martin)"),
    ]

    @Test(arguments: owners)
    func ownersAreCheckedAgainstThePeople(_ c: (typed: String, stored: String?, says: String?)) throws {
        var b = try Self.board()
        do {
            try b.run(at: Fixture.at(0)) { try $0.create(title: "Deal", company: "", amount: "", owner: c.typed, stage: nil) }
            #expect(b.deal(1).owner == c.stored)
            // The next step's owner is a person too.
            try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("next_step_owner", c.typed)]) }
            #expect(b.deal(1).value("next_step_owner") == c.stored)
        } catch {
            #expect(c.stored == nil, "\(error)")
            #expect("\(error)".contains(c.says ?? "?"), "\(error)")
        }
    }

    @Test func aNextStepOwnerIsRefusedLikeAnOwner() throws {
        var b = try Self.board()
        try b.run(at: Fixture.at(0)) { try $0.create(title: "Deal", company: "", amount: "", owner: nil, stage: nil) }
        #expect(b.deal(1).owner == "alice")
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).edit(1, assignments: [("next_step_owner", "Dana (buyer)")]) }
        // Cleared is fine; an owner is never empty.
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("next_step_owner", "bob")]) }
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("next_step_owner", "")]) }
        #expect(throws: CommandError.invalid("the owner cannot be empty")) { try b.commands("alice", at: Fixture.at(1)).edit(1, assignments: [("owner", "")]) }
    }

    @Test func someoneNotInTheListMustNameAnOwner() throws {
        var b = try Self.board()
        do {
            _ = try b.commands("zed", at: Fixture.at(0)).create(title: "Deal", company: "", amount: "", owner: nil, stage: nil)
            Issue.record("zed is not one of the people")
        } catch {
            #expect("\(error)".hasPrefix("you (zed) are not one of the board's people ([[people]] in pipeline.toml), so a new deal cannot be yours; name its owner (--owner): alice (Alice Martin)"))
        }
        try b.run("zed", at: Fixture.at(0)) { try $0.create(title: "Deal", company: "", amount: "", owner: "Bob", stage: nil) }
        #expect(b.deal(1).owner == "bob")
    }

    @Test func withoutAListAnyNameIsAnOwnerAsBefore() throws {
        var b = Fixture.Board()
        try b.run(at: Fixture.at(0)) { try $0.create(title: "Deal", company: "", amount: "", owner: "Dana Lee (buyer side)", stage: nil) }
        #expect(b.deal(1).owner == "Dana Lee (buyer side)")
        #expect(b.pipeline.ownerKey("Dana Lee (buyer side)") == "Dana Lee (buyer side)")
    }

    /// `m` and `--owner`: a deal is someone's whether it names their login or their name.
    @Test func ownersMatchByLoginOrName() throws {
        var p = Fixture.pipeline
        p.people = Self.team
        #expect(p.isOwned(by: "maria", owner: "Maria Rossi"))
        #expect(p.isOwned(by: "maria", owner: "maria"))
        #expect(!p.isOwned(by: "maria", owner: "bob"))
        #expect(p.ownerKey("alice@example.com") == "alice")
        #expect(p.ownerKey("someone else") == "someone else")
        #expect(!Fixture.pipeline.isOwned(by: "maria", owner: "Maria Rossi"))   // without a list: as typed
    }
}
