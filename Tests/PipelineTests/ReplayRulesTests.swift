import Foundation
import Testing
@testable import Pipeline

/// Rules hold at replay, not only at the keyboard (issue 8, point 3): a journal line its author
/// could not have made through dealboard — hand-appended to their own journal — is not applied,
/// and is listed with why.
@Suite struct ReplayRulesTests {
    /// A line as someone could append it by hand: any type, any data, their own name.
    static func forged(_ id: String, _ user: String, at days: Double, type: String = EventType.dealMoved, deal: String? = "ev000001",
                       number: Int? = 1, _ data: [(String, JSONValue?)]) -> Event {
        Event(id: id, timestamp: Fixture.at(days), user: user, type: type, deal: deal, number: number, data: .obj(data))
    }

    static let toWon: [(String, JSONValue?)] = [("from", "prospecting"), ("to", "won"), ("move", "won")]
    static let allUnmet = ["Fits the ICP (4 of 5)", "Economic buyer named", "Budget at least 10k", "Discovery meeting held",
                           "Buyer agreed to a demo", "Review-by date within 30 days", "Agreed in writing"]

    @Test func aHandMadeWonPastEveryCriterionByANonManagerIsNotAppliedAndIsListed() throws {
        var b = try Fixture.boardWithDeal()
        let forged = Self.forged("forged1", "bob", at: 1, Self.toWon)
        #expect(b.state.apply(forged) == false)
        // The deal stays where it legitimately was: no Won, no stay in Won, nothing for bob to undo.
        #expect(b.deal(1).stage == "prospecting")
        #expect(b.deal(1).history.map(\.stage) == ["prospecting"])
        #expect(b.state.undoStacks["bob"] == nil)
        let d = try #require(b.state.disallowed(eventID: "forged1"))
        #expect(b.state.disallowed == [d])
        #expect(d.kind == .unmetCriteria)
        #expect(d.user == "bob")
        #expect(d.number == 1)
        #expect(d.unmet == Self.allUnmet)
        #expect(d.reason == "moved past 7 unmet criteria without being a manager: " + Self.allUnmet.joined(separator: "; "))
        #expect(d.description.hasPrefix("bob's deal.moved of #1 (event forged1, 2026-11-03T09:00:00.000Z) was not applied: moved past 7 unmet"))
        // The forged line leaves no trace in what comes after: a real move still starts from Prospecting.
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try b.run(at: Fixture.at(2)) { try $0.setCheck(1, label: label) }
        }
        try b.run(at: Fixture.at(2)) { try $0.move(1, to: .next, reason: nil, force: false) }
        #expect(b.deal(1).stage == "qualification")
    }

    @Test func aManagersMoveWithoutForceIsHeldToTheCriteriaToo() throws {
        var b = try Fixture.boardWithDeal()
        // maria could have forced it — with --force and a reason, which the line would record.
        #expect(b.state.apply(Self.forged("m1", "maria", at: 1, Self.toWon)) == false)
        #expect(b.deal(1).stage == "prospecting")
        let d = try #require(b.state.disallowed(eventID: "m1"))
        #expect(d.kind == .unmetCriteria)
        #expect(d.reason.hasPrefix("moved past 7 unmet criteria without forcing it (a manager's forced move records --force and a reason): "))
        // Forced without a reason is not what dealboard writes either.
        #expect(b.state.apply(Self.forged("m2", "maria", at: 1, Self.toWon + [("forced", true)])) == false)
        #expect(b.state.disallowed(eventID: "m2")?.reason.hasPrefix("forced past 7 unmet criteria without a reason") == true)
        // Forced, with a reason: as `dealboard won 1 --force --reason …` writes it.
        #expect(b.state.apply(Self.forged("m3", "maria", at: 1, Self.toWon + [("reason", "CEO deal"), ("forced", true), ("unmet", .array([]))])) == true)
        #expect(b.deal(1).stage == "won")
        #expect(b.deal(1).history.last?.forced == true)
        #expect(b.state.disallowed.count == 2)
    }

    @Test func aForcedMoveByANonManagerIsNotApplied() throws {
        var b = try Fixture.boardWithDeal()
        let e = Self.forged("f1", "bob", at: 1, [("from", "prospecting"), ("to", "qualification"), ("move", "forward"),
                                                  ("reason", "trust me"), ("forced", true), ("unmet", .array(["Fits the ICP (4 of 5)"]))])
        #expect(b.state.apply(e) == false)
        #expect(b.deal(1).stage == "prospecting")
        let d = try #require(b.state.disallowed(eventID: "f1"))
        #expect(d.kind == .forcedByNonManager)
        #expect(d.reason == "forced by bob, who is not a manager (managers: maria): Fits the ICP (4 of 5)")
    }

    @Test func aMoveFromAStageTheDealWasNotInIsNotApplied() throws {
        var b = try Fixture.boardWithDeal()
        // Claims Discovery → Proposal (whose gates the deal never had to pass) while it is in Prospecting.
        let e = Self.forged("w1", "alice", at: 1, [("from", "discovery"), ("to", "proposal"), ("move", "forward")])
        #expect(b.state.apply(e) == false)
        #expect(b.deal(1).stage == "prospecting")
        #expect(b.state.disallowed(eventID: "w1")?.kind == .wrongStage)
        #expect(b.state.disallowed(eventID: "w1")?.reason == "moved from Discovery, but #1 was in Prospecting")
        // A move to the stage it is in (which would restart its days in stage), and one without a from.
        #expect(b.state.apply(Self.forged("w2", "alice", at: 1, [("from", "prospecting"), ("to", "prospecting")])) == false)
        #expect(b.state.disallowed(eventID: "w2")?.reason == "moved to Prospecting, where #1 already was")
        #expect(b.state.apply(Self.forged("w3", "alice", at: 1, [("to", "qualification")])) == false)
        #expect(b.deal(1).history.count == 1)
        // Without rules (no pipeline at hand) the from stage still has to be the deal's.
        var bare = BoardState()
        bare.apply(Event(id: "ev000001", timestamp: Fixture.at(0), user: "alice", type: EventType.dealCreated, number: 1,
                         data: .obj([("title", "Acme"), ("stage", "prospecting")])))
        #expect(bare.apply(e) == false)
        #expect(bare.disallowed.map(\.kind) == [.wrongStage])
    }

    @Test func changesToADealThatDoesNotExistAreListed() throws {
        var b = try Fixture.boardWithDeal()
        let none: String? = "nosuchdeal"
        let events = [
            Self.forged("n1", "bob", at: 1, type: EventType.dealEdited, deal: none, number: 9, [("set", .obj([("title", "x")]))]),
            Self.forged("n2", "bob", at: 1, type: EventType.checkSet, deal: none, number: 9, [("check", "icp.budget_signal"), ("checked", true)]),
            Self.forged("n3", "bob", at: 1, type: EventType.activityLogged, deal: none, number: 9, [("kind", "call"), ("text", "x")]),
            Self.forged("n4", "bob", at: 1, deal: none, number: 9, Self.toWon),
            Self.forged("n5", "bob", at: 1, type: EventType.undo, deal: none, number: 9, [("target", "n1"), ("target_type", .string(EventType.dealEdited))]),
        ]
        for e in events { #expect(b.state.apply(e) == false) }
        #expect(b.state.disallowed.map(\.kind) == Array(repeating: .noSuchDeal, count: 5))
        #expect(b.state.disallowed[0].reason == "#9 does not exist (deal id nosuchdeal)")
        #expect(b.state.disallowed[0].number == 9)
        #expect(b.state.notes.isEmpty)
        #expect(b.state.liveDeals.count == 1)
    }

    @Test func closedDealsMoveOnlyByReopeningAndLostNeedsAReason() throws {
        var b = try Fixture.boardWithDeal()
        #expect(b.state.apply(Self.forged("l0", "bob", at: 1, [("from", "prospecting"), ("to", "lost"), ("move", "lost")])) == false)
        #expect(b.state.disallowed(eventID: "l0")?.kind == .noLossReason)
        try b.run("bob", at: Fixture.at(1)) { try $0.lost(1, reason: "price") }
        // Lost → Won straight away, and a reopen into another stage than the one it closed from.
        #expect(b.state.apply(Self.forged("l1", "bob", at: 2, [("from", "lost"), ("to", "won"), ("move", "won")])) == false)
        #expect(b.state.apply(Self.forged("l2", "bob", at: 2, [("from", "lost"), ("to", "negotiation"), ("move", "reopen")])) == false)
        #expect(b.state.disallowed(eventID: "l2")?.reason == "moved a lost deal to Negotiation; it can only be reopened, into Prospecting")
        #expect(b.state.apply(Self.forged("l3", "bob", at: 2, [("from", "lost"), ("to", "lost"), ("move", "lost"), ("reason", "Price")])) == false)
        #expect(b.deal(1).stage == "lost")
        try b.run("bob", at: Fixture.at(3)) { try $0.reopen(1) }
        #expect(b.deal(1).stage == "prospecting")
    }

    @Test func anUndoOfSomeoneElsesMoveIsNotApplied() throws {
        var b = try Fixture.boardWithDeal()
        let move = try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "exec ask", force: true) }
        let undo = Self.forged("u1", "bob", at: 2, type: EventType.undo, [("target", .string(move.id)), ("target_type", .string(EventType.dealMoved)), ("stage", "prospecting")])
        #expect(b.state.apply(undo) == false)
        #expect(b.deal(1).stage == "qualification")
        #expect(b.state.disallowed(eventID: "u1")?.kind == .notTheirs)
        // Nor of someone else's creation.
        let uncreate = Self.forged("u2", "bob", at: 2, type: EventType.undo, [("target", "ev000001"), ("target_type", .string(EventType.dealCreated))])
        #expect(b.state.apply(uncreate) == false)
        #expect(b.state.deal(number: 1) != nil)
        // maria's own undo is fine.
        try b.run("maria", at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).stage == "prospecting")
    }

    /// Everything dealboard itself writes replays untouched (`Fixture.Board.run` records any
    /// refusal as a failure): one stage and several at once, a manager's force, back with a
    /// reason, lost with a code, reopen, undo of a move, won, and a deal quiet long enough to
    /// need re-qualification.
    @Test func legitimateMovesAreNeverFlagged() throws {
        var b = try Fixture.boardWithDeal()
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: label) }
        }
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("decision_maker", "Dana"), ("budget", "50000")]) }
        try b.run(at: Fixture.at(1)) { try $0.move(1, to: .stage("discovery"), reason: nil, force: false) } // skips Qualification
        try b.run("maria", at: Fixture.at(2)) { try $0.move(1, to: .next, reason: "exec sponsor", force: true) }
        try b.run("maria", at: Fixture.at(2.5)) { try $0.undo() }
        try b.run("maria", at: Fixture.at(3)) { try $0.move(1, to: .next, reason: "exec sponsor", force: true) }
        try b.run(at: Fixture.at(4)) { try $0.move(1, to: .back, reason: "buyer paused", force: false) }
        try b.run(at: Fixture.at(5)) { try $0.lost(1, reason: "No decision") }
        try b.run(at: Fixture.at(6)) { try $0.reopen(1) }
        try b.run(at: Fixture.at(7)) { try $0.logActivity(1, kind: "meeting", text: "Discovery", date: nil) }
        try b.run(at: Fixture.at(7)) { try $0.setCheck(1, label: "Buyer agreed to a demo") }
        try b.run(at: Fixture.at(7)) { try $0.edit(1, assignments: [("review_by", "2026-11-20"), ("written", "yes")]) }
        try b.run(at: Fixture.at(8)) { try $0.won(1, reason: nil, force: false) }
        try b.run(at: Fixture.at(9)) { try $0.reopen(1) }
        #expect(b.deal(1).stage == "discovery")
        // Quiet for 60 days: re-qualified (BANT ticked again) before it may move on.
        try b.run(at: Fixture.at(70)) { try $0.edit(1, assignments: [("review_by", "2027-01-20")]) }
        for label in ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"] {
            try b.run(at: Fixture.at(70)) { try $0.setCheck(1, label: label) }
        }
        try b.run(at: Fixture.at(70)) { try $0.won(1, reason: nil, force: false) }
        #expect(b.deal(1).stage == "won")
        #expect(b.state.disallowed.isEmpty)
    }
}
