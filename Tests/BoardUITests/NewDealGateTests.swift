import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// `n` on a later column (issue 9, "Gates"): the form, then — the gates on the way being unmet —
/// the fill-in panel a refused move opens, listing what each stage needs under its name; what
/// is filled in there is kept until the deal is created with all of it; nothing typed is lost.
@Suite struct NewDealGateTests {
    /// The board of a rep (alice; maria is the manager), with Demo selected — past Prospecting,
    /// Qualification and Discovery and their gates.
    func demoColumn(manager: String = "maria") throws -> BoardHarness {
        let h = try BoardHarness(width: 120, height: 45, manager: manager)
        h.press(.right, .right, .right)
        #expect(h.app.currentStage.key == "demo")
        return h
    }

    /// Puts the panel's cursor on the actionable row containing `text` (with the keys) and presses Enter.
    func act(_ h: BoardHarness, on text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard h.choose(text) else {
            Issue.record("no panel row \"\(text)\"", sourceLocation: sourceLocation)
            return
        }
        h.press(.enter)
    }

    @Test func nOnALaterColumnOpensTheFormThenThePanelAndCreatesTheDealOnceTheGatesHold() throws {
        let h = try demoColumn()
        h.press(.char("n"))
        #expect(h.text.contains("New deal in Demo"))
        h.type("Globex pilot")
        h.press(.tab, .tab)
        h.type("40k")
        h.press(.enter)
        // Not created: the panel lists what the stages on the way need, under each stage's name.
        #expect(h.store.state.liveDeals.isEmpty)
        var screen = h.text
        #expect(screen.contains("New deal \"Globex pilot\" cannot enter Demo yet"))
        for line in ["Prospecting:", "✗ Fits the ideal customer profile (4 of 5 checks)", "Qualification:", "✗ BANT confirmed",
                     "✗ Economic buyer named", "Discovery:", "✗ Discovery meeting held", "+ log a meeting now (Enter)"] {
            #expect(screen.contains(line), "\(line)")
        }
        #expect(screen.range(of: "Prospecting:")!.lowerBound < screen.range(of: "Qualification:")!.lowerBound)
        #expect(screen.range(of: "Qualification:")!.lowerBound < screen.range(of: "Discovery:")!.lowerBound)
        #expect(h.app.hasTypedInput)

        for item in ["Company size fits", "Tech stack fits", "Budget signal", "Live pain point",
                     "Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"] {
            act(h, on: item)
        }
        #expect(!h.text.contains("✗ Fits the ideal customer profile"))
        act(h, on: "Budget range:")
        #expect(h.text.contains("New deal: Budget range"))
        h.type("50k")
        h.press(.enter)
        act(h, on: "Economic buyer:")
        h.type("Dana Lee")
        h.press(.enter)
        act(h, on: "log a meeting")
        #expect(h.text.contains("New deal: meeting — what happened?"))
        h.type("Discovery call with Dana")
        h.press(.enter)
        act(h, on: "Identified pain:")
        h.type("Manual reporting")
        h.press(.enter)
        act(h, on: "Key stakeholders:")
        h.type("Dana, Sam")
        h.press(.enter)
        screen = h.text
        #expect(!screen.contains("Prospecting:"))
        #expect(screen.contains("Buyer agreed to a demo"))
        #expect(h.store.state.liveDeals.isEmpty)      // still nothing written
        act(h, on: "Buyer agreed to a demo")          // the last one: the deal is created at once

        let deal = try #require(h.store.state.deal(number: 1))
        #expect(deal.stage == "demo")
        #expect(deal.title == "Globex pilot")
        #expect(deal.amount == Money(canonical: "40000"))
        #expect(deal.value("budget") == "50000")
        #expect(deal.value("decision_maker") == "Dana Lee")
        #expect(deal.activities.map(\.text) == ["Discovery call with Dana"])
        #expect(deal.isChecked("signal.demo_agreed"))
        #expect(deal.history.map(\.forced) == [false])
        #expect(h.app.status == "created #1 Globex pilot ($40,000)")
        #expect(h.app.selectedDeal?.number == 1)
        #expect(h.app.currentStage.key == "demo")
        // One event, applied under the rules.
        #expect(try h.store.events().count == 1)
        #expect(h.store.state.disallowed.isEmpty)
    }

    @Test func escGoesBackToTheFormKeepingEverythingAndAsksBeforeDiscarding() throws {
        let h = try demoColumn()
        h.press(.char("n"))
        h.type("Initech")
        h.press(.enter)
        act(h, on: "Company size fits")
        act(h, on: "Economic buyer:")
        h.type("Dana")
        h.press(.enter)
        h.press(.escape)
        // Back on the form, the title still there, and the ticks and values kept for the next Enter.
        #expect(h.text.contains("New deal in Demo"))
        #expect(h.text.contains("Initech"))
        h.press(.enter)
        #expect(h.text.contains("☑ Company size fits"))       // the tick made before Esc is kept
        #expect(!h.text.contains("✗ Economic buyer named"))
        h.press(.escape)
        h.press(.escape)
        #expect(h.text.contains("Esc again discards what you typed"))
        h.press(.escape)
        #expect(h.app.status == "cancelled")
        #expect(h.store.state.liveDeals.isEmpty)
        #expect(try h.store.events().isEmpty)
    }

    @Test func onlyAManagerForcesANewDealPastTheGatesAndTheForceIsRecorded() throws {
        let rep = try demoColumn()
        rep.press(.char("n"))
        rep.type("Hooli")
        rep.press(.enter, .char("F"))
        #expect(rep.app.status.contains("only a manager may force a new deal past the gates (managers: maria)"))
        #expect(rep.text.contains("cannot enter Demo yet"))

        let h = try demoColumn(manager: "alice")
        h.press(.char("n"))
        h.type("Hooli")
        h.press(.enter, .char("F"))
        #expect(h.text.contains("Force the new deal into Demo past unmet criteria — reason"))
        h.press(.enter)
        #expect(h.text.contains("a forced entry needs a reason"))
        h.type("Moved over from the old CRM")
        h.press(.enter)
        let deal = try #require(h.store.state.deal(number: 1))
        #expect(deal.stage == "demo")
        #expect(deal.history.first?.forced == true)
        #expect(deal.history.first?.reason == "Moved over from the old CRM")
        #expect(h.app.status == "created #1 Hooli (forced into Demo)")
    }

    @Test func theFirstColumnCreatesAtOnceAndAMoveRefusalGroupsItsCriteria() throws {
        let h = try BoardHarness(width: 120, height: 45)
        h.press(.char("n"))
        h.type("Quick one")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.stage == "prospecting")
        // A refused move's panel names the stage of its criteria too.
        h.press(.char(">"))
        #expect(h.text.contains("Prospecting:"))
        #expect(h.text.contains("✗ Fits the ideal customer profile"))
    }
}
