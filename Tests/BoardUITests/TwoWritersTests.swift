import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// Two people on one board: nobody's board moves a deal twice, moves one its user did not ask
/// to move, or writes over a change it has not seen.
@Suite struct TwoWritersTests {
    /// A board with #1 in Demo, where only "buyer asked about pricing" is missing to move on.
    func board() throws -> (BoardHarness, BoardStore) {
        let h = try BoardHarness(width: 120, height: 40, manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Acme renewal", company: "Acme", amount: "12000", owner: nil, stage: "demo", force: true, reason: "fixture") }
        _ = h.app.tick()
        h.app.select(number: 1)
        return (h, try BoardStore(folder: h.folder, user: "bob"))
    }

    @Test func aDealMovedMeanwhileIsNotMovedAgain() throws {
        let (h, bob) = try board()
        try bob.perform(now: BoardHarness.now) { try $0.setCheck(1, label: "Buyer asked about pricing or implementation") }
        try bob.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: nil, force: false) }
        // Alice's board has not ticked yet: she still sees #1 in Demo and presses >.
        h.press(.char(">"))
        #expect(h.store.state.deal(number: 1)?.stage == "proposal")   // moved once, by bob
        #expect(h.app.status.contains("was moved to Proposal by bob meanwhile; nothing was moved"))
    }

    @Test func aPanelWaitsWhenSomeoneElseMeetsTheLastCriterion() throws {
        let (h, bob) = try board()
        h.press(.char(">"))
        #expect(h.text.contains("#1 cannot move to Proposal yet"))
        try bob.perform(now: BoardHarness.now) { try $0.setCheck(1, label: "Buyer asked about pricing or implementation") }
        #expect(h.app.tick())
        #expect(h.store.state.deal(number: 1)?.stage == "demo")       // not moved on bob's tick
        #expect(h.text.contains("every criterion is met now — Enter moves #1 to Proposal"))
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.stage == "proposal")
        let move = try #require(h.store.events().last)
        #expect(move.user == "alice")
    }

    @Test func anEditDoesNotWriteOverAChangeItHasNotSeen() throws {
        let (h, bob) = try board()
        h.press(.char("e"))
        try bob.perform(now: BoardHarness.now) { try $0.edit(1, assignments: [("amount", "20k")]) }
        h.press(.tab, .tab, .ctrl("u"))               // Amount
        h.type("30k")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("amount") == "20000")
        #expect(h.text.contains("Enter again saves yours; changed meanwhile: Amount → \"20,000\""))
        h.press(.enter)                                // again: hers over his, knowingly
        #expect(h.store.state.deal(number: 1)?.value("amount") == "30000")
    }
}
