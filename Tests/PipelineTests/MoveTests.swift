import Foundation
import Testing
@testable import Pipeline

@Suite struct MoveTests {
    @Test func refusedMoveListsEveryUnmetCriterion() throws {
        let b = try Fixture.boardWithDeal()
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).move(1, to: .next, reason: nil, force: false)
            Issue.record("move should be refused")
        } catch CommandError.refused(let refusal) {
            #expect(refusal.lines == ["✗ Fits the ICP (4 of 5) (checklist: icp, at least 4)"])
            #expect(refusal.description.contains("\n    → tick 4 more of ICP (0 of 5 ticked, 4 needed): Company size fits, "))
        }
    }

    @Test func skippingStagesChecksEveryStageLeft() throws {
        var b = try Fixture.boardWithDeal()
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: label) }
        }
        // Prospecting's gate holds, but jumping to Proposal also leaves Qualification and Discovery.
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).move(1, to: .stage("proposal"), reason: nil, force: false)
            Issue.record("skip should be refused")
        } catch CommandError.refused(let refusal) {
            #expect(refusal.unmet.map(\.label) == ["Economic buyer named", "Budget at least 10k", "Discovery meeting held", "Buyer agreed to a demo"])
            #expect(Set(refusal.unmet.map(\.stage)) == ["qualification", "discovery"])
        }
        // Won from Prospecting checks every remaining open stage.
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).won(1, reason: nil, force: false)
            Issue.record("won should be refused")
        } catch CommandError.refused(let refusal) {
            #expect(refusal.unmet.count == 6)
        }
        // One stage forward is fine.
        try b.run(at: Fixture.at(2)) { try $0.move(1, to: .next, reason: nil, force: false) }
        #expect(b.deal(1).stage == "qualification")
        #expect(b.deal(1).history.map(\.stage) == ["prospecting", "qualification"])
        #expect(b.deal(1).daysInStage(now: Fixture.at(5), in: .utc) == 3)
    }

    @Test func criteriaMetMovesThroughToWon() throws {
        var b = try Fixture.boardWithDeal()
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: label) }
        }
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("decision_maker", "Dana"), ("budget", "50000"), ("review_by", "2026-11-20"), ("written", "yes")]) }
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "Buyer agreed to a demo") }
        try b.run(at: Fixture.at(1)) { try $0.move(1, to: .next, reason: nil, force: false) }
        try b.run(at: Fixture.at(1)) { try $0.move(1, to: .next, reason: nil, force: false) }
        try b.run(at: Fixture.at(2)) { try $0.logActivity(1, kind: "meeting", text: "Discovery", date: nil) }
        try b.run(at: Fixture.at(3)) { try $0.won(1, reason: nil, force: false) } // leaves discovery, proposal, negotiation
        #expect(b.deal(1).stage == "won")
        #expect(b.deal(1).history.last?.move == .won)
        try b.run(at: Fixture.at(4)) { try $0.reopen(1) }
        #expect(b.deal(1).stage == "discovery")
    }

    @Test func backMoveNeedsReason() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "setup", force: true) }
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(2)).move(1, to: .back, reason: nil, force: false) }
        try b.run(at: Fixture.at(2)) { try $0.move(1, to: .back, reason: "Budget frozen", force: false) }
        #expect(b.deal(1).stage == "prospecting")
        #expect(b.deal(1).history.last?.reason == "Budget frozen")
        #expect(b.deal(1).history.last?.move == .back)
    }

    @Test func forcedMoveByManagerIsRecorded() throws {
        var b = try Fixture.boardWithDeal()
        #expect(throws: CommandError.self) { try b.commands("maria", at: Fixture.at(1)).move(1, to: .next, reason: nil, force: true) } // needs a reason
        let e = try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "Strategic account", force: true) }
        #expect(e.moved?.forced == true)
        #expect(e.moved?.unmet == ["Fits the ICP (4 of 5)"])
        #expect(b.deal(1).history.last?.forced == true)
        #expect(b.deal(1).history.last?.unmet == ["Fits the ICP (4 of 5)"])
    }

    @Test func forcedMoveByNonManagerIsRefused() throws {
        let b = try Fixture.boardWithDeal()
        do {
            _ = try b.commands("alice", at: Fixture.at(1)).move(1, to: .next, reason: "Please", force: true)
            Issue.record("non-manager force should be refused")
        } catch CommandError.notPermitted(let message) {
            #expect(message.contains("maria"))
            #expect(message.contains("alice is not one"))
        }
        #expect(b.deal(1).stage == "prospecting")
    }

    @Test func lostNeedsReasonFromList() throws {
        var b = try Fixture.boardWithDeal()
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).lost(1, reason: "") }
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).lost(1, reason: "Bad vibes") }
        try b.run(at: Fixture.at(1)) { try $0.lost(1, reason: "price") }
        #expect(b.deal(1).stage == "lost")
        #expect(b.deal(1).history.last?.reason == "Price")
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).move(1, to: .next, reason: nil, force: false) }
        try b.run(at: Fixture.at(2)) { try $0.reopen(1) }
        #expect(b.deal(1).stage == "prospecting")
    }

    @Test func unknownDealAndStage() throws {
        let b = try Fixture.boardWithDeal()
        let c = b.commands("alice", at: Fixture.at(1))
        #expect(throws: CommandError.noSuchDeal(9)) { try c.move(9, to: .next, reason: nil, force: false) }
        #expect(throws: CommandError.self) { try c.move(1, to: .stage("nowhere"), reason: nil, force: false) }
        #expect(throws: CommandError.self) { try c.move(1, to: .stage("prospecting"), reason: nil, force: false) }
    }

    @Test func creatingPastTheFirstStagePassesItsGatesOrIsAManagersForcedEntry() throws {
        var b = Fixture.Board()
        for user in ["alice", "maria"] {
            #expect(throws: CommandError.self) {
                try b.commands(user, at: Fixture.at(0)).create(title: "A", company: "", amount: "", owner: nil, stage: "proposal")
            }
        }
        try b.run("maria", at: Fixture.at(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: "proposal", force: true, reason: "Imported") }
        #expect(b.deal(1).stage == "proposal")
    }

    @Test func dealInAStageThePipelineNoLongerHasCannotBeWon() throws {
        var b = Fixture.Board()
        b.state.apply(Event(id: "x1", timestamp: Fixture.at(0), user: "alice", type: "deal.created", number: 1,
                            data: .obj([("title", "Ghost"), ("stage", "renamed_stage")])))
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).won(1, reason: nil, force: false) }
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).move(1, to: .next, reason: nil, force: false) }
    }
}
