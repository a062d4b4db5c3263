import Foundation
import Testing
@testable import Pipeline

/// Imported events in the fold: `at` is when it happened (creation, stage entry, close), the
/// timestamp when it was written; a manager's import goes past the gates, a colleague's does
/// not; all the events of one import are one undo step, taken back by one undo event.
@Suite struct ImportedEventTests {
    static let source = ImportSource(format: "pipedrive", file: "deals.csv", row: 2, record: "101", batch: "b1")

    func events(user: String, written: Date) -> [Event] {
        var created = DealCreated(title: "Acme", company: "Acme", amount: "12000", owner: "maria", stage: "prospecting")
        created.at = Fixture.at(-60)
        created.imported = Self.source
        var move = DealMoved(from: "prospecting", to: "proposal", move: .forward, reason: nil, forced: false, unmet: [])
        move.at = Fixture.at(-20)
        move.imported = Self.source
        var won = DealMoved(from: "proposal", to: "won", move: .won, reason: nil, forced: false, unmet: [])
        won.at = Fixture.at(-5)
        won.imported = Self.source
        return [Event(id: "d1", timestamp: written, user: user, number: 1, payload: .dealCreated(created)),
                Event(id: "m1", timestamp: written, user: user, deal: "d1", number: 1, payload: .dealMoved(move)),
                Event(id: "m2", timestamp: written, user: user, deal: "d1", number: 1, payload: .dealMoved(won))]
    }

    func fold(_ events: [Event]) -> BoardState {
        var s = BoardState()
        s.rules = Fixture.pipeline
        for e in events { s.apply(e) }
        return s
    }

    @Test func aManagersImportKeepsTheCRMsTimesAndGoesPastTheGates() throws {
        let s = fold(events(user: "maria", written: Fixture.at(0)))
        let d = try #require(s.deal(number: 1))
        #expect(s.disallowed.isEmpty)
        #expect(d.stage == "won")
        #expect(d.createdAt == Fixture.at(-60))
        #expect(d.history.map(\.enteredAt) == [Fixture.at(-60), Fixture.at(-20), Fixture.at(-5)])
        #expect(d.history.allSatisfy { $0.imported == "imported from pipedrive, row 2" })
        #expect(s.lastTimestamp == Fixture.at(0)) // the time of writing orders the journal
    }

    @Test func aColleaguesImportIsHeldToTheGates() throws {
        let s = fold(events(user: "bob", written: Fixture.at(0)))
        #expect(s.deal(number: 1)?.stage == "prospecting")
        #expect(s.disallowed.map(\.kind) == [.unmetCriteria, .wrongStage])
        #expect(s.disallowed.first?.reason.hasPrefix("imported past 6 unmet criteria by bob, who is not a manager (") == true, "\(s.disallowed)")
    }

    @Test func withoutAtAnEventCountsAtItsTimestampAsBefore() throws {
        var created = DealCreated(title: "Acme", company: "", amount: "", owner: "maria", stage: "prospecting")
        created.imported = nil
        let s = fold([Event(id: "d1", timestamp: Fixture.at(0), user: "maria", number: 1, payload: .dealCreated(created))])
        #expect(s.deal(number: 1)?.createdAt == Fixture.at(0))
        #expect(s.undoStacks["maria"]?.map(\.type) == [EventType.dealCreated])
    }

    @Test func anImportIsOneUndoStepUndoneByOneEvent() throws {
        var b = Fixture.Board()
        try b.run("maria", at: Fixture.at(-1)) { try $0.create(title: "Before", company: "", amount: "", owner: "maria", stage: nil) }
        for e in events(user: "maria", written: Fixture.at(0)).map({ e -> Event in
            var e = e
            e.number = 2
            return e
        }) { b.state.apply(e) }
        #expect(b.state.undoStacks["maria"]?.map(\.type) == [EventType.dealCreated, EventType.importBatch])
        #expect(b.state.undoStacks["maria"]?.last?.parts.count == 3)
        let undo = try b.run("maria", at: Fixture.at(1)) { try $0.undo() }
        #expect(undo.undo?.summary == "undo import of deals.csv: 1 deal")
        #expect(undo.undo?.parts?.map(\.targetType) == [EventType.dealCreated])
        #expect(b.state.deal(number: 2) == nil)
        #expect(b.state.deal(number: 1) != nil)
        #expect(b.state.undoStacks["maria"]?.map(\.type) == [EventType.dealCreated])
    }
}
