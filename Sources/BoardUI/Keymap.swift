import Foundation
import Terminal

/// Everything a key can do.
public enum Action: String, CaseIterable, Sendable {
    case left, right, up, down, pageUp, pageDown, halfPageUp, halfPageDown, first, last, repaint
    case moveForward, moveBack, open, cancel
    case newDeal, edit, logActivity, tickChecks, won, lost, undo, sync
    case filter, myDeals, review, help, quit, force, collapse
    case walk, stuckList, period, owner, reviewDone, nextDeal, previousDeal, nextStep
}

/// Where a binding applies.
public enum KeyContext: String, Sendable {
    case board, panel, review, walk, everywhere
}

/// One row of the one keymap table: the help overlay and the README key table come from it.
public struct Binding: Sendable {
    public var keys: [KeyEvent]
    public var action: Action
    public var help: String
    public var context: KeyContext

    public init(_ keys: [KeyEvent], _ action: Action, _ help: String, _ context: KeyContext = .board) {
        self.keys = keys
        self.action = action
        self.help = help
        self.context = context
    }
}

public struct Keymap: Sendable {
    public var bindings: [Binding]

    /// The defaults of PRODUCT.md's keymap.
    public static let defaults = Keymap(bindings: [
        Binding([.left, .char("h")], .left, "select the column on the left"),
        Binding([.right, .char("l")], .right, "select the column on the right"),
        Binding([.up, .char("k")], .up, "the card (or line) above", .everywhere),
        Binding([.down, .char("j")], .down, "the card (or line) below", .everywhere),
        Binding([.pageUp], .pageUp, "page up", .everywhere),
        Binding([.pageDown], .pageDown, "page down", .everywhere),
        Binding([.ctrl("u")], .halfPageUp, "half a page up", .everywhere),
        Binding([.ctrl("d")], .halfPageDown, "half a page down", .everywhere),
        Binding([.home, .char("g")], .first, "first card in the column", .everywhere),
        Binding([.end, .char("G")], .last, "last card in the column", .everywhere),
        Binding([.char(">"), .shiftRight, .char("L")], .moveForward, "move the deal one stage forward (exit criteria checked)"),
        Binding([.char("<"), .shiftLeft, .char("H")], .moveBack, "move the deal one stage back (asks a reason); reopen a won or lost one"),
        Binding([.enter], .open, "open the deal's detail / confirm", .everywhere),
        Binding([.escape], .cancel, "clear the filter / close the panel", .everywhere),
        Binding([.char("n")], .newDeal, "new deal in the selected stage"),
        Binding([.char("e")], .edit, "edit the deal (a form of all its fields)"),
        Binding([.char("a")], .logActivity, "log an activity (call, email, meeting, note)"),
        Binding([.char("c")], .tickChecks, "tick exit-criteria checks of the current stage"),
        Binding([.char("W")], .won, "mark won"),
        Binding([.char("X")], .lost, "mark lost (asks a reason code)"),
        Binding([.char("u")], .undo, "undo my last change"),
        Binding([.char("/")], .filter, "filter cards by text"),
        Binding([.char("m")], .myDeals, "only my deals (toggle)"),
        Binding([.char("z")], .collapse, "fold / unfold the Won and Lost columns"),
        Binding([.char("r")], .review, "weekly review screen"),
        Binding([.char("S")], .sync, "sync with the board's git remote (as dealboard sync)"),
        Binding([.char("?")], .help, "help", .everywhere),
        Binding([.ctrl("l")], .repaint, "redraw the whole screen (after another program wrote over it)", .everywhere),
        Binding([.char("F")], .force, "force the move (or a new deal's entry) past unmet criteria (managers; asks a reason)", .panel),
        Binding([.char("w")], .walk, "walk the stuck deals one by one (Enter: from the one under the cursor)", .review),
        Binding([.char("s")], .stuckList, "jump to the stuck deals", .review),
        Binding([.char("t")], .period, "period: last 7, 30, 90 days, since the last review", .review),
        Binding([.char("o")], .owner, "one rep's review, or the whole team's (pick an owner)", .review),
        Binding([.char("R")], .reviewDone, "mark the review done (managers)", .review),
        Binding([.char("n")], .nextDeal, "next stuck deal (skip this one)", .walk),
        Binding([.char("p")], .previousDeal, "previous stuck deal", .walk),
        Binding([.char("s")], .nextStep, "set the next step, its owner and due date", .walk),
        Binding([.char("q")], .quit, "quit (asks only if typed input would be lost) / back", .everywhere),
    ])

    public func action(for key: KeyEvent, in context: KeyContext) -> Action? {
        bindings.first { ($0.context == context || $0.context == .everywhere) && $0.keys.contains(key) }?.action
    }

    /// The key an action is bound to first, as the screen names it (nil when the user unbound
    /// it): what hints show, so a rebinding shows up in every hint.
    public func key(for action: Action, _ glyphs: Glyphs) -> String? {
        bindings.first { $0.action == action && !$0.keys.isEmpty }.map { glyphs.key($0.keys[0]) }
    }

    /// A line of hints, "t period  o rep  w walk", from the current bindings; an action with no
    /// key is left out. `context` is where the keys are pressed: an action bound in that
    /// context wins over one of the same name elsewhere.
    public func hints(_ items: [(Action, String)], in context: KeyContext, _ glyphs: Glyphs, separator: String = "  ") -> String {
        items.compactMap { action, label -> String? in
            let binding = bindings.first { $0.action == action && $0.context == context && !$0.keys.isEmpty }
                ?? bindings.first { $0.action == action && !$0.keys.isEmpty }
            return binding.map { "\(glyphs.key($0.keys[0])) \(label)" }
        }.joined(separator: separator)
    }

    /// Rebinds an action to other keys (the user's config.toml).
    public mutating func rebind(_ action: Action, to keys: [KeyEvent]) {
        for i in bindings.indices where bindings[i].action == action { bindings[i].keys = keys }
    }

    /// The key table as Markdown rows, for the README (generated, so it never drifts).
    public var markdownTable: String {
        var out = ["| keys | action | where |", "|---|---|---|"]
        for b in bindings {
            let keys = b.keys.map { "`\($0.description)`" }.joined(separator: " ")
            out.append("| \(keys) | \(b.help) | \(b.context.rawValue) |")
        }
        return out.joined(separator: "\n")
    }
}
