import Foundation
import Testing
@testable import Pipeline

/// Every gate holds however a deal gets there (issue 9, "Gates"): a deal created in a later
/// stage passes the gates on the way with the values it is created with, or is a manager's
/// forced entry; a move past several stages counts an activity logged since the deal entered
/// its current stage for the "activity in this stage" criteria of the stages it passes; every
/// refusal groups its criteria under their stage; and replay holds creations to the same gates.
@Suite struct GateTests {
    static let icp = ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"]

    // MARK: Creating a deal in a later stage

    @Test func aNewDealEntersALaterStageWhenTheValuesGivenMeetEveryGateOnTheWay() throws {
        var b = Fixture.Board()
        // Prospecting (ICP), Qualification (buyer, budget) and Discovery (meeting, demo agreed) lie on the way to Proposal.
        let e = try b.run("alice", at: Fixture.at(0)) {
            try $0.create(title: "Initech", company: "Initech", amount: "20k", owner: nil, stage: "Proposal",
                          fields: [("decision_maker", "Dana"), ("budget", "50k")], checks: Self.icp + ["Buyer agreed to a demo"],
                          activities: [("meeting", "Discovery call with Dana")])
        }
        #expect(e.created?.forced == false)
        #expect(e.created?.checks.count == 5)
        let d = b.deal(1)
        #expect(d.stage == "proposal")
        #expect(d.history.map(\.stage) == ["proposal"])
        #expect(d.history[0].forced == false)
        #expect(d.value("budget") == "50000")
        #expect(d.isChecked("signal.demo_agreed"))
        #expect(d.checks["icp.company_size_fits"] == Fixture.at(0))
        #expect(d.activities.map(\.kind) == ["meeting"])
        #expect(d.activities[0].stage == "proposal")
        #expect(d.activities[0].loggedAt == Fixture.at(0))
        #expect(b.state.disallowed.isEmpty)
    }

