import Foundation
import Testing
import Pipeline
@testable import Store

/// What a shared board meets in practice: writers whose clocks disagree, and a pipeline.toml
/// edited under the deals.
@Suite struct ClockAndStageDriftTests {
    @Test func anEditFromASlowClockStillFollowsTheCreation() throws {
        let board = try TempBoard()
        let fast = try board.store(user: "bob")
        let created = try fast.perform(now: day(1).addingTimeInterval(5 * 3600)) {
            try $0.create(title: "Acme", company: "", amount: "1000", owner: nil, stage: nil)
        }
        // Alice's clock is five hours behind: her edit must not be stamped before the creation,
        // or a replay in time order (merged journals) would drop it.
        let slow = try board.store(user: "alice")
        let edit = try slow.perform(now: day(1)) { try $0.edit(1, assignments: [("company", "Acme Corp")]) }
        #expect(edit.timestamp > created.timestamp)
        // An event about another deal keeps its true time (more than an hour behind the
        // newest), and a replay in time order still has both deals as they were written.
        let other = try slow.perform(now: day(1).addingTimeInterval(60)) { try $0.create(title: "Globex", company: "", amount: "", owner: nil, stage: nil) }
        #expect(other.timestamp < created.timestamp)
        let reopened = try board.store()
        #expect(reopened.state.deal(number: 1)?.company == "Acme Corp")
        #expect(reopened.state.deal(number: 2)?.title == "Globex")
    }

    @Test func dealsInARenamedStageCanBeMovedToOneThatExists() throws {
        let board = try TempBoard(manager: "alice")
        let store = try board.store()
        try store.perform(now: day(1)) { try $0.create(title: "Acme", company: "", amount: "1000", owner: nil, stage: "demo", force: true, reason: "fixture") }
        let path = board.files.pipeline
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try toml.replacingOccurrences(of: "key = \"demo\"", with: "key = \"demo2\"").write(toFile: path, atomically: true, encoding: .utf8)
        let findings = BoardCheck.run(folder: board.folder)
        #expect(findings.contains { $0.message.contains("no stage \"demo\", but 1 deal(s) are in it (#1)") })
        let after = try board.store()
        #expect(throws: CommandError.self) { try after.perform(now: day(2)) { try $0.move(1, to: .next, reason: nil, force: false) } }
        // By name, through the gates of every stage before the target: refused while unmet…
        #expect(throws: CommandError.self) { try after.perform(now: day(2)) { try $0.move(1, to: .stage("qualification"), reason: nil, force: false) } }
        // …and a manager may force it with a reason, like any move.
        let moved = try after.perform(now: day(2)) { try $0.move(1, to: .stage("qualification"), reason: "stage renamed", force: true) }
        #expect(moved.moved?.to == "qualification")
        #expect(BoardCheck.run(folder: board.folder).allSatisfy { !$0.message.contains("no stage \"demo\"") })
    }

    @Test func checkNamesTheFastClockAndDoesNotBlameWhoFollowedIt() throws {
        let board = try TempBoard()
        let now = day(1)
        // Bob's clock is 30 minutes fast; Alice writes right after him with the true time, and
        // her event is stamped just after his (writers never stamp before the newest event).
        let bob = try board.store(user: "bob")
        try bob.perform(now: now.addingTimeInterval(1800)) { try $0.create(title: "Acme", company: "", amount: "", owner: nil, stage: nil) }
        let alice = try board.store(user: "alice")
        try alice.perform(now: now) { try $0.edit(1, assignments: [("company", "Acme Corp")]) }
        let warnings = BoardCheck.run(folder: board.folder, now: now.addingTimeInterval(5)).map(\.description)
        #expect(warnings == [
            "warning: journal.jsonl:1: deal.created of #1 by bob is stamped 2026-11-03T09:30:00.000Z, 29 min after now (2026-11-03T09:00:05.000Z): a clock running fast?; reports count it as happening now",
            "warning: journal.jsonl:2: deal.edited of #1 by alice is stamped 2026-11-03T09:30:00.001Z, 29 min after now (2026-11-03T09:00:05.000Z): stamped just after the event before it, which is in the future (writers keep the journal in time order); reports count it as happening now",
        ])
        // Within a minute of the clock: machines' clocks differ that much.
        #expect(BoardCheck.run(folder: board.folder, now: now.addingTimeInterval(1760)).isEmpty)
    }
}
