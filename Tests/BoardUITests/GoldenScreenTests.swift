import Foundation
import Testing
import Terminal
import BoardUI   // not @testable: screens are reached by keys and read from render, nothing else

/// Whole-screen tests: every screen of the full-screen board, reached by pressing keys on the
/// fixture board (`GoldenBoard`), compared cell by cell — text and role — with its golden file
/// in Golden/ at 80x24, 120x40 and 200x50. See `Golden` for the file format and how to update.
@Suite struct GoldenScreenTests {
    /// A screen and the keys that reach it from the board as it opens (the selection on the
    /// first card of Prospecting, #1 Massive Dynamic).
    struct Journey: Sendable, CustomTestStringConvertible {
        var name: String
        var keys: [KeyEvent]
        var testDescription: String { name }

        init(_ name: String, _ steps: [Step]) {
            self.name = name
            keys = steps.flatMap(\.keys)
        }
    }

    /// A key, or text typed one character at a time.
    enum Step: Sendable {
        case key(KeyEvent)
        case text(String)
        var keys: [KeyEvent] {
            switch self {
            case .key(let k): return [k]
            case .text(let s): return s.map { .char($0) }
            }
        }
        static func c(_ c: Character) -> Step { .key(.char(c)) }
        static let enter = Step.key(.enter)
        static let tab = Step.key(.tab)
    }

    static let journeys: [Journey] = [
        // The board as it opens: stages, totals, cards with their badges, #1 selected.
        Journey("board", []),
        // Six columns to the right: on a narrow screen the board scrolls sideways (◀N / N▶).
        Journey("board-scrolled", Array(repeating: .c("l"), count: 6)),
        // Enter on #7 Umbrella expansion (Discovery, second card): fields, exit criteria,
        // checks, activities (a long one wraps), stage history.
        Journey("detail", [.c("l"), .c("l"), .c("j"), .enter]),
        // > on #10 東京オフィス移転 (Qualification, BANT 2 of 4, no budget, no buyer): refused;
        // the fill-in panel lists what is missing.
        Journey("panel", [.c("l"), .c(">")]),
        // e on #10: every field of the deal, its CJK title in the first.
        Journey("form-edit", [.c("l"), .c("e")]),
        // n in Prospecting, a title, a company and an amount that is not one (its error shows).
        Journey("form-new", [.c("n"), .text("Northwind expansion"), .tab, .text("Northwind Traders"), .tab, .text("lots")]),
        // a on #1: the kind set to email with ←→ on its field, what happened typed.
        Journey("activity", [.c("a"), .key(.backTab), .key(.right), .tab, .text("Left a voicemail for the CTO")]),
        // X on #1, 2 picks the second reason (only Enter would mark it lost).
        Journey("lost", [.c("X"), .c("2")]),
        // < on #10: a back move asks why; a reason typed.
        Journey("back-prompt", [.c("l"), .c("<"), .text("Budget frozen until April")]),
        // r: the weekly review, from its headline.
        Journey("review", [.c("r")]),
        // r s: the stuck deals, the first one under the cursor.
        Journey("review-stuck", [.c("r"), .c("s")]),
        // r w: the walk, the first stuck deal with why it is stuck and its detail.
        Journey("walk", [.c("r"), .c("w")]),
        // ?: the keys, generated from the keymap, and the legend of the badges.
        Journey("help", [.c("?")]),
    ]

    static let sizes: [Size] = [Size(80, 24), Size(120, 40), Size(200, 50)]

    struct Size: Sendable, CustomTestStringConvertible {
        var width: Int
        var height: Int
        init(_ w: Int, _ h: Int) { width = w; height = h }
        var testDescription: String { "\(width)x\(height)" }
    }

    @Test(arguments: journeys, sizes)
    func golden(_ journey: Journey, _ size: Size) throws {
        let board = try GoldenBoard(width: size.width, height: size.height)
        board.press(journey.keys)
        Golden.assert(board.screen, named: "\(journey.name)-\(size.width)x\(size.height)")
    }

    /// Without Unicode (LANG=C): the ASCII marks, arrows and badges, at the smallest usual size.
    @Test(arguments: journeys.filter { ["board", "detail", "panel", "form-new", "lost", "review-stuck", "walk", "help"].contains($0.name) })
    func goldenASCII(_ journey: Journey) throws {
        let board = try GoldenBoard(width: 80, height: 24, unicode: false)
        board.press(journey.keys)
        Golden.assert(board.screen, named: "\(journey.name)-ascii-80x24")
    }

    /// A terminal under 40x10 gets a message, in the few cells it has.
    @Test func goldenTooSmall() throws {
        let board = try GoldenBoard(width: 39, height: 9)
        Golden.assert(board.screen, named: "too-small-39x9")
    }
}
