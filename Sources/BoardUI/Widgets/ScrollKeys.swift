import Foundation
import Terminal

/// The keys of a long text that only scrolls (help, a deal's detail): the new offset, or nil
/// when the key closes it. The offset is clamped to the text by the screen's `settled`.
enum ScrollKeys {
    static func scroll(_ key: KeyEvent, _ scroll: Int, _ app: BoardApp) -> Int? {
        switch app.keymap.action(for: key, in: .panel) {
        case .up: return max(0, scroll - 1)
        case .down: return scroll + 1
        case .pageUp: return max(0, scroll - 10)
        case .pageDown: return scroll + 10
        case .halfPageUp: return max(0, scroll - BoardApp.halfPage(app.size.height - 4))
        case .halfPageDown: return scroll + BoardApp.halfPage(app.size.height - 4)
        case .first: return 0
        case .cancel, .quit, .open, .help: return nil
        default: return scroll
        }
    }
}
