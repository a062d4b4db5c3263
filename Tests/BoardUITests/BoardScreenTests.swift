import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

@Suite struct BoardScreenTests {
    @Test func columnsAndCardsAt80x24() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
        let text = h.text
        #expect(text.contains("Prospecting (2)"))
        #expect(text.contains("Qualification (0)"))
        #expect(text.contains("#1 Acme renewal"))
        #expect(text.contains("$12k"))
        #expect(text.contains("alice 0d"))
        #expect(text.contains("$20k · w $1k")) // total and weighted (5%)
        #expect(text.contains("6▶"))            // 3 of 9 stages fit in 80 columns
        let s = h.screen
        #expect(s.row(23).contains("? help"))
        // The selected card is highlighted: its first cell carries the selected role.
        let y = (0..<s.height).first { s.row($0).contains("#1 Acme renewal") }!
        #expect(s.role(1, y) == .selected)
        #expect(s.role(1, y + 4) == .card)
    }

    @Test func navigationKeepsTheSelectedColumnInView() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        for _ in 0..<8 { h.press(.char("l")) }
        #expect(h.text.contains("Lost (0)"))
        #expect(h.text.contains("◀"))
        #expect(!h.text.contains("Prospecting ("))
        for _ in 0..<8 { h.press(.left) }
        #expect(h.text.contains("Prospecting (1)"))
        // Keys on empty columns and an empty board do nothing harmful.
        h.press(.char("l"), .down, .up, .pageDown, .char("G"), .char("g"), .char(">"), .char("<"), .char("W"), .char("X"), .enter, .char("e"), .char("a"), .char("c"), .char("u"))
        #expect(h.app.handle(.char("k")))
    }

    @Test func emptyBoardTakesEveryKey() throws {
        let h = try BoardHarness()
        for key: KeyEvent in [.left, .right, .up, .down, .pageUp, .pageDown, .home, .end, .char(">"), .char("<"), .enter, .char("W"), .char("X"),
                              .char("c"), .char("e"), .char("a"), .char("u"), .char("m"), .escape, .mouse(x: 5, y: 5), .resize] {
            h.press(key)
            _ = h.text
        }
        #expect(h.text.contains("no deals"))
    }

    @Test func refusedMoveOpensThePanelAndFillingItCompletesTheMove() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.press(.char(">"))
        var text = h.text
        #expect(text.contains("#1 cannot move to Qualification yet"))
        #expect(text.contains("✗ Fits the ideal customer profile (4 of 5 checks)"))
        #expect(text.contains("☐ Company size fits"))
        h.press(.char(" "))                    // tick the first item
        #expect(h.text.contains("☑ Company size fits"))
        for _ in 0..<3 { h.press(.down, .char(" ")) }
        text = h.text
        #expect(text.contains("#1 moved Prospecting → Qualification"))
        #expect(h.store.state.deal(number: 1)?.stage == "qualification")
        #expect(text.contains("Qualification (1)"))
        // The journal got one event per tick and the move, through the store protocol.
        #expect(try h.store.events().map(\.type).suffix(5) == ["check.set", "check.set", "check.set", "check.set", "deal.moved"])
    }

    @Test func panelCursorGoesToTheNextUnmetCriterion() throws {
        let h = try BoardHarness(width: 80, height: 12, deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: "setup", force: true) }
        h.app.select(number: 1)
        h.press(.char(">"))                       // Qualification: BANT (4 of 4), budget, economic buyer
        #expect(h.text.contains("more"))          // a short screen: the list says it goes on
        h.press(.char(" "))
        for _ in 0..<3 { h.press(.down, .char(" ")) }
        #expect(h.highlighted?.hasPrefix("Budget range:") == true)  // BANT met: on to Budget range
    }

    @Test func panelFieldsAreTypedAndValidated() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        try h.store.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: "setup", force: true) }
        h.app.select(number: 1)
        h.press(.char(">"))  // Qualification: BANT, budget, economic buyer
        #expect(h.text.contains("✗ Budget range recorded"))
        // Go to the Budget row and set a wrong, then a right value.
        while !(h.text.split(separator: "\n").contains { $0.contains("Budget range: —") }) { h.press(.down) }
        #expect(h.choose("Budget range:"))
        h.press(.enter)
        h.type("lots")
        h.press(.enter)
        #expect(h.text.contains("\"lots\" is not an amount: it has no digits"))
        h.press(.ctrl("u"))
        h.type("50k")
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.value("budget") == "50000")
        // Back in the panel, which now lists only what is still missing.
        #expect(!h.text.contains("Budget range recorded"))
        #expect(h.text.contains("✗ Economic buyer named"))
        #expect(h.text.contains("#1: Budget range set"))
    }

    @Test func wonAndLost() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
        h.press(.char("X"))
        #expect(h.text.contains("Mark #1 Acme renewal lost — why?"))
        #expect(h.text.contains("1 Price"))
        // A digit picks the reason; only Enter marks the deal lost.
        h.press(.char("2"))
        #expect(h.store.state.deal(number: 1)?.stage == "prospecting")
        #expect(h.text.contains("Enter marks #1 lost"))
        h.press(.enter)
        #expect(h.store.state.deal(number: 1)?.stage == "lost")
        #expect(h.store.state.deal(number: 1)?.history.last?.reason == "Lost to competitor")
        h.app.select(number: 2)
        h.press(.char("W"))
        #expect(h.text.contains("#2 cannot be marked won yet"))
        h.press(.escape)
        #expect(h.store.state.deal(number: 2)?.stage == "prospecting")
    }

    @Test func filterAndMyDeals() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
        h.press(.char("/"))
        h.type("glob")
        #expect(h.text.contains("#2 Globex pilot"))
        #expect(!h.text.contains("#1 Acme renewal"))
        #expect(h.text.contains("filter: glob"))
        h.press(.enter)
        #expect(!h.text.contains("#1 Acme renewal"))
        h.press(.escape)
        #expect(h.text.contains("#1 Acme renewal"))
        try h.store.perform(now: BoardHarness.now) { try $0.edit(2, assignments: [("owner", "bob")]) }
        h.press(.char("m"))
        #expect(h.text.contains("#1 Acme renewal"))
        #expect(!h.text.contains("#2 Globex pilot"))
    }

    @Test func undoTakesBackTheMove() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        try h.store.perform(now: BoardHarness.now) { try $0.edit(1, assignments: [("title", "Acme renewal 2027")]) }
        h.press(.char("u"))
        // The status line says what came back; the card shows it.
        #expect(h.app.status == "undid the edit of #1: Title Acme renewal 2027 → Acme renewal")
        #expect(h.text.contains("#1 Acme renewal"))
        #expect(!h.text.split(separator: "\n").dropLast().joined().contains("2027"))
    }

    @Test func helpIsGeneratedFromTheKeymap() throws {
        let h = try BoardHarness()
        h.app.keymap.rebind(.won, to: [.char("w")])
        h.press(.char("?"))
        let text = h.text
        #expect(text.contains("move the deal one stage forward"))
        #expect(text.contains(">"))
        #expect(text.split(separator: "\n").contains { $0.contains(" w ") && $0.contains("mark won") })
        h.press(.escape)
        #expect(!h.text.contains("mark won"))
    }

    @Test func detailShowsCriteriaAndHistory() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.width = 120
        h.height = 40
        h.press(.enter)
        let text = h.text
        #expect(text.contains("Exit criteria of Prospecting"))
        #expect(text.contains("✗ Fits the ideal customer profile"))
        #expect(text.contains("Stage history"))
        h.press(.escape)
        #expect(!h.text.contains("Stage history"))
    }

    @Test func tinyAndNarrowTerminals() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.width = 30
        h.height = 8
        #expect(h.text.contains("Too small: 30x8"))
        #expect(h.screen.text.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 30 })
        h.width = 40
        h.height = 10
        #expect(h.text.contains("Prospecting (1)"))
        #expect(h.text.contains("8▶"))
        h.width = 200
        h.height = 50
        #expect(h.text.contains("Lost (0)"))
        #expect(!h.text.contains("▶"))
    }

    @Test func wideCharactersKeepTheGrid() throws {
        let h = try BoardHarness(deals: [("東京テクノ の大型案件 🚀 rollout", "Société Générale ❤️ 👩‍💻", "12000")])
        let s = h.screen
        for y in 0..<s.height {
            let width = s.row(y).reduce(0) { $0 + TextWidth.of($1) }
            #expect(width <= s.width, "row \(y) is \(width) columns")
        }
        #expect(h.text.contains("#1 東京テクノ"))
        #expect(h.text.contains("…"))
    }

    @Test func liveChangeFromAnotherWriter() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
        h.press(.down) // select #2
        let other = try BoardStore(folder: h.folder, user: "bob")
        try other.perform(now: BoardHarness.now) { try $0.create(title: "Initech deal", company: "Initech", amount: "5k", owner: "bob", stage: nil) }
        #expect(h.app.tick())
        let text = h.text
        #expect(text.contains("#3 Initech deal"))
        #expect(text.contains("bob #3 created \"Initech deal\" in Prospecting"))
        #expect(h.app.selectedDeal?.number == 2) // the selection stays on the same deal
    }

    @Test func asciiFallbacks() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        h.app.unicode = false
        h.press(.char(">"))
        let text = h.text
        #expect(text.contains("[ ] Company size fits"))
        #expect(text.contains("x Fits the ideal customer profile"))
        #expect(!text.contains("☐"))
    }

    @Test func foldClosedColumnsClickAndEditor() throws {
        let h = try BoardHarness(width: 200, height: 50, deals: [("Acme renewal", "Acme", "12000"), ("Globex pilot", "Globex", "8k")])
        #expect(h.text.contains("Lost (0)"))
        h.press(.char("z"))
        #expect(!h.text.contains("Lost (0)"))
        #expect(h.text.contains("Lost 0"))          // the count moves to the title bar
        // A click selects the card under the mouse.
        let s = h.screen
        let y = (0..<s.height).first { s.row($0).contains("#2 Globex pilot") }!
        h.press(.mouse(x: 3, y: y))
        #expect(h.app.selectedDeal?.number == 2)
        // Ctrl-E in a prompt hands the text to $EDITOR (here a stand-in) and takes back what was saved.
        h.app.editText = { old in .success(old + " — and more written in the editor") }
        h.press(.char("a"), .enter)
        h.type("Call")
        h.press(.ctrl("e"), .enter)
        #expect(h.store.state.deal(number: 2)?.activities.last?.text == "Call — and more written in the editor")
    }

    @Test func panelClosesWhenSomeoneElseMovesTheDeal() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")], manager: "bob")
        h.press(.char(">"))
        #expect(h.text.contains("cannot move to Qualification yet"))
        let bob = try BoardStore(folder: h.folder, user: "bob")
        try bob.perform(now: BoardHarness.now) { try $0.move(1, to: .next, reason: "CEO call", force: true) }
        h.app.tick()
        #expect(!h.text.contains("cannot move to"))
        #expect(h.text.contains("#1 was moved to Qualification by bob meanwhile"))
        #expect(h.store.state.deal(number: 1)?.stage == "qualification")
    }

    @Test func filterKeepsTheSelectionSensible() throws {
        let h = try BoardHarness(deals: (1...12).map { ("Deal \($0)", $0 % 5 == 0 ? "Wonka" : "Acme", "1000") })
        h.press(.char("G"))                    // #12, last in the column
        h.press(.char("/"))
        h.type("wonka")
        h.press(.enter)
        #expect(h.app.selectedDeal?.number == 10)
        h.press(.char("k"))                    // one press moves up at once
        #expect(h.app.selectedDeal?.number == 5)
        h.press(.escape)                       // clearing the filter stays on #5
        #expect(h.app.selectedDeal?.number == 5)
        h.press(.char("c"), .escape)
        #expect(!h.text.contains("not moved"))
    }
}
