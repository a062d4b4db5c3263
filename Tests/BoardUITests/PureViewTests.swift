import Foundation
import Pipeline
import Store
import Terminal
import Testing
@testable import BoardUI

/// Issue 10: a frame is a function of the state and the size. The size arrives as an event,
/// scroll offsets are settled in the update, and every hint comes from the current bindings.
@Suite struct PureViewTests {
    static func longColumn(_ count: Int = 30) throws -> BoardHarness {
        try BoardHarness(width: 200, height: 50, deals: (1...count).map { ("Deal \($0)", "Co \($0)", "\($0)000") })
    }

    @Test func drawingTwiceGivesTheSameFrameAndChangesNothing() throws {
        let h = try Self.longColumn()
        h.press(.char("G"))            // the last card: the column scrolls
        let scrolled = h.app.firstCard
        let first = h.app.render()
        let second = h.app.render()
        // (Screens compared as text and roles: a failing #expect on two Screens prints megabytes.)
        #expect(first.text == second.text)
        #expect(first.cells.map(\.role) == second.cells.map(\.role))
        #expect(h.app.firstCard == scrolled)
        #expect(h.app.selectedDeal?.number == 30)
    }

    @Test func aResizeKeepsTheSelectedCardInView() throws {
        let h = try Self.longColumn()
        h.press(.char("G"))
        #expect(h.text.contains("#30 Deal 30"))
        // Smaller: the column scrolls so #30 is still there, before any frame is drawn.
        h.app.resize(width: 80, height: 24)
        #expect(h.app.firstCard["prospecting"] ?? 0 > 0)
        #expect(h.app.render().text.contains("#30 Deal 30"))
        #expect(h.app.render().text.contains("more"))
    }

    @Test func ctrlDAndCtrlUMoveHalfAPage() throws {
        let h = try Self.longColumn()
        h.app.resize(width: 80, height: 24)
        let perColumn = h.app.boardGeometry().perColumn
        h.press(.ctrl("d"))
        #expect(h.app.selectedDeal?.number == 1 + max(1, perColumn / 2))
        h.press(.ctrl("d"), .ctrl("u"))
        #expect(h.app.selectedDeal?.number == 1 + max(1, perColumn / 2))
        h.press(.ctrl("u"))
        #expect(h.app.selectedDeal?.number == 1)
    }

    @Test func ctrlLAsksForARepaintAndChangesNothingElse() throws {
        let h = try Self.longColumn(3)
        let before = h.text
        #expect(h.app.handle(.ctrl("l")))
        #expect(h.app.wantsRepaint)
        #expect(h.text == before)
    }

    @Test func theStatusLineShowsTheScreensKeysAsBound() throws {
        let h = try BoardHarness(width: 120, height: 30, deals: [("Acme renewal", "Acme", "12000")])
        #expect(h.screen.row(29).hasSuffix("n new  / filter  a log  > move on  Enter open  ? help  q quit"))
        h.app.keymap.rebind(.newDeal, to: [.char("N")])
        h.app.keymap.rebind(.help, to: [.function(1)])
        #expect(h.screen.row(29).hasSuffix("N new  / filter  a log  > move on  Enter open  F1 help  q quit"))
        // A long message takes the room it needs; the keys give way, the least useful first.
        h.press(.char("r"))
        #expect(h.screen.row(0).hasSuffix("t period  o rep  w walk  R done  q back"))
        h.app.keymap.rebind(.walk, to: [.char("W")])
        #expect(h.screen.row(0).hasSuffix("t period  o rep  W walk  R done  q back"))
    }

    @Test func panelAndDetailHintsFollowRebindings() throws {
        let h = try BoardHarness(width: 120, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        h.app.keymap.rebind(.force, to: [.char("!")])
        h.app.keymap.rebind(.lost, to: [.char("K")])
        h.press(.char(">"))
        #expect(h.text.contains("! force (managers)"))
        h.press(.escape, .enter)
        #expect(h.text.contains("#1 — > < e a c W K act on it"))
    }

    @Test func withoutUnicodeEveryMarkComesFromTheASCIITable() throws {
        let h = try BoardHarness(width: 120, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        h.app.unicode = false
        h.press(.char(">"))
        let panel = h.text
        #expect(panel.contains("Up/Down choose - Enter/Space set or tick - F force (managers) - Esc close"))
        #expect(panel.contains("[ ] Company size fits"))
        h.press(.escape, .char("?"))
        #expect(h.text.contains("Keys - Esc or ? to close, Up/Down to scroll"))
        // Ctrl-D pages half a screen down the help, to the keys that work everywhere.
        h.press(.ctrl("d"), .ctrl("d"))
        #expect(h.text.contains("Ctrl-L"))
        #expect(h.text.contains("Ctrl-D"))
        let odd = Set(h.text.filter { !$0.isASCII })
        #expect(odd.isEmpty, "non-ASCII in an ASCII frame: \(String(odd))")
    }

    @Test func thePanelShowsTheRefusalTheStoreComputedUnderItsLock() throws {
        let h = try BoardHarness(width: 120, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        h.press(.char(">"))
        let panel = try #require(h.app.mode as? Panel)
        let refusal = try #require(panel.refusal)
        #expect(refusal.deal == 1 && refusal.from == "prospecting")
        // Every unmet criterion of the refusal is a heading of the panel, in its order.
        let headings = panel.rows.compactMap { row -> String? in
            if case .heading = row.kind { return String(row.text.dropFirst(2)) } else { return nil }
        }
        #expect(headings == refusal.unmet.map(\.label))
        // Once the user changes something, the panel evaluates the board again.
        h.press(.enter)   // ticks the first check
        #expect((h.app.mode as? Panel)?.refusal == nil)
    }
}
