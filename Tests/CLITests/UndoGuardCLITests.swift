import Foundation
import Testing
import Pipeline
import Store

/// `dealboard undo` never takes away another user's work: the OS user adds #1 with the real
/// binary, "bob" (a second writer on the same board, in this process) logs a meeting on it and
/// fills two fields, and the binary's undo is refused with exit status 1, naming bob and what.
@Suite struct UndoGuardCLITests {
    @Test func undoOfACreationBobWorkedOnIsRefusedWithExitStatusOne() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init", "--template", "b2b").status == 0)
        #expect(try cli.run("add", "Acme renewal", "--company", "Acme").out == "1\n")
        let bob = try BoardStore(folder: cli.board, user: "bob")
        let tenOhTwo = Timestamp.parse("2026-11-02T10:02:00Z")!
        try bob.perform(now: tenOhTwo.addingTimeInterval(-60)) { try $0.logActivity(1, kind: "meeting", text: "Discovery with Dana", date: nil) }
        try bob.perform(now: tenOhTwo) { try $0.edit(1, assignments: [("budget", "50000"), ("decision_maker", "Dana Lee")]) }
        let lines = cli.journalLines().count

        let refused = try cli.run("undo", now: "2026-11-02T10:05:00Z")
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err == "dealboard: cannot undo the creation of #1: bob has since logged a meeting and edited Budget range, Economic buyer (2026-11-02 10:02); mark it lost or edit it instead\n")
        #expect(cli.journalLines().count == lines)                 // nothing written
        #expect(try cli.run("show", "1").status == 0)

        // Once bob has undone his own work, nothing of his is in the way.
        try bob.perform(now: tenOhTwo) { try $0.undo() }
        let stillRefused = try cli.run("undo", now: "2026-11-02T10:05:00Z")
        #expect(stillRefused.status == 1)
        #expect(stillRefused.err.contains("bob has since logged a meeting (2026-11-02 10:01)"))
        try bob.perform(now: tenOhTwo) { try $0.undo() }
        let undone = try cli.run("undo", now: "2026-11-02T10:06:00Z")
        #expect(undone.status == 0)
        #expect(undone.out == "undo creation of #1\n")
        #expect(try cli.run("show", "1").status == 2)
    }
}
