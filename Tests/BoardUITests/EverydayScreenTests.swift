import Foundation
import Testing
@testable import Pipeline
import Store
import Terminal
@testable import BoardUI

/// Issue 9, "everyday correctness", on the full-screen board, headless: the deal keys in a
/// deal's detail, marking a deal lost, edits that change nothing, "my deals" with the board's
/// people, and the help overlay's legend.
@Suite struct EverydayScreenTests {
    func board(width: Int = 100, height: Int = 30) throws -> BoardHarness {
        try BoardHarness(width: width, height: height, deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
    }

    /// The top line of the detail box, and whether the detail is what is open.
    func detailOpen(_ h: BoardHarness, _ n: Int) -> Bool {
        h.text.contains("#\(n) — > < e a c W X act on it")
    }

    @Test func theDealKeysActOnTheDealWhoseDetailIsOpen() throws {
        let h = try board()
        h.app.select(number: 2)
        h.press(.enter)
        #expect(detailOpen(h, 2))
        #expect(h.text.contains("#2  Globex pilot"))

        // > : the refused move's panel is #2's, and Esc comes back to #2's detail.
        h.press(.char(">"))
        #expect(h.text.contains("#2 cannot move to Qualification yet"))
        h.press(.escape)
        #expect(detailOpen(h, 2))

        // c, W: the same.
        h.press(.char("c"))
        #expect(h.text.contains("#2 exit criteria of Prospecting"))
        h.press(.escape)
        #expect(detailOpen(h, 2))
        h.press(.char("W"))
        #expect(h.text.contains("#2 cannot be marked won yet"))
        h.press(.escape)
        #expect(detailOpen(h, 2))

        // a: the activity is logged on #2 and shows in its detail at once.
        h.press(.char("a"))
        #expect(h.text.contains("Log an activity on #2 Globex pilot"))
        h.type("Spoke to their CTO")
        h.press(.enter)
        #expect(detailOpen(h, 2))
        #expect(h.text.contains("Spoke to their CTO"))
        #expect(h.store.state.deal(number: 2)?.activities.count == 1)
        #expect(h.store.state.deal(number: 1)?.activities.isEmpty == true)

        // e: the form edits #2.
        h.press(.char("e"))
        #expect(h.text.contains("Edit #2 Globex pilot"))
        h.press(.escape)
        #expect(detailOpen(h, 2))

        // X, then <: lost, and reopened, all from the detail.
        h.press(.char("X"))
        #expect(h.text.contains("Mark #2 Globex pilot lost — why?"))
        h.press(.char("1"), .enter)
        #expect(h.store.state.deal(number: 2)?.stage == "lost")
        #expect(detailOpen(h, 2))
        #expect(h.text.contains("Stage:    Lost"))
        h.press(.char("<"))
        #expect(h.store.state.deal(number: 2)?.stage == "prospecting")
        #expect(h.app.status == "#2 reopened in Prospecting")
        #expect(h.store.state.deal(number: 1)?.stage == "prospecting")

        // Esc closes the detail, back on the board.
        h.press(.escape)
        #expect(!h.boxOpen)
        h.press(.escape)
        #expect(!h.boxOpen)                             // Esc on the board stays on the board
    }

    /// Opened from the review screen, the detail is of a deal that is not the board's selection:
    /// the keys still act on the deal shown, and Esc goes back to the review.
    @Test func fromTheReviewTheKeysActOnTheDealShownNotTheSelectedCard() throws {
        let h = try board(width: 120, height: 40)
        h.app.select(number: 1)
        h.press(.char("r"))
        _ = h.text
        let lines = h.app.reviewLines(Review(), width: h.app.reviewWidth)
        let change = try #require(lines.firstIndex { $0.text.contains("#2 Globex pilot") && !$0.stuck })
        h.press(.char("g"))
        for _ in 0..<change { h.press(.down) }
        h.press(.enter)
        #expect(detailOpen(h, 2))
        h.press(.char("e"))
        #expect(h.text.contains("Edit #2 Globex pilot"))
        h.press(.escape)
        h.press(.escape)
        #expect(h.text.contains("Weekly review"))
    }

    /// Marking a deal lost: number and title shown, and only Enter does it.
    static let lostKeys: [(keys: [KeyEvent], reason: String?)] = [
        ([.char("1")], nil),                                       // a digit alone: still asking
        ([.char("3")], nil),
        ([.char("n")], nil),                                       // a letter alone too
        ([.char("2"), .enter], "Lost to competitor"),
        ([.char("n"), .enter], "No budget"),
        ([.char("n"), .char("n"), .enter], "No decision"),         // the next one starting with n
        ([.down, .down, .enter], "No budget"),
        ([.char("9"), .enter], "Price"),                           // no ninth reason: stays on the first
        ([.char("1"), .escape], nil),
    ]

    @Test(arguments: lostKeys)
    func aSingleKeyNeverClosesADeal(_ c: (keys: [KeyEvent], reason: String?)) throws {
        let h = try board()
        h.press(.char("X"))
        let text = h.text
        #expect(text.contains("Mark #1 Acme renewal lost — why?"))
        #expect(text.contains("Enter marks #1 lost"))
        for k in c.keys { h.press(k) }
        let d = try #require(h.store.state.deal(number: 1))
        if let reason = c.reason {
            #expect(d.stage == "lost")
            #expect(d.history.last?.reason == reason)
        } else {
            #expect(d.stage == "prospecting")
        }
    }

    @Test func anEditThatChangesNothingWritesNothingOnTheBoard() throws {
        let h = try board()
        let events = h.store.state.eventCount
        // The form: 12000 typed as 12k is the same amount.
        h.press(.char("e"))
        for _ in 0..<2 { h.press(.down) }
        h.press(.ctrl("u"))
        h.type("12k")
        h.press(.enter)
        #expect(h.app.status == "#1: no change (Amount is already $12,000)")
        #expect(h.store.state.eventCount == events)
        #expect(!h.boxOpen)                             // the form closed

        // The fill-in panel's field prompt: the same value closes it and comes back to the panel.
        for label in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point"] {
            try h.store.perform(now: BoardHarness.now) { try $0.setCheck(1, label: label) }
        }
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: nil, force: false) }
        try h.store.perform(now: BoardHarness.now) { try $0.edit(1, assignments: [("budget", "50000")]) }
        _ = h.app.tick()
        h.app.select(number: 1)
        let before = h.store.state.eventCount
        h.press(.char("c"))
        #expect(h.text.contains("#1 exit criteria of Qualification"))
        #expect(h.text.contains("Budget range: $50,000"))
        // The budget's row, Enter, the same amount typed another way, Enter.
        #expect(h.choose("Budget range:"))
        h.press(.enter)
        #expect(h.text.contains("#1 Budget range"))
        h.press(.ctrl("u"))
        h.type("50k")
        h.press(.enter)
        #expect(h.app.status == "#1: no change (Budget range is already $50,000)")
        #expect(h.store.state.eventCount == before)
        #expect(h.text.contains("#1 exit criteria of Qualification"))     // back in the panel
        // u undoes the last real change (the budget), not a no-op.
        h.press(.escape, .char("u"))
        #expect(h.app.status == "undid the edit of #1: Budget range $50,000 → (empty)")
    }

    /// `m`: the deals of the person logged in, whether a deal names their login or their name.
    @Test func myDealsMapsTheLoginToThePerson() throws {
        let h = try BoardHarness(width: 100, height: 30)
        for (title, owner) in [("By login", "alice"), ("By name", "Alice Martin"), ("Bob's", "bob")] {
            try h.store.perform(now: BoardHarness.now) { try $0.create(title: title, company: "", amount: "", owner: owner, stage: nil) }
        }
        _ = h.app.tick()
        let path = h.folder + "/pipeline.toml"
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try (toml + "\n[[people]]\nlogin = \"alice\"\nname = \"Alice Martin\"\n\n[[people]]\nlogin = \"bob\"\n").write(toFile: path, atomically: false, encoding: .utf8)
        _ = h.app.tick()
        h.press(.char("m"))
        let text = h.text
        #expect(text.contains("#1 By login"))
        #expect(text.contains("#2 By name"))
        #expect(!text.contains("#3 Bob's"))
        h.press(.char("m"))
        #expect(h.text.contains("#3 Bob's"))
    }

    /// The walk's next step: its owner is checked in its own prompt, with a suggestion.
    @Test func theNextStepOwnerIsOneOfThePeople() throws {
        let h = try BoardHarness(width: 120, height: 40)
        try h.store.perform(now: BoardHarness.now.addingTimeInterval(-20 * 86_400)) { try $0.create(title: "Quiet deal", company: "", amount: "", owner: nil, stage: nil) }
        let path = h.folder + "/pipeline.toml"
        let toml = try String(contentsOfFile: path, encoding: .utf8)
        try (toml + "\n[[people]]\nlogin = \"alice\"\n\n[[people]]\nlogin = \"maria\"\nname = \"Maria Rossi\"\n").write(toFile: path, atomically: false, encoding: .utf8)
        _ = h.app.tick()
        h.press(.char("r"), .char("w"), .char("s"))
        h.type("Send the NDA")
        h.press(.enter)
        #expect(h.text.contains("one of: alice, maria"))
        h.press(.ctrl("u"))
        h.type("mraia")
        h.press(.enter)
        #expect(h.text.contains("Next step owner \"mraia\" is not one of the board's people; did you mean maria (Maria"))
        h.press(.ctrl("u"))
        h.type("Maria Rossi")
        h.press(.enter, .enter)
        #expect(h.store.state.deal(number: 1)?.value("next_step_owner") == "maria")
    }

    @Test func helpHasALegendOfTheBadges() throws {
        for unicode in [true, false] {
            let h = try BoardHarness(width: 100, height: 50)
            h.app.unicode = unicode
            h.press(.char("?"))
            let text = h.text
            #expect(text.contains("Card badges and marks"))
            #expect(text.contains(unicode ? "✓ready" : "ready   "))
            #expect(text.contains("every exit criterion of its stage is met: > moves it on"))
            #expect(text.contains("over                  longer in its stage than the stage's target days"))
            #expect(text.contains("stale                 no activity logged for 14 days"))
            #expect(text.contains("due!                  its next step is overdue"))
            #expect(text.contains("dormant               45 days without activity: re-qualify before moving on"))
            #expect(text.contains(unicode ? "↑ 2 more  ↓ 3 more" : "^ 2 more  v 3 more"))
            #expect(text.contains(unicode ? "◀2  3▶" : "<2  3>"))
            #expect(unicode || !text.contains("✓"))
        }
    }

    /// The legend and the cards come from one table: every badge a card can draw is in it.
    @Test func everyBadgeOnACardIsInTheLegend() throws {
        let h = try BoardHarness()
        let all = DealHealth(daysInStage: 99, daysSinceActivity: 99, stale: true, overTarget: true, nextStepOverdue: true,
                             dormant: true, stalledNegotiation: true, readyToAdvance: true)
        let legend = HelpScreen.legend(h.app).joined(separator: "\n")
        for (badge, _) in h.app.badges(all) { #expect(legend.contains("  \(badge) "), "\(badge)") }
        // Most telling first; a dormant deal is not also called stale.
        #expect(h.app.badges(all).map(\.0) == ["✓ready", "dormant", "due!", "over"])
        var stale = all
        stale.dormant = false
        #expect(h.app.badges(stale).map(\.0) == ["✓ready", "due!", "over", "stale"])
    }
}
