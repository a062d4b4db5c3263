import Foundation
import Testing
import Pipeline
import Store

/// `dealboard undo` never takes away another user's work: the owner adds #1, bob — another
/// real Unix user in the board's group — logs a meeting on it and fills two fields, and the
/// owner's undo is refused with exit status 1, naming bob and what.
@Suite struct UndoGuardCLITests {
    @Test func undoOfACreationBobWorkedOnIsRefusedWithExitStatusOne() throws {
        if RealUsers.skip("undoOfACreationBobWorkedOnIsRefusedWithExitStatusOne") { return }
        let cli = try CLI.forTeam()
        defer { cli.cleanUp() }
        let (maria, bob) = (RealUsers.owner, RealUsers.colleague)
        #expect(try cli.run(as: maria, "init", "--template", "b2b", "--shared", RealUsers.group).status == 0)
        #expect(try cli.run(as: maria, "add", "Acme renewal", "--company", "Acme").out == "1\n")
        #expect(try cli.run(as: bob, "log", "1", "meeting", "Discovery with Dana", now: "2026-11-02T10:01:00Z").status == 0)
        #expect(try cli.run(as: bob, "edit", "1", "budget=50000", "decision_maker=Dana Lee", now: "2026-11-02T10:02:00Z").status == 0)
        let lines = cli.journalLines().count

        let refused = try cli.run(as: maria, "undo", now: "2026-11-02T10:05:00Z")
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err == "dealboard: cannot undo the creation of #1: \(bob) has since logged a meeting and edited Budget range, Economic buyer (2026-11-02 10:02 UTC); mark it lost or edit it instead\n")
        #expect(cli.journalLines().count == lines)                 // nothing written
        #expect(try cli.run(as: maria, "show", "1").status == 0)

        // Once bob has undone his own work, nothing of his is in the way.
        #expect(try cli.run(as: bob, "undo", now: "2026-11-02T10:03:00Z").status == 0)
        let stillRefused = try cli.run(as: maria, "undo", now: "2026-11-02T10:05:00Z")
        #expect(stillRefused.status == 1)
        #expect(stillRefused.err.contains("\(bob) has since logged a meeting (2026-11-02 10:01 UTC)"))
        #expect(try cli.run(as: bob, "undo", now: "2026-11-02T10:04:00Z").status == 0)
        let undone = try cli.run(as: maria, "undo", now: "2026-11-02T10:06:00Z")
        #expect(undone.status == 0, "\(undone.err)")
        #expect(undone.out == "undid the creation of #1 (Acme renewal): removed from the board\n")
        #expect(try cli.run(as: maria, "show", "1").status == 2)
    }
}
