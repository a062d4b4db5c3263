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
        #expect(b.deal(1).amount == 12000)
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
}
