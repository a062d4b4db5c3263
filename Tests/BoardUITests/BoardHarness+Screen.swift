import Foundation
import Terminal
@testable import BoardUI

/// Reading the screen the way a user does — what is highlighted, whether a box is open — so
/// tests drive the board by keys and never reach into the app's state.
extension BoardHarness {
    /// The text of the highlighted line of the box on top (the panel's, a picker's), if any.
    var highlighted: String? {
        let s = screen
        for y in 0..<s.height where (0..<s.width).contains(where: { s.role($0, y) == .dialogSelected }) {
            return s.row(y).trimmingCharacters(in: CharacterSet(charactersIn: " │|"))
        }
        return nil
    }

    /// Whether a box (panel, prompt, picker, form, detail, help) is open over the board.
    var boxOpen: Bool { screen.cells.contains { $0.role == .dialogTitle } }

    /// Moves the highlight with ↓ / ↑ to the line containing `text`; false when no line does.
    @discardableResult
    func choose(_ text: String) -> Bool {
        for key in [KeyEvent.down, .up] {
            for _ in 0..<60 {
                if highlighted?.contains(text) == true { return true }
                let before = highlighted
                press(key)
                if highlighted == before { break }
            }
        }
        return highlighted?.contains(text) == true
    }
}
