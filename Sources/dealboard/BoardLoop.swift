import BoardUI
import Foundation
import Pipeline
import Store
import Terminal

/// The full-screen board: the event loop between the terminal and the app.
enum BoardLoop {
    /// Runs the board until the user quits (or SIGTERM/SIGHUP/SIGINT arrive).
    static func run(_ store: BoardStore) throws {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let terminal = try CursesTerminal(palette: noColor ? nil : .standard)
        defer { terminal.close() }
        let app = BoardApp(store: store, unicode: terminal.unicode, clock: { (try? BoardClock.now()) ?? Date() })
        var lastTick = Date()
        func draw() {
            let (w, h) = terminal.size
            terminal.draw(app.render(width: w, height: h))
        }
        draw()
        while terminationRequested == 0 {
            let key = try terminal.nextKey(timeoutMs: 250)
            if let key {
                if !app.handle(key) { break }
            }
            // Other writers' events show within a second, also while someone types.
            var changed = false
            if key == nil || Date().timeIntervalSince(lastTick) > 0.5 {
                changed = app.tick()
                lastTick = Date()
            }
            // Idle and nothing new: draw nothing (no CPU, no bytes over ssh).
            if key != nil || changed { draw() }
        }
    }

    /// Opens the board when this is a usable terminal; otherwise prints it as text and says why.
    static func openOrPrint(_ store: BoardStore, now: Date) throws {
        switch TerminalCheck.verdict() {
        case .ok:
            try run(store)
        case .notATerminal:
            try OpenCommand.show(store, now: now)
            warn("note: not a terminal, so the board was printed as text; the full-screen board needs a terminal (scripts: dealboard list, show, move)")
        case .unusable(let why):
            throw Failure.error("cannot draw the full-screen board: \(why). Use a terminal such as TERM=xterm-256color, or the commands: dealboard list, show, move, log")
        }
    }
}
