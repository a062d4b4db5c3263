import Foundation
import Pipeline
import Terminal

/// One screen of the board app. The conforming value is the screen's state: `update` turns a
/// key into the screen's next state (set as `app.mode`) and commands for the store (through
/// the app), `view` draws it from the state and the app's size and writes nothing, `settled`
/// clamps its scroll offsets to the size (after every key, tick and resize).
///
/// Adding a screen is one new file: a type that conforms, opened with `app.mode = MyScreen(…)`.
/// The app only routes keys to the screen on top, holds the store, the status line and the size.
protocol AppScreen {
    /// Whether it covers the screen (the board, the review, the walk) or is drawn over the one
    /// it was opened from (a deal's detail, help, the panel, prompts, pickers, forms, notices).
    var covers: Bool { get }
    func update(_ key: KeyEvent, _ app: BoardApp)
    func view(_ s: inout Screen, _ app: BoardApp)
    func settled(_ app: BoardApp) -> AppScreen
    /// The few most useful keys for the status line (the least useful first: they give way).
    func statusKeys(_ app: BoardApp) -> StatusKeys
    /// Leaving now would lose what the user typed.
    var holdsTypedInput: Bool { get }
    /// The keys the help overlay lists first when opened from here.
    var keyContext: KeyContext { get }
}

/// The keys of a screen for the status line, in the keymap context they are pressed in.
/// `fixed` is said as it is (a text field's keys are not the board's bindings).
enum StatusKeys {
    case bound([(Action, String)], in: KeyContext)
    case fixed(String)
}

extension AppScreen {
    var covers: Bool { false }
    func settled(_ app: BoardApp) -> AppScreen { self }
    func statusKeys(_ app: BoardApp) -> StatusKeys { .bound([(.help, "help"), (.cancel, "close")], in: .panel) }
    var holdsTypedInput: Bool { false }
    var keyContext: KeyContext { .board }
}
