import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// The review screen (`r`) and the walk through stuck deals, headless.
@Suite struct ReviewScreenTests {
    static let weeksAgo = BoardHarness.now.addingTimeInterval(-20 * 86_400)

    /// Three deals created 20 days ago and never touched (stale, over Prospecting's 5-day
    /// target), and one fresh deal.
    func board(width: Int = 80, height: Int = 24, manager: String = "maria") throws -> BoardHarness {
        let h = try BoardHarness(width: width, height: height, deals: [], manager: manager)
        for (title, amount) in [("Acme renewal", "12000"), ("Globex pilot", "30000"), ("Initech rollout", "8000")] {
            try h.store.perform(now: Self.weeksAgo) { try $0.create(title: title, company: "Co", amount: amount, owner: nil, stage: nil) }
        }
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Fresh lead", company: "New", amount: "5000", owner: nil, stage: nil) }
        return h
    }

    @Test func reviewShowsTheFiguresAndTheStuckDeals() throws {
        let h = try board()
        h.press(.char("r"))
        var text = h.text
        #expect(text.contains("Weekly review — last 7 days"))
        #expect(text.contains("HEADLINE"))
        #expect(text.contains("Coverage            0.1:1"))     // $55k open / $450k quota
        #expect(text.contains("✗ below 3:1"))
        #expect(h.app.status.contains("3 stuck deals"))
        // s jumps to the stuck list: the first (most troubled, then longest quiet) deal is in view.
        h.press(.char("s"))
        text = h.text
        #expect(text.contains("STUCK DEALS (3) — most troubled first"))   // the list with its heading
        #expect(text.contains("#1 Acme renewal"))
        #expect(text.contains("• no activity for 20 days (stale from 14)"))
        #expect(text.contains("• 20 days in Prospecting (target 5)"))
        // The cursor line is highlighted.
        let s = h.screen
        let y = (0..<s.height).first { s.row($0).contains("#2 Globex pilot") }!
        #expect(s.role(1, y) == .selected)      // the biggest of the equally stuck deals
        // Esc goes back to the board.
        h.press(.escape)
        #expect(h.text.contains("Prospecting (4)"))
    }

    @Test func walkingStuckDealsActsOnTheDealShown() throws {
        let h = try board()
        h.press(.char("r"), .char("s"), .enter)
        var text = h.text
        #expect(text.contains("Stuck deal 1 of 3"))
        #expect(text.contains("#2  Globex pilot"))          // the biggest amount first
        #expect(text.contains("• no activity for 20 days (stale from 14)"))
        h.press(.char("n"))
        #expect(h.text.contains("Stuck deal 2 of 3"))
        #expect(h.text.contains("#1  Acme renewal"))
        #expect(h.app.status == "#1: stuck deal 2 of 3")
        h.press(.char("p"))
        #expect(h.text.contains("#2  Globex pilot"))

        // s: next step, its owner and due date, in one edit; not due in the past.
        h.press(.char("s"))
        #expect(h.text.contains("#2 next step"))
        h.type("Call the CFO")
        h.press(.enter)
        #expect(h.text.contains("who owns \"Call the CFO\""))
        h.press(.enter)                          // the deal's owner is proposed
        h.press(.ctrl("u"))
        h.type("2026-11-01")
        h.press(.enter)
        #expect(h.text.contains("a next step is due today (2026-11-23) or later"))
        h.press(.ctrl("u"))
        h.type("2026-11-30")
        h.press(.enter)
        let deal = try #require(h.store.state.deal(number: 2))
        #expect(deal.value("next_step") == "Call the CFO")
        #expect(deal.value("next_step_owner") == "alice")
        #expect(deal.value("next_step_date") == "2026-11-30")
        text = h.text
        #expect(text.contains("Stuck deal 1 of 3"))  // back on the walk, not the board

        // a logs an activity on the deal shown: it is no longer stale.
        h.press(.char("a"), .enter)                   // the first kind: call
        h.type("Spoke to the CFO")
        h.press(.enter)
        #expect(h.store.state.deal(number: 2)?.activities.count == 1)
        #expect(!h.text.contains("no activity for 20 days"))
        #expect(h.text.contains("20 days in Prospecting (target 5)"))

        // X marks the deal shown lost, with a reason from the pipeline's list.
        h.press(.char("n"), .char("X"))
        #expect(h.text.contains("Mark #1 Acme renewal lost — why?"))
        h.press(.char("1"))
        #expect(h.store.state.deal(number: 1)?.stage == "prospecting")   // Enter does it
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.stage == "lost")
        #expect(h.text.contains("not stuck any more"))
        #expect(h.text.contains("Stuck deal 2 of 3"))