    @Test func aNewDealPastUnmetGatesIsRefusedWithTheCriteriaUnderTheirStages() throws {
        let b = Fixture.Board()
        do {
            _ = try b.commands("alice", at: Fixture.at(0)).create(title: "Globex", company: "", amount: "", owner: nil, stage: "proposal",
                                                                   fields: [("decision_maker", "Dana")], checks: Self.icp)
            Issue.record("the creation should be refused")
        } catch CommandError.refused(let r) {
            #expect(r.creating == "Globex")
            #expect(r.groups.map(\.name) == ["Qualification", "Discovery"])
            #expect(r.lines == ["✗ Budget at least 10k (field: budget)", "✗ Discovery meeting held (activity: meeting)",
                                "✗ Buyer agreed to a demo (signal: demo_agreed)"])
            #expect(r.description == """
                cannot create "Globex" in Proposal: exit criteria of the stages on the way not met
                Qualification:
                ✗ Budget at least 10k (field: budget)
                    → fill in budget with at least $10,000
                Discovery:
                ✗ Discovery meeting held (activity: meeting)
                    → log a meeting with the new deal: it counts for Discovery on the way in
                ✗ Buyer agreed to a demo (signal: demo_agreed)
                    → tick "Buyer agreed to a demo"
                """)
            #expect(r.prospect?.value("decision_maker") == "Dana")
        }
        #expect(b.state.liveDeals.isEmpty)
        // A manager is held to the same gates: nothing is forced unless asked for.
        #expect(throws: CommandError.self) {
            try b.commands("maria", at: Fixture.at(0)).create(title: "Globex", company: "", amount: "", owner: nil, stage: "proposal")
        }
    }

    @Test func aManagersForcedEntryIsRecordedAndANonManagersIsRefused() throws {
        var b = Fixture.Board()
        do {
            _ = try b.commands("alice", at: Fixture.at(0)).create(title: "Hooli", company: "", amount: "", owner: nil, stage: "negotiation",
                                                                   force: true, reason: "Partner deal")
            Issue.record("a non-manager's force should be refused")
        } catch CommandError.notPermitted(let message) {
            #expect(message == "only a manager may force a new deal into Negotiation past unmet exit criteria (managers: maria); alice is not one")
        }
        #expect(throws: CommandError.invalid("a forced entry into Negotiation needs a reason (--reason TEXT)")) {
            try b.commands("maria", at: Fixture.at(0)).create(title: "Hooli", company: "", amount: "", owner: nil, stage: "negotiation", force: true)
        }
        let e = try b.run("maria", at: Fixture.at(0)) {
            try $0.create(title: "Hooli", company: "", amount: "", owner: "alice", stage: "negotiation", force: true, reason: "Partner deal")
        }
        #expect(e.created?.forced == true)
        #expect(e.created?.reason == "Partner deal")
        #expect(e.created?.unmet == ["Fits the ICP (4 of 5)", "Economic buyer named", "Budget at least 10k",
                                     "Discovery meeting held", "Buyer agreed to a demo", "Review-by date within 30 days"])
        let d = b.deal(1)
        #expect(d.stage == "negotiation")
        #expect(d.history[0].forced == true)
        #expect(d.history[0].reason == "Partner deal")
        #expect(d.history[0].unmet.count == 6)
        // In the first stage there is no gate to pass: nothing is forced.
        let first = try b.run("alice", at: Fixture.at(0)) { try $0.create(title: "Small", company: "", amount: "", owner: nil, stage: "prospecting", force: true) }
        #expect(first.created?.forced == false)
    }

    @Test func checksAndActivitiesGivenWithANewDealAreValidated() throws {
        let c = Fixture.Board().commands("alice", at: Fixture.at(0))
        #expect(throws: CommandError.self) { try c.create(title: "A", company: "", amount: "", owner: nil, stage: nil, checks: ["No such check"]) }
        #expect(throws: CommandError.self) { try c.create(title: "A", company: "", amount: "", owner: nil, stage: nil, activities: [("lunch", "x")]) }
        #expect(throws: CommandError.self) { try c.create(title: "A", company: "", amount: "", owner: nil, stage: nil, activities: [("call", "  ")]) }
        let e = try c.create(title: "A", company: "", amount: "", owner: nil, stage: nil, checks: ["company size fits", "Company size fits"],
                             activities: [("Call", "Intro")])
        guard case .dealCreated(let created) = e.payload else { Issue.record("not a creation: \(e.payload)"); return }
        #expect(created.checks == ["icp.company_size_fits"])
        #expect(created.activities == [DealCreated.LoggedActivity(kind: "call", text: "Intro")])
    }

    // MARK: Multi-stage moves and "activity in this stage"

    /// A deal in Qualification since day 2 (ICP ticked, buyer and budget set, demo agreed): only
    /// Discovery's meeting stands between it and Proposal.
    static func inQualification() throws -> Fixture.Board {
        var b = try Fixture.boardWithDeal()
        for label in icp { try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: label) } }
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("decision_maker", "Dana"), ("budget", "50000")]) }
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "Buyer agreed to a demo") }
        try b.run(at: Fixture.at(2)) { try $0.move(1, to: .next, reason: nil, force: false) }
        return b
    }

    struct ActivityCase: CustomTestStringConvertible, Sendable {
        var name: String
        var kind: String
        /// Logged at this day, dated this day (nil: when logged).
        var loggedAt: Double
        var datedAt: Double?
        var counts: Bool
        var testDescription: String { name }
    }

    static let activityCases: [ActivityCase] = [
        .init(name: "a meeting logged in Qualification", kind: "meeting", loggedAt: 3, datedAt: nil, counts: true),
        .init(name: "a meeting logged the day it entered Qualification, dated that day", kind: "meeting", loggedAt: 2.1, datedAt: 2, counts: true),
        .init(name: "a meeting logged in Prospecting, before it entered Qualification", kind: "meeting", loggedAt: 1, datedAt: nil, counts: false),
        .init(name: "a meeting logged in Qualification but dated before it got there", kind: "meeting", loggedAt: 3, datedAt: 1, counts: false),
        .init(name: "a call instead of a meeting", kind: "call", loggedAt: 3, datedAt: nil, counts: false),
    ]

    @Test(arguments: activityCases)
    func aMultiStageMoveCountsActivitiesLoggedSinceTheDealEnteredItsStage(_ c: ActivityCase) throws {
        var b = try Self.inQualification()
        try b.run(at: Fixture.at(c.loggedAt)) { try $0.logActivity(1, kind: c.kind, text: "Discovery", date: c.datedAt.map(Fixture.at)) }
        let commands = b.commands("alice", at: Fixture.at(4))
        if c.counts {
            try b.run(at: Fixture.at(4)) { try $0.move(1, to: .stage("proposal"), reason: nil, force: false) }   // replay applies it too
            #expect(b.deal(1).stage == "proposal")
        } else {
            do {
                _ = try commands.move(1, to: .stage("proposal"), reason: nil, force: false)
                Issue.record("\(c.name) should not count")
            } catch CommandError.refused(let r) {
                // Named: the meeting is Discovery's, and what counts is one logged while in Qualification.
                #expect(r.description == """
                    cannot move #1 from Qualification to Proposal: exit criteria not met
                    Discovery:
                    ✗ Discovery meeting held (activity: meeting)
                        → log a meeting while the deal is in Qualification: one logged since it entered Qualification (2026-11-04) counts for Discovery on the way
                    """)
            }
        }
    }

    @Test func aMeetingFromAnEarlierStayInTheStageStillCountsAndTheStageItselfStillNeedsItsOwn() throws {
        var b = try Self.inQualification()
        try b.run(at: Fixture.at(3)) { try $0.logActivity(1, kind: "meeting", text: "Discovery", date: nil) }
        try b.run(at: Fixture.at(3)) { try $0.move(1, to: .next, reason: nil, force: false) }         // into Discovery
        try b.run(at: Fixture.at(4)) { try $0.move(1, to: .back, reason: "Budget review", force: false) }
        // Back in Qualification: the meeting logged before it ever reached Discovery counted then, not now…
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(5)).move(1, to: .stage("proposal"), reason: nil, force: false) }
        // …but one logged during its stay in Discovery does, as it would for a move out of Discovery itself.
        var c = try Self.inQualification()
        try c.run(at: Fixture.at(3)) { try $0.logActivity(1, kind: "meeting", text: "Discovery", date: nil) }
        try c.run(at: Fixture.at(3)) { try $0.move(1, to: .next, reason: nil, force: false) }
        try c.run(at: Fixture.at(3.5)) { try $0.logActivity(1, kind: "meeting", text: "In Discovery", date: nil) }
        try c.run(at: Fixture.at(4)) { try $0.move(1, to: .back, reason: "Budget review", force: false) }
        try c.run(at: Fixture.at(5)) { try $0.move(1, to: .stage("proposal"), reason: nil, force: false) }
        #expect(c.deal(1).stage == "proposal")
        // The stage the deal is in asks for its own: a meeting logged in Qualification is not Discovery's.
        let own = try Self.inQualification().state.deal(number: 1)!
        #expect(Fixture.pipeline.evaluate(ExitCriterion(.activity(.meeting), label: "m"), stage: "discovery", deal: own, now: Fixture.at(4)).needs
                == "log a meeting while the deal is in Discovery")
    }

    // MARK: Grouped refusals

    @Test func aWinFromTheFirstStageListsEachStagesCriteriaUnderItsName() throws {
        let b = try Fixture.boardWithDeal()
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).won(1, reason: nil, force: false)
            Issue.record("won should be refused")
        } catch CommandError.refused(let r) {
            #expect(r.groups.map(\.name) == ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"])
            #expect(r.groups.map(\.unmet.count) == [1, 2, 2, 1, 1])
            let lines = r.description.split(separator: "\n").map(String.init)
            #expect(lines[0] == "cannot move #1 from Prospecting to Won: exit criteria not met")
            #expect(lines.filter { !$0.hasPrefix("✗") && !$0.hasPrefix("    →") }.dropFirst()
                    == ["Prospecting:", "Qualification:", "Discovery:", "Proposal:", "Negotiation:"])
            let negotiation = try #require(lines.firstIndex(of: "Negotiation:"))
            #expect(lines[negotiation + 1] == "✗ Agreed in writing (field: written)")
        }
    }

    // MARK: Replay

    static func created(_ id: String, _ user: String, stage: String, number: Int = 1, _ more: [(String, JSONValue?)] = []) -> Event {
        Event(id: id, timestamp: Fixture.at(0), user: user, type: EventType.dealCreated, number: number,
              data: .obj([("title", "Forged"), ("company", ""), ("amount", "90000"), ("owner", .string(user)), ("stage", .string(stage))] + more))
    }

    static let fullQualification: [(String, JSONValue?)] = [
        ("fields", .obj([("decision_maker", "Dana"), ("budget", "50000")])),
        ("checks", .array(icp.map { .string("icp." + slug($0)) })),
    ]

    @Test func aHandMadeCreationPastTheGatesIsListedAndKeptWhereItsGatesLetIt() throws {
        var b = Fixture.Board()
        let applied = b.state.apply(Self.created("c1", "bob", stage: "negotiation"))
        #expect(applied)
        let d = try #require(b.state.disallowed(eventID: "c1"))
        #expect(d.kind == .unmetCriteria)
        #expect(d.number == 1)
        #expect(d.deal == "c1")
        #expect(d.keptIn == "prospecting")
        #expect(d.unmet.count == 6)
        #expect(d.reason.hasPrefix("created in Negotiation past 6 unmet criteria without being a manager (the deal is kept, in Prospecting): Fits the ICP (4 of 5); "))
        // Nothing is lost: the deal, its values and the work on it are there, where it could have been created.
        let deal = b.deal(1)
        #expect(deal.stage == "prospecting")
        #expect(deal.amount == Money(canonical: "90000"))
        #expect(deal.history.map(\.stage) == ["prospecting"])
        try b.run("bob", at: Fixture.at(1)) { try $0.logActivity(1, kind: "call", text: "Intro", date: nil) }
        #expect(b.deal(1).activities.count == 1)
        // A later move from the stage it claimed no longer matches.
        b.state.apply(Event(id: "m1", timestamp: Fixture.at(2), user: "bob", type: EventType.dealMoved, deal: "c1", number: 1,
                            data: .obj([("from", "negotiation"), ("to", "won"), ("move", "won")])))
        #expect(b.state.disallowed(eventID: "m1")?.kind == .wrongStage)
        #expect(b.deal(1).stage == "prospecting")
    }

    @Test func replayJudgesACreationOnItsOwnValuesAndKeepsItAsFarAsTheyGo() throws {
        var b = Fixture.Board()
        // ICP, buyer and budget given: the first unmet gate is Discovery's.
        b.state.apply(Self.created("c1", "bob", stage: "proposal", Self.fullQualification))
        #expect(b.state.disallowed(eventID: "c1")?.keptIn == "discovery")
        #expect(b.deal(1).stage == "discovery")
        #expect(b.deal(1).value("budget") == "50000")
        #expect(b.deal(1).isChecked("icp.tech_stack_fits"))
        // With the meeting logged and the demo agreed on creation, every gate holds: applied as written.
        b.state.apply(Self.created("c2", "bob", stage: "proposal", number: 2, [
            ("fields", .obj([("decision_maker", "Dana"), ("budget", "50000")])),
            ("checks", .array((Self.icp.map { "icp." + slug($0) } + ["signal.demo_agreed"]).map { .string($0) })),
            ("activities", .array([.obj([("kind", "meeting"), ("text", "Discovery")])])),
        ]))
        #expect(b.state.disallowed(eventID: "c2") == nil)
        #expect(b.deal(2).stage == "proposal")
        #expect(b.deal(2).activities.first?.stage == "proposal")
    }

    @Test func replayHoldsCreationsToWhoMayForceThem() throws {
        var b = Fixture.Board()
        // A manager's line without `forced`: what older versions wrote for `add --stage` (managers
        // only). Managers may force an entry anyway, so it counts where it was made, and check notes it.
        b.state.apply(Self.created("c1", "maria", stage: "proposal"))
        #expect(b.state.disallowed(eventID: "c1") == nil)
        #expect(b.deal(1).stage == "proposal")
        #expect(b.state.notes.last?.hasPrefix("#1 (event c1) was created in Proposal by maria, a manager, past 5 unmet criteria without a recorded force") == true)
        // The same line by a rep: older versions refused it too.
        b.state.apply(Self.created("c0", "bob", stage: "proposal", number: 7))
        #expect(b.state.disallowed(eventID: "c0")?.reason.hasPrefix("created in Proposal past 5 unmet criteria without being a manager (the deal is kept, in Prospecting)") == true)
        // Forced by someone who is not a manager.
        b.state.apply(Self.created("c2", "bob", stage: "proposal", number: 2, [("forced", true), ("reason", "trust me")]))
        #expect(b.state.disallowed(eventID: "c2")?.kind == .forcedByNonManager)
        #expect(b.deal(2).stage == "prospecting")
        #expect(b.deal(2).history[0].forced == false)
        // Forced by a manager without a reason.
        b.state.apply(Self.created("c3", "maria", stage: "proposal", number: 3, [("forced", true)]))
        #expect(b.state.disallowed(eventID: "c3")?.reason.hasPrefix("created in Proposal, forced past 5 unmet criteria without a reason") == true)
        // Forced by a manager, with a reason: as `add --stage proposal --force --reason …` writes it.
        b.state.apply(Self.created("c4", "maria", stage: "proposal", number: 4, [("forced", true), ("reason", "Partner deal"), ("unmet", .array([]))]))
        #expect(b.state.disallowed(eventID: "c4") == nil)
        #expect(b.deal(4).stage == "proposal")
        #expect(b.deal(4).history[0].forced == true)
        // In a closed stage: dealboard never creates one there.
        b.state.apply(Self.created("c5", "maria", stage: "won", number: 5, [("forced", true), ("reason", "x")]))
        #expect(b.state.disallowed(eventID: "c5")?.kind == .closedDeal)
        #expect(b.deal(5).stage == "prospecting")
        // In a stage pipeline.toml no longer has: the rules it was made under are unknown.
        b.state.apply(Self.created("c6", "bob", stage: "renamed", number: 6))
        #expect(b.state.disallowed(eventID: "c6") == nil)
        #expect(b.deal(6).stage == "renamed")
        #expect(b.state.disallowed.count == 4)
    }

    @Test func withoutRulesACreationIsTakenAsWritten() throws {
        var s = BoardState()
        s.apply(Self.created("c1", "bob", stage: "negotiation"))
        #expect(s.deal(number: 1)?.stage == "negotiation")
        #expect(s.disallowed.isEmpty)
    }
}
