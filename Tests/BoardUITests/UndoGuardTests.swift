import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// `u` never takes away someone else's work: alice adds #1, bob logs a meeting on it and fills
/// two fields, alice presses u. Nothing is undone; a box says who did what.
@Suite struct UndoGuardTests {
    static let tenOhTwo = Timestamp.parse("2026-11-23T10:02:00Z")!

    func board(width: Int, height: Int) throws -> (BoardHarness, BoardStore) {
        let h = try BoardHarness(width: width, height: height, deals: [("Acme renewal", "Acme", "12000")])
        let bob = try BoardStore(folder: h.folder, user: "bob")
        try bob.perform(now: Self.tenOhTwo.addingTimeInterval(-60)) { try $0.logActivity(1, kind: "meeting", text: "Discovery with Dana", date: nil) }
        try bob.perform(now: Self.tenOhTwo) { try $0.edit(1, assignments: [("budget", "50000"), ("decision_maker", "Dana Lee")]) }
        return (h, bob)
    }

    @Test func undoOfACreationOthersWorkedOnIsRefusedAndSaysWhoDidWhat() throws {
        let (h, _) = try board(width: 120, height: 40)
        let before = try h.store.events().count
        h.press(.char("u"))
        #expect(try h.store.events().count == before)          // nothing written
        #expect(h.store.state.deal(number: 1)?.activities.count == 1)
        let text = h.text
        #expect(text.contains("Cannot undo the creation of #1"))
        #expect(text.contains("Others have worked on #1 since; undo never takes their work away:"))
        #expect(text.contains("• bob has since logged a meeting and edited Budget range, Economic buyer (2026-11-23 10:02 UTC)"))
        #expect(text.contains("Mark it lost or edit it instead."))
        #expect(h.app.status == "not undone: bob worked on #1 since")
        #expect(h.app.statusIsError)
        h.press(.escape)
        #expect(!h.text.contains("Cannot undo"))
        #expect(h.text.contains("not undone: bob worked on #1 since"))
        #expect(h.text.contains("Acme renewal"))
    }

    @Test func theBoxFitsAnEightyColumnTerminal() throws {
        let (h, _) = try board(width: 80, height: 24)
        h.press(.char("u"))
        let text = h.text
        #expect(text.contains("Cannot undo the creation of #1"))
        #expect(text.contains("• bob has since logged a meeting and edited Budget range, Economic buyer"))   // wrapped, not cut
        #expect(text.contains("│   (2026-11-23 10:02 UTC)"))
        #expect(text.contains("not undone: bob worked on #1 since"))
        // The smallest board still draws it, clipped, and the status line says it in short.
        h.width = 40
        h.height = 10
        #expect(h.text.contains("Cannot undo the creation of #1"))
        #expect(h.text.contains("Enter or Esc: close"))
        h.press(.enter)
        #expect(!h.text.contains("Cannot undo"))
    }

    @Test func onceBobUndidHisWorkTheCreationIsUndone() throws {
        let (h, bob) = try board(width: 120, height: 40)
        try bob.perform(now: Self.tenOhTwo) { try $0.undo() }
        try bob.perform(now: Self.tenOhTwo) { try $0.undo() }
        h.press(.char("u"))
        #expect(h.app.status == "undid the creation of #1 (Acme renewal): removed from the board")
        #expect(h.store.state.deal(number: 1) == nil)
        #expect(!h.text.split(separator: "\n").dropLast().joined().contains("Acme renewal"))
    }
}