        // Esc back to the list; q back to the board.
        h.press(.escape)
        #expect(h.text.contains("Weekly review"))
        h.press(.char("q"))
        #expect(h.text.contains("Prospecting (3)"))
        #expect(h.app.handle(.char("k")))           // q on the review did not quit the app
    }

    @Test func onlyAManagerMarksTheReviewDone() throws {
        let rep = try board()
        rep.press(.char("r"), .char("R"))
        #expect(rep.app.status.contains("only a manager may mark the review done"))
        #expect(rep.store.state.lastReviewAt == nil)

        // A manager added to pipeline.toml while the board is open counts at once (and one
        // removed stops counting): the rules are re-read, like the journal.
        let path = rep.folder + "/pipeline.toml"
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try toml.replacingOccurrences(of: "managers = [\"maria\"]", with: "managers = [\"maria\", \"alice\"]").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(rep.app.tick())
        #expect(rep.app.status.contains("pipeline.toml changed"))
        rep.press(.char("R"), .enter)
        #expect(rep.store.state.lastReviewAt != nil)
        try "this is not toml [".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(rep.app.tick())
        #expect(rep.app.status.contains("no longer loads"))
        #expect(throws: CommandError.self) { try rep.store.perform(now: BoardHarness.now) { try $0.markReviewed() } }

        let manager = try board(manager: "alice")
        manager.press(.char("r"), .char("R"))
        #expect(manager.text.contains("Mark the review done?"))
        manager.press(.enter)
        let at = try #require(manager.store.state.lastReviewAt)
        #expect(abs(at.timeIntervalSince(BoardHarness.now)) < 1)
        let text = manager.text
        #expect(text.contains("Last review 2026-11-23 09:00 UTC by alice"))
        #expect(manager.app.status.contains("review marked done"))
    }

    @Test func wideScreenPeriodsAndLiveChanges() throws {
        let h = try board(width: 200, height: 50)
        h.press(.char("r"))
        var text = h.text
        #expect(text.contains("FUNNEL — open deals by stage, now"))
        #expect(text.contains("Prospecting    ████"))
        h.press(.char("G"))                                          // the end: changes and reps
        text = h.text
        #expect(text.contains("CHANGES since"))
        #expect(text.contains("#4 Fresh lead: in Prospecting"))
        #expect(!text.contains("#1 Acme renewal: in Prospecting")) // created 20 days ago: not this week
        h.press(.char("t"))
        text = h.text
        #expect(text.contains("Weekly review — last 30 days"))
        #expect(text.contains("#1 Acme renewal: in Prospecting"))
        // Another writer's change shows on the open review.
        let other = try BoardStore(folder: h.folder, user: "bob")
        try other.perform(now: BoardHarness.now) { try $0.create(title: "Hooli deal", company: "Hooli", amount: "9k", owner: "bob", stage: nil) }
        #expect(h.app.tick())
        text = h.text
        #expect(text.contains("#5 Hooli deal: in Prospecting"))
        #expect(text.contains("Weekly review"))
    }

    @Test func enterOnAChangeOpensTheDealAndThePeriodIsKept() throws {
        let h = try board(width: 120, height: 40)
        h.press(.char("r"))
        _ = h.text
        let lines = h.app.reviewLines(Review(), width: h.app.reviewWidth)
        let change = try #require(lines.firstIndex { $0.text.contains("#4 Fresh lead: in Prospecting") })
        h.press(.char("g"))
        for _ in 0..<change { h.press(.down) }
        h.press(.enter)
        #expect(h.text.contains("#4  Fresh lead"))           // the deal's detail, over the review
        h.press(.escape)
        #expect(h.text.contains("Weekly review"))
        h.press(.char("t"), .char("q"), .char("r"))
        #expect(h.text.contains("Weekly review — last 30 days"))
    }

    @Test func oNarrowsTheReviewToOneRep() throws {
        let h = try board(width: 100, height: 40)
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Bob's lead", company: "B", amount: "70000", owner: "bob", stage: nil) }
        _ = h.app.tick()
        h.press(.char("r"), .char("o"))
        #expect(h.text.contains("Whose review?"))
        h.press(.char("3"))                           // 1 the team, 2 alice, 3 bob
        var text = h.text
        #expect(text.contains("Weekly review — last 7 days — bob"))
        #expect(text.contains("Pipeline review — B2B sales — rep bob"))
        #expect(text.contains("1 open deals worth $70k"))
        h.press(.char("o"), .char("1"))
        text = h.text
        #expect(text.contains("5 open deals worth $125k"))
    }

    @Test func emptyBoardReviewAndTinyTerminal() throws {
        let h = try BoardHarness(width: 80, height: 24)
        h.press(.char("r"), .char("G"))
        #expect(h.text.contains("none: every open deal is moving"))
        for key: KeyEvent in [.down, .pageDown, .char("G"), .char("g"), .char("s"), .enter, .char("t"), .up] {
            h.press(key)
            _ = h.text
        }
        h.press(.char("w"))
        #expect(h.app.status.contains("no stuck deals"))
        h.width = 30
        h.height = 8
        #expect(h.text.contains("Too small"))
    }
}
