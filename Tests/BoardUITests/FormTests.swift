import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// The new-deal and edit forms: every field checked as it is typed.
@Suite struct FormTests {
    @Test func newDealFormChecksFieldsAsTyped() throws {
        let h = try BoardHarness()
        h.press(.char("n"))
        #expect(h.text.contains("New deal in Prospecting"))
        h.type("Hooli expansion")
        h.press(.tab, .tab)                       // past Company, to Amount
        h.type("12x")
        #expect(h.text.contains("✗ \"12x\": unexpected \"x\" after the number"))
        h.press(.enter)                           // refused: nothing saved, the form stays
        #expect(h.store.state.liveDeals.isEmpty)
        #expect(h.text.contains("Amount: \"12x\": unexpected \"x\""))
        h.press(.backspace)
        h.type("k")
        #expect(!h.text.contains("unexpected"))
        h.press(.tab)
        h.type("2026-1")                          // half a date is not an error yet…
        #expect(!h.text.contains("✗ expected a date"))
        h.press(.enter)                           // …but it cannot be saved
        #expect(h.text.contains("Expected close date: expected a date as YYYY-MM-DD"))
        h.type("2-15")
        h.press(.enter)
        let deal = try #require(h.store.state.deal(number: 1))
        #expect(deal.title == "Hooli expansion")
        #expect(deal.value("amount") == "12000")
        #expect(deal.value("close_date") == "2026-12-15")
        #expect(deal.owner == "alice")
        #expect(h.app.status == "created #1 Hooli expansion ($12,000)")
        #expect(h.text.contains("#1 Hooli expansion"))
    }

    @Test func aTitleAloneMakesADealAndEscAsksBeforeDiscarding() throws {
        let h = try BoardHarness()
        h.press(.char("n"), .enter)
        #expect(h.text.contains("Title: needed"))
        h.type("Quick one")
        h.press(.escape)
        #expect(h.text.contains("Esc again discards what you typed"))
        h.type("!")                                // typing again clears the warning
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.title == "Quick one!")
    }

    @Test func editFormWritesOnlyWhatChanged() throws {
        let h = try BoardHarness(width: 100, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        h.press(.char("e"))
        let text = h.text
        #expect(text.contains("Edit #1 Acme renewal"))
        #expect(text.contains("Segment"))
        #expect(text.contains("‹ not set ›"))
        // To Segment (a choice): → cycles, a letter jumps.
        let segment = try #require(h.app.pipeline.allFields.firstIndex { $0.key == "segment" })
        for _ in 0..<segment { h.press(.down) }
        h.press(.right)
        #expect(h.text.contains("‹ SMB ›"))
        h.type("e")
        #expect(h.text.contains("‹ Enterprise ›"))
        h.press(.home, .tab, .tab)                // Amount
        h.press(.ctrl("u"))
        h.type("15k")
        h.press(.enter)
        let deal = try #require(h.store.state.deal(number: 1))
        #expect(deal.value("amount") == "15000")
        #expect(deal.value("segment") == "Enterprise")
        #expect(h.app.status == "#1: 2 fields changed")
        let edits = try h.store.events().filter { $0.type == EventType.dealEdited }
        #expect(edits.count == 1)                 // one event, so one undo
        h.press(.char("u"))
        #expect(h.store.state.deal(number: 1)?.value("amount") == "12000")

        h.press(.char("e"), .enter)
        #expect(h.app.status == "#1: no change")
    }

    @Test func loggingAnActivityTakesKindTextAndDate() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.press(.char("a"))
        #expect(h.text.contains("Log an activity on #1"))
        #expect(h.text.contains("‹ call ›"))
        h.type("Met the CFO")
        h.press(.up, .right, .right)              // kind: call → email → meeting
        #expect(h.text.contains("‹ meeting ›"))
        h.press(.tab, .tab)
        // Not before the deal was created (today, 2026-11-23).
        h.type("2026-11-20")
        h.press(.enter)
        #expect(h.text.contains("not before the deal was created (2026-11-23)"))
        for _ in 0..<10 { h.press(.backspace) }
        h.type("2026-11-23")
        h.press(.enter)
        let activity = try #require(h.store.state.deal(number: 1)?.activities.last)
        #expect(activity.kind == "meeting")
        #expect(activity.text == "Met the CFO")
        #expect(Day(activity.date, in: .utc).description == "2026-11-23")
        #expect(h.app.status == "#1: meeting logged")
        // Not in the future.
        h.press(.char("a"))
        h.type("Plan")
        h.press(.tab)
        h.type("2026-12-01")
        h.press(.enter)
        #expect(h.text.contains("not after today (2026-11-23)"))
    }

    @Test func longDetailLinesWrap() throws {
        let h = try BoardHarness(width: 60, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        try h.store.perform(now: BoardHarness.now) {
            try $0.logActivity(1, kind: "note", text: "Champion is keen but the CFO wants a second quote from the incumbent before the board meets", date: nil)
        }
        h.press(.enter)
        let text = h.text
        // The note wraps under itself: its end is on the next lines, not cut off.
        #expect(text.contains("│       wants a second quote from the incumbent before the │"))
        #expect(text.contains("│       board meets  — alice "))
        #expect(!text.contains("second quote…"))
    }

    @Test func singleFieldPromptChecksAsTyped() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.app.editField(1, try #require(h.app.pipeline.field("review_by")))
        h.type("2026-13-01")
        #expect(h.text.contains("expected a date as YYYY-MM-DD"))
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("review_by") == "")
        h.press(.ctrl("u"))
        h.type("2026-12-01")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("review_by") == "2026-12-01")
        // A choice is picked from its list.
        h.app.editField(1, try #require(h.app.pipeline.field("timeline")))
        #expect(h.text.contains("This quarter"))
        h.press(.char("3"))                       // "(not set)" is 1, then the choices
        #expect(h.store.state.deal(number: 1)?.value("timeline") == "This quarter")
    }
}
