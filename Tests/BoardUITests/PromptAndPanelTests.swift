import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// Prompts, pickers and the fill-in panel: where Esc goes, what counts as typed input, what a
/// too-small screen does with keys.
@Suite struct PromptAndPanelTests {
    /// A deal in Proposal (manager-forced there), whose exit needs a review-by date in the future.
    func proposal() throws -> BoardHarness {
        let h = try BoardHarness(width: 100, height: 30, deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .stage("proposal"), reason: "setup", force: true) }
        h.app.select(number: 1)
        return h
    }

    @Test func escInAPanelPromptGoesBackToThePanel() throws {
        let h = try proposal()
        h.press(.char(">"))
        #expect(h.text.contains("cannot move to Negotiation yet"))
        #expect(h.choose("Buyer review-by date:"))
        h.press(.enter)
        #expect(h.text.contains("#1 Buyer review-by date"))
        h.press(.escape)                              // nothing typed: no "discard?" question
        #expect(h.text.contains("cannot move to Negotiation yet"))  // back on the panel, not the board

        // A past date is kept but does not count, and the row says why.
        h.press(.enter)
        h.type("2026-01-01")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("review_by") == "2026-01-01")
        #expect(h.text.contains("Buyer review-by date: 2026-01-01 — "))
    }

    @Test func typedTextIsKeptByEscOnce() throws {
        let h = try proposal()
        h.app.editField(1, try #require(h.app.pipeline.field("outstanding_issue")))
        h.type("Legal")
        h.press(.escape)
        #expect(h.text.contains("Esc again discards what you typed"))
        h.press(.escape)
        #expect(h.app.status == "cancelled")
    }

    @Test func backOnAClosedDealReopensIt() throws {
        let h = try proposal()
        try h.store.perform(now: BoardHarness.now) { try $0.lost(1, reason: "Price") }
        h.app.select(number: 1)
        h.press(.char("<"))
        #expect(h.store.state.deal(number: 1)?.stage == "proposal")
        #expect(h.app.status == "#1 reopened in Proposal")
        #expect(!h.boxOpen)                             // no reason is asked for a reopen
    }

    @Test func aTooSmallScreenHoldsKeysAndQAsksNothingOfTypedInput() throws {
        let h = try BoardHarness()
        h.press(.char("n"))
        h.type("Big deal")
        h.width = 30
        h.height = 8
        #expect(h.text.contains("enlarge to go on"))
        h.press(.char("q"), .char("x"))
        #expect(h.app.handle(.resize))                // still running: typed input would be lost
        h.width = 80
        h.height = 24
        #expect(h.text.contains("Big deal"))          // nothing was typed into the hidden form
        #expect(!h.text.contains("Big dealqx"))
        h.press(.escape, .escape)
        h.width = 30
        #expect(h.text.contains("enlarge, or q"))
        #expect(!h.app.handle(.char("q")))            // nothing typed: q quits
    }

    @Test func anEditorThatCannotRunSaysSo() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.app.editText = { _ in .failure(EditorFailure("editor \"nope\" not found: set $VISUAL or $EDITOR; nothing changed")) }
        h.press(.char("a"), .enter)
        h.type("Call")
        h.press(.ctrl("e"))
        #expect(h.text.contains("editor \"nope\" not found"))
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.activities.first?.text == "Call")
    }

    @Test func aFilterGoesToTheColumnWithMatches() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Globex pilot", company: "Globex", amount: "8k", owner: nil, stage: "demo", force: true, reason: "fixture") }
        h.press(.char("/"))
        h.type("globex")
        h.press(.enter)
        #expect(h.app.selectedDeal?.number == 2)
    }

    @Test func dealsOfARenamedStageKeepAColumnAndCanBeRehomed() throws {
        let h = try BoardHarness(width: 200, height: 40, deals: [], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Globex pilot", company: "Globex", amount: "8k", owner: nil, stage: "demo", force: true, reason: "fixture") }
        let path = h.folder + "/pipeline.toml"
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try toml.replacingOccurrences(of: "key = \"demo\"", with: "key = \"demo2\"").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(h.app.tick())
        #expect(h.app.status.contains("deals in stages it no longer has are in the last column(s): demo"))
        h.press(.char("z"))                           // fold Won/Lost: the column is at the end
        #expect(h.text.contains("? demo (not in pipel"))
        h.app.select(number: 1)
        h.press(.char(">"))
        #expect(h.text.contains("which pipeline.toml no longer has: move it to"))
        h.press(.char("y"))                           // no option starts with y: a hint, nothing picked
        #expect(h.app.status.contains("pick with"))
        h.press(.escape)
        #expect(h.store.state.deal(number: 1)?.stage == "demo")
    }

    @Test func aLetterAnswersAYesOrNoQuestion() throws {
        let h = try BoardHarness(manager: "alice")
        h.press(.char("r"), .char("R"))
        #expect(h.text.contains("Mark the review done?"))
        h.press(.char("n"))                           // "No, keep reviewing"
        #expect(h.store.state.lastReviewAt == nil)
        h.press(.char("R"), .char("y"))
        #expect(h.store.state.lastReviewAt != nil)
    }
}
