import BoardUI
import Foundation
import Pipeline
import Store
import Terminal

/// The full-screen board: the event loop between the terminal and the app.
enum BoardLoop {
    /// Runs the board until the user quits (or SIGTERM/SIGHUP/SIGINT arrive).
    /// The user's settings and the theme, read before the screen is taken over so that a
    /// broken file is reported plainly (file, line, key).
    static func settings(theme: String?) throws -> (UserSettings, Palette?) {
        do {
            let settings = try UserSettings.load()
            return (settings, try UserSettings.palette(option: theme, settings: settings))
        } catch {
            throw Failure.error("\(error)")
        }
    }

    static func run(_ store: BoardStore, theme: String?) throws {
        let (settings, palette) = try settings(theme: theme)
        let terminal = try CursesTerminal(palette: palette)
        defer { terminal.close() }
        let app = BoardApp(store: store, keymap: settings.keymap, unicode: terminal.unicode, clock: { (try? BoardClock.now()) ?? Date() })
        app.editText = { text in
            terminal.suspend()
            defer { terminal.resume() }
            return Editor.edit(text)
        }
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
    static func openOrPrint(_ store: BoardStore, now: Date, theme: String?) throws {
        _ = try settings(theme: theme)
        switch TerminalCheck.verdict() {
        case .ok:
            try run(store, theme: theme)
        case .notATerminal:
            try OpenCommand.show(store, now: now)
            warn("note: not a terminal, so the board was printed as text; the full-screen board needs a terminal (scripts: dealboard list, show, move)")
        case .unusable(let why):
            throw Failure.error("cannot draw the full-screen board: \(why). Use a terminal such as TERM=xterm-256color, or the commands: dealboard list, show, move, log")
        }
    }
}

/// Runs `$VISUAL`/`$EDITOR` (else `vi`) on a temporary file and returns what was saved.
enum Editor {
    static func edit(_ text: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        var template = Array((NSTemporaryDirectory() + "/dealboard-note-XXXXXX.txt").utf8CString)
        let fd = mkstemps(&template, 4)
        guard fd >= 0 else { return nil }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor may carry arguments ("code -w"): let the shell split it.
        p.arguments = ["-c", "\(editor) \"$1\"", "editor", path]
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }
}
