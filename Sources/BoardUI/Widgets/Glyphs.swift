import Foundation
import Terminal

/// Every mark the board draws, in Unicode and in ASCII (a terminal that cannot show Unicode,
/// `LANG=C`). One table, so a view asks for `glyphs.met` instead of choosing itself; the
/// terminal's cell-by-cell fallback (`ASCIIFallback`) is only the safety net for journal text.
public struct Glyphs: Sendable {
    public let unicode: Bool
    /// A criterion that holds / does not.
    public let met: String, unmet: String
    /// A checklist item ticked / not.
    public let ticked: String, unticked: String
    /// An item to re-confirm (a dormant deal's checklist).
    public let reconfirm: String
    public let bullet: String
    /// Between items of a line ("Acme · $12k", hints).
    public let dot: String
    /// No value.
    public let dash: String
    public let arrow: String
    /// More above / below; columns hidden left / right.
    public let up: String, down: String, hiddenLeft: String, hiddenRight: String
    /// The text cursor of a field.
    public let cursor: String
    /// Around a value that cycles with ← →.
    public let choiceOpen: String, choiceClose: String
    /// A horizontal rule's piece; a marker line in a bar chart.
    public let rule: String, bar: String
    /// A box's frame: its sides and bottom corners.
    public let side: String, bottomLeft: String, bottomRight: String
    public let times: String, divide: String, atLeast: String, below: String

    public static let unicodeSet = Glyphs(unicode: true, met: "✓", unmet: "✗", ticked: "☑", unticked: "☐", reconfirm: "↻", bullet: "•",
                                          dot: "·", dash: "—", arrow: "→", up: "↑", down: "↓", hiddenLeft: "◀", hiddenRight: "▶",
                                          cursor: "▏", choiceOpen: "‹", choiceClose: "›", rule: "─", bar: "│",
                                          side: "│", bottomLeft: "└", bottomRight: "┘",
                                          times: "×", divide: "÷", atLeast: "✓ ≥", below: "✗")
    public static let asciiSet = Glyphs(unicode: false, met: "+", unmet: "x", ticked: "[x]", unticked: "[ ]", reconfirm: "*", bullet: "*",
                                        dot: "-", dash: "-", arrow: "->", up: "^", down: "v", hiddenLeft: "<", hiddenRight: ">",
                                        cursor: "_", choiceOpen: "<", choiceClose: ">", rule: "-", bar: "|",
                                        side: "|", bottomLeft: "+", bottomRight: "+",
                                        times: "x", divide: "/", atLeast: "ok >=", below: "!!")

    public static func of(unicode: Bool) -> Glyphs { unicode ? unicodeSet : asciiSet }

    /// How a key is named on screen. Without Unicode the arrows would read as < and >, which are
    /// keys themselves, so they are spelled out.
    public func key(_ key: KeyEvent) -> String {
        guard !unicode else { return key.description }
        switch key {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .shiftLeft: return "Shift-Left"
        case .shiftRight: return "Shift-Right"
        default: return key.description
        }
    }

    /// The pair of keys that scroll or choose: "↑↓", or "Up/Down" in ASCII.
    public var upDown: String { unicode ? "↑↓" : "Up/Down" }

    /// A line of the deal's text (its checklist, its criteria) with this table's marks.
    public func marks(_ line: String) -> String {
        guard !unicode else { return line }
        return line.replacingOccurrences(of: "✓", with: met).replacingOccurrences(of: "✗", with: unmet)
            .replacingOccurrences(of: "☑", with: ticked).replacingOccurrences(of: "☐", with: unticked)
            .replacingOccurrences(of: "→", with: arrow)
    }
}
