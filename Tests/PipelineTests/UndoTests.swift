import Foundation
import Testing
@testable import Pipeline

@Suite struct UndoTests {
    @Test func undoCreateRemovesTheDeal() throws {
        var b = try Fixture.boardWithDeal()
        let e = try b.run(at: Fixture.at(1)) { try $0.undo() }
        #expect(e.type == "undo")
        #expect(b.state.deal(number: 1) == nil)
        #expect(b.state.liveDeals.isEmpty)
    }

    @Test func undoEditRestoresPreviousValues() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "20000"), ("amount", "15000")]) }
        try b.run(at: Fixture.at(2)) { try $0.edit(1, assignments: [("budget", "30000")]) }
        try b.run(at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).value("budget") == "20000")
        try b.run(at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).value("budget") == "")
        #expect(b.deal(1).value("amount") == "12000")
    }

    @Test func undoCheckRestoresState() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "Company size fits") }
        #expect(b.deal(1).isChecked("icp.company_size_fits"))
        try b.run(at: Fixture.at(2)) { try $0.undo() }
        #expect(!b.deal(1).isChecked("icp.company_size_fits"))
    }

    @Test func undoReconfirmKeepsEarlierTick() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "Company size fits") }
        try b.run(at: Fixture.at(5)) { try $0.setCheck(1, label: "Company size fits") }
        try b.run(at: Fixture.at(6)) { try $0.undo() }
        #expect(b.deal(1).checks["icp.company_size_fits"] == Fixture.at(1))
    }

    @Test func undoActivityRemovesIt() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.logActivity(1, kind: "call", text: "Hello", date: nil) }
        #expect(b.deal(1).activities.count == 1)
        try b.run(at: Fixture.at(2)) { try $0.undo() }
        #expect(b.deal(1).activities.isEmpty)
    }

    @Test func undoMoveReturnsToStageAndHistory() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "r", force: true) }
        try b.run("maria", at: Fixture.at(2)) { try $0.undo() }
        #expect(b.deal(1).stage == "prospecting")
        #expect(b.deal(1).history.count == 1)
        #expect(b.deal(1).enteredStageAt == Fixture.at(0))
    }

    @Test func undoLostAndReopen() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(1)) { try $0.lost(1, reason: "Price") }
        try b.run(at: Fixture.at(2)) { try $0.reopen(1) }
        try b.run(at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).stage == "lost")
        try b.run(at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).stage == "prospecting")
    }

    @Test func undoIsPerUserAndRefusesStaleMoves() throws {
        var b = try Fixture.boardWithDeal() // created by alice
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "r", force: true) }
        try b.run("bob", at: Fixture.at(2)) { try $0.move(1, to: .back, reason: "not ready", force: false) }
        // maria's move has been superseded by bob's: undoing it would rewrite bob's decision.
        #expect(throws: CommandError.self) { try b.commands("maria", at: Fixture.at(3)).undo() }
        #expect(throws: CommandError.self) { try b.commands("nobody", at: Fixture.at(3)).undo() }
        try b.run("bob", at: Fixture.at(3)) { try $0.undo() }
        #expect(b.deal(1).stage == "qualification")
    }

    @Test func replayIgnoresDuplicateIDs() throws {
        var b = try Fixture.boardWithDeal()
        let e = try b.run(at: Fixture.at(1)) { try $0.logActivity(1, kind: "call", text: "x", date: nil) }
        #expect(b.state.apply(e) == false)
        #expect(b.deal(1).activities.count == 1)
    }

    @Test func mergedCreationsWithSameNumberAreRenumbered() {
        var s = BoardState()
        let a = Event(id: "a", timestamp: Fixture.at(0), user: "x", type: "deal.created", number: 1, data: .obj([("title", "A"), ("stage", "prospecting")]))
        let c = Event(id: "c", timestamp: Fixture.at(1), user: "y", type: "deal.created", number: 1, data: .obj([("title", "C"), ("stage", "prospecting")]))
        s.apply(a)
        s.apply(c)
        #expect(s.deal(number: 1)?.title == "A")
        #expect(s.deal(number: 2)?.title == "C")
        #expect(s.notes.count == 1)
    }

    @Test func undoNeverErasesSomeoneElsesLaterChange() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("alice", at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "50000")]) }
        try b.run("bob", at: Fixture.at(2)) { try $0.edit(1, assignments: [("budget", "70000")]) }
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(3)).undo() }
        #expect(b.deal(1).value("budget") == "70000")
        try b.run("alice", at: Fixture.at(4)) { try $0.setCheck(1, label: "Company size fits") }
        try b.run("bob", at: Fixture.at(5)) { try $0.setCheck(1, label: "Company size fits", checked: false) }
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(6)).undo() }
    }

    // MARK: Undo never takes away another user's work (issue 8, point 6)

    /// alice adds #1; bob logs a meeting on it and fills two fields.
    static func bobWorkedOnAlicesDeal() throws -> Fixture.Board {
        var b = try Fixture.boardWithDeal()
        try b.run("bob", at: Fixture.at(1)) { try $0.logActivity(1, kind: "meeting", text: "Discovery with Dana", date: nil) }
        try b.run("bob", at: Fixture.at(1.5)) { try $0.edit(1, assignments: [("budget", "50000"), ("decision_maker", "Dana Lee")]) }
        return b
    }

    @Test func undoingACreationOthersWorkedOnIsRefusedNamingWhoDidWhat() throws {
        let b = try Self.bobWorkedOnAlicesDeal()
        let expected = "cannot undo the creation of #1: bob has since logged a meeting and edited Budget, Economic buyer (2026-11-03 21:00 UTC); mark it lost or edit it instead"
        #expect(throws: CommandError.notPermitted(expected)) { try b.commands("alice", at: Fixture.at(2)).undo() }
        let block = try #require(b.commands("alice", at: Fixture.at(2)).undoBlock())
        #expect(block.deal == 1)
        #expect(block.work.map(\.user) == ["bob"])
        #expect(block.work[0].what == "logged a meeting and edited Budget, Economic buyer")
        #expect(b.state.deal(number: 1) != nil)
        #expect(b.deal(1).activities.count == 1)
    }

    @Test func everyKindOfLaterWorkIsNamedPerPerson() throws {
        var b = try Self.bobWorkedOnAlicesDeal()
        try b.run("carol", at: Fixture.at(2)) { try $0.setCheck(1, label: "Company size fits") }
        try b.run("carol", at: Fixture.at(2.1)) { try $0.setCheck(1, label: "Budget signal") }
        try b.run("carol", at: Fixture.at(2.2)) { try $0.setCheck(1, label: "Budget signal", checked: false) }
        try b.run("bob", at: Fixture.at(3)) { try $0.logActivity(1, kind: "call", text: "a", date: nil) }
        try b.run("bob", at: Fixture.at(3)) { try $0.logActivity(1, kind: "call", text: "b", date: nil) }
        try b.run("maria", at: Fixture.at(4)) { try $0.move(1, to: .next, reason: "exec ask", force: true) }
        let block = try #require(b.commands("alice", at: Fixture.at(5)).undoBlock())
        #expect(block.work.map(\.what) == [
            "logged a meeting, 2 calls and edited Budget, Economic buyer",
            "ticked Company size fits, Budget signal and unticked Budget signal",
            "moved it to Qualification",
        ])
        #expect(block.description.hasPrefix("cannot undo the creation of #1: bob has since logged a meeting, 2 calls and edited Budget, Economic buyer (2026-11-05 09:00 UTC); carol has since ticked"))
        #expect(block.description.hasSuffix("maria has since moved it to Qualification (2026-11-06 09:00 UTC); mark it lost or edit it instead"))
    }

    @Test func yourOwnLaterWorkNeverBlocksYourUndo() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("alice", at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "50000")]) }
        try b.run("alice", at: Fixture.at(2)) { try $0.logActivity(1, kind: "meeting", text: "m", date: nil) }
        #expect(b.state.laterWork(on: b.deal(1), notBy: "alice", since: nil).isEmpty)
        #expect(b.commands("alice", at: Fixture.at(3)).undoBlock() == nil)
        for _ in 0..<3 { try b.run("alice", at: Fixture.at(3)) { try $0.undo() } }
        #expect(b.state.deal(number: 1) == nil)
    }

    @Test func onceOthersUndidTheirWorkTheCreationCanBeUndone() throws {
        var b = try Self.bobWorkedOnAlicesDeal()
        try b.run("bob", at: Fixture.at(2)) { try $0.undo() } // bob's edit
        // Only what is still in force is named.
        #expect(throws: CommandError.notPermitted("cannot undo the creation of #1: bob has since logged a meeting (2026-11-03 09:00 UTC); mark it lost or edit it instead")) {
            try b.commands("alice", at: Fixture.at(2)).undo()
        }
        try b.run("bob", at: Fixture.at(2)) { try $0.undo() } // bob's meeting
        try b.run("alice", at: Fixture.at(3)) { try $0.undo() }
        #expect(b.state.deal(number: 1) == nil)
        #expect(b.state.notes.isEmpty)
    }

    @Test func aMoveOthersLoggedOnSinceIsRefused() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("bob", at: Fixture.at(0.5)) { try $0.logActivity(1, kind: "call", text: "before the move", date: nil) }
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .next, reason: "r", force: true) }
        // Work done before the move is not taken away by undoing it.
        #expect(b.commands("maria", at: Fixture.at(1.5)).undoBlock() == nil)
        try b.run("bob", at: Fixture.at(2)) { try $0.edit(1, assignments: [("decision_maker", "Dana")]) }
        #expect(throws: CommandError.notPermitted("cannot undo your move of #1 (Prospecting → Qualification): bob has since edited Economic buyer (2026-11-04 09:00 UTC); move it yourself instead")) {
            try b.commands("maria", at: Fixture.at(3)).undo()
        }
        #expect(b.deal(1).stage == "qualification")
    }

    @Test func anEditOthersBuiltOnIsRefusedEvenForOtherFields() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("alice", at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "50000")]) }
        try b.run("bob", at: Fixture.at(2)) { try $0.setCheck(1, label: "Budget signal") }
        #expect(throws: CommandError.notPermitted("cannot undo your edit of #1 (Budget): bob has since ticked Budget signal (2026-11-04 09:00 UTC); edit it yourself instead")) {
            try b.commands("alice", at: Fixture.at(3)).undo()
        }
        #expect(b.deal(1).value("budget") == "50000")
    }

    @Test func anActivityOthersWorkedAfterIsRefused() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("alice", at: Fixture.at(1)) { try $0.logActivity(1, kind: "meeting", text: "m", date: nil) }
        try b.run("bob", at: Fixture.at(2)) { try $0.logActivity(1, kind: "note", text: "n", date: nil) }
        #expect(throws: CommandError.notPermitted("cannot undo your meeting on #1: bob has since logged a note (2026-11-04 09:00 UTC); log a note that corrects it instead")) {
            try b.commands("alice", at: Fixture.at(3)).undo()
        }
    }

    /// Merged journals (git): alice undid the creation on her machine while bob worked on #1 on
    /// his. Replay never hides bob's work in a deal nobody sees.
    @Test func mergedJournalsNeverHideOthersWorkInAnUndoneDeal() throws {
        let b = try Fixture.boardWithDeal()
        let undo = try b.commands("alice", at: Fixture.at(2)).undo().stamped(id: "undo1", timestamp: Fixture.at(2), user: "alice")
        // bob's meeting came first (in time): the undo is not applied.
        var before = b
        try before.run("bob", at: Fixture.at(1)) { try $0.logActivity(1, kind: "meeting", text: "m", date: nil) }
        #expect(before.state.apply(undo) == false)
        #expect(before.state.deal(number: 1)?.activities.count == 1)
        #expect(before.state.notes == ["alice's undo of the creation of #1 (event undo1) was not applied: bob worked on it meanwhile (merged journals)"])
        // bob's meeting came after the undo: the deal comes back with it.
        var after = b
        after.state.apply(undo)
        #expect(after.state.deal(number: 1) == nil)
        after.state.apply(Event(id: "bob1", timestamp: Fixture.at(3), user: "bob", type: EventType.activityLogged, deal: b.deal(1).uid, number: 1,
                                data: .obj([("kind", "meeting"), ("text", "m")])))
        #expect(after.state.deal(number: 1)?.activities.count == 1)
        #expect(after.state.liveDeals.count == 1)
        #expect(after.state.notes == ["#1 is back on the board: bob changed it (activity.logged, event bob1) after its creation was undone (merged journals)"])
    }

    /// Work that has left its author's undo history (200+ changes ago) still blocks; it is
    /// counted instead of named, since the fold keeps only who, which deal and when.
    @Test func oldWorkStillBlocksAndIsCounted() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("bob", at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "50000")]) }
        try b.run("bob", at: Fixture.at(1)) { try $0.setCheck(1, label: "Budget signal") }
        try b.run("bob", at: Fixture.at(2)) { try $0.create(title: "Other", company: "", amount: "", owner: nil, stage: nil) }
        for k in 0..<(2 * BoardState.undoDepth) {
            try b.run("bob", at: Fixture.at(2)) { try $0.edit(2, assignments: [("decision_maker", "n\(k)")]) }
        }
        #expect(b.state.undoStacks["bob"]!.contains { $0.deal == b.deal(1).uid } == false)
        try b.run("bob", at: Fixture.at(3)) { try $0.setCheck(1, label: "Company size fits") }
        #expect(throws: CommandError.notPermitted("cannot undo the creation of #1: bob has since edited it, ticked Company size fits and ticked or unticked 1 more check (2026-11-05 09:00 UTC); mark it lost or edit it instead")) {
            try b.commands("alice", at: Fixture.at(4)).undo()
        }
    }
}
