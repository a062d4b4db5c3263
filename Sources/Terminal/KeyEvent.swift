import Foundation

/// A key press (or other input) as the UI sees it, independent of ncurses' codes.
public enum KeyEvent: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, shiftLeft, shiftRight
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
    case mouse(x: Int, y: Int)
    case resize

    /// How the help overlay and the README name the key.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .shiftLeft: return "Shift-←"
        case .shiftRight: return "Shift-→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .function(let n): return "F\(n)"
        case .mouse: return "click"
        case .resize: return "resize"
        }
    }

    /// Parses a key name as written in the user's config (`"x"`, `"Ctrl-d"`, `"PgDn"`, `"Shift-→"`, `"F5"`).
    public init?(name: String) {
        let n = name.trimmingCharacters(in: .whitespaces)
        let lower = n.lowercased()
        let named: [String: KeyEvent] = [
            "up": .up, "↑": .up, "down": .down, "↓": .down, "left": .left, "←": .left, "right": .right, "→": .right,
            "shift-left": .shiftLeft, "shift-←": .shiftLeft, "shift-right": .shiftRight, "shift-→": .shiftRight,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "backspace": .backspace,
            "del": .delete, "delete": .delete, "tab": .tab, "shift-tab": .backTab, "space": .char(" "),
        ]
        if let k = named[lower] { self = k; return }
        if lower.hasPrefix("ctrl-"), n.count == 6, let c = lower.last { self = .ctrl(c); return }
        if lower.hasPrefix("f"), let f = Int(lower.dropFirst()), (1...24).contains(f) { self = .function(f); return }
        if n.count == 1, let c = n.first { self = .char(c); return }
        return nil
    }
}

public struct TerminalClosed: Error {
    public init() {}
}
