import Foundation
import Pipeline
import Store
import Terminal
import Testing
@testable import BoardUI

/// The board's forms and the fill-in panel read money as the command line does: in the
/// board's style, refusing what is ambiguous as it is typed, and asking before writing an
/// amount far outside the usual ones (a second Enter, where the command line wants --yes).
@Suite struct MoneyFormTests {
    static let euro = MoneyFormat(currency: Currency.iso("EUR")!, style: .dotComma)

    @Test func aEuropeanRepTypes45000AndGetsFortyFiveThousand() throws {
        let h = try BoardHarness(width: 120, height: 30, money: Self.euro)
        h.press(.char("n"))
        h.type("Acme renewal")
        h.press(.tab, .tab)                       // Amount
        h.type("45.0")                            // on its way to 45.000: not an error yet
        #expect(!h.text.contains("✗"))
        h.type("00")
        #expect(!h.text.contains("✗"))
        #expect(h.text.contains("an amount in EUR such as 12000, 12.000,50 or 12k"))
        h.press(.enter)
        let deal = try #require(h.store.state.deal(number: 1))
        #expect(deal.value("amount") == "45000")
        #expect(h.app.status == "created #1 Acme renewal (€45.000)")
        #expect(h.text.contains("€45k"))          // the card, short, in the board's currency
        h.press(.char("e"))                       // the edit form shows it as typed here
        #expect(h.text.contains("45.000"))
    }

    @Test func anAmbiguousAmountIsRefusedAsItIsTyped() throws {
        let h = try BoardHarness(width: 120, height: 30)
        h.press(.char("n"))
        h.type("Globex")
        h.press(.tab, .tab)
        h.type("12.000")
        #expect(h.text.contains("✗ \"12.000\" is ambiguous: did you mean 12000 or 12?"))
        h.press(.enter)
        #expect(h.store.state.liveDeals.isEmpty)
        #expect(h.text.contains("Amount: \"12.000\" is ambiguous: did you mean 12000 or 12?"))
        for _ in 0..<6 { h.press(.backspace) }
        h.type("€5000")
        #expect(h.text.contains("€ is not this board's currency"))
        h.press(.ctrl("u"))
        h.type("12,000.50")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("amount") == "12000.5")
    }

    @Test func theNewDealFormAsksBeforeAnOutlier() throws {
        let h = try BoardHarness(width: 140, height: 30, deals: [("Acme renewal", "Acme", "12000")])
        h.press(.char("n"))
        h.type("Typo")
        h.press(.tab, .tab)
        h.type("9m")
        h.press(.enter)
        #expect(h.store.state.liveDeals.count == 1)
        #expect(h.text.contains("Enter again to save: Amount $9,000,000 is more than 100 times the largest open deal (#1, $12,000)"))
        h.press(.backspace)                       // typing asks again
        h.type("m")
        h.press(.enter)
        #expect(h.store.state.liveDeals.count == 1)
        h.press(.enter)                           // the second Enter on the same value writes it
        #expect(h.store.state.deal(number: 2)?.value("amount") == "9000000")
        #expect(h.app.status == "created #2 Typo ($9,000,000)")
    }

    @Test func thePanelsBudgetFieldReadsLikeTheCommandLine() throws {
        let h = try BoardHarness(width: 120, height: 30, deals: [("Acme renewal", "Acme", "12.000")], manager: "alice", money: Self.euro)
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: "setup", force: true) }
        h.app.select(number: 1)
        h.press(.char(">"))
        #expect(h.text.contains("✗ Budget range recorded"))
        #expect(h.choose("Budget range:"))
        h.press(.enter)
        h.type("80,000")                          // a comma is this board's decimal mark
        h.press(.enter)
        #expect(h.text.contains("did you mean 80000 or 80?"))
        #expect(h.store.state.deal(number: 1)?.value("budget") == "")
        h.press(.ctrl("u"))
        h.type("5m")                              // more than 100× the largest open deal (€12.000)
        h.press(.enter)
        #expect(h.text.contains("Enter again to save: Budget range €5.000.000 is more than 100 times the largest open deal"))
        #expect(h.store.state.deal(number: 1)?.value("budget") == "")
        h.press(.ctrl("u"))
        h.type("80.000")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("budget") == "80000")
        #expect(h.app.status.contains("Budget range set to €80.000"))
        #expect(!h.text.contains("Budget range recorded"))
    }

    @Test func thePanelConfirmsAnOutlierWithASecondEnter() throws {
        let h = try BoardHarness(width: 120, height: 30, deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: "setup", force: true) }
        h.app.select(number: 1)
        h.press(.char(">"))
        #expect(h.choose("Budget range:"))
        h.press(.enter)
        h.type("2m")
        h.press(.enter)
        #expect(h.text.contains("Enter again to save: Budget range $2,000,000 is more than 100 times"))
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("budget") == "2000000")
    }
}
