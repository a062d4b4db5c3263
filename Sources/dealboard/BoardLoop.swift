import ArgumentParser
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

    /// `loaded`: the settings when the caller read them already (each read parses the theme's TOML).
    static func run(_ store: BoardStore, theme: String?, greeting: String? = nil, loaded: (UserSettings, Palette?)? = nil) throws {
        let (settings, palette) = try loaded ?? settings(theme: theme)
        let terminal = try CursesTerminal(palette: palette, mouse: settings.mouse)
        defer { terminal.close() }
        let app = BoardApp(store: store, keymap: settings.keymap, unicode: terminal.unicode, clock: (try? BoardClock.source()) ?? { Date() })
        if let greeting { app.announce(greeting) }
        app.editText = { text in
            terminal.suspend()
            defer { terminal.resume() }
            return Editor.edit(text)
        }
        var lastTick = Date()
        func draw() {
            if app.wantsRepaint {
                terminal.repaintAll()
                app.wantsRepaint = false
            }
            terminal.draw(app.render())
        }
        // The size is an event like a key: first now, then on every resize.
        app.resize(width: terminal.size.width, height: terminal.size.height)
        draw()
        while terminationRequested == 0 {
            let key: KeyEvent?
            do { key = try terminal.nextKey(timeoutMs: 250) } catch is TerminalClosed { break }
            if key == .resize { app.resize(width: terminal.size.width, height: terminal.size.height) }
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
            // Long work a key asked for (a sync) runs once the frame saying so is on screen.
            if app.hasPendingWork {
                app.doPendingWork()
                draw()
            }
        }
        if terminationRequested != 0 {
            terminal.close()
            throw ExitCode(128 + terminationRequested)
        }
    }

    /// Opens the board when this is a usable terminal; otherwise prints it as text and says why.
    static func openOrPrint(_ store: BoardStore, now: Date, theme: String?) throws {
        let loaded = try settings(theme: theme)
        switch TerminalCheck.verdict() {
        case .ok:
            try run(store, theme: theme, loaded: loaded)
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
    static func edit(_ text: String) -> Result<String, EditorFailure> {
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        var template = Array((NSTemporaryDirectory() + "/dealboard-note-XXXXXX.txt").utf8CString)
        let fd = mkstemps(&template, 4)
        guard fd >= 0 else { return .failure(EditorFailure("cannot make a temporary file for the editor")) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        // posix_spawn, not Foundation's Process: Process puts the child in a process group of its
        // own, and an editor in a background group is stopped (SIGTTIN) as soon as it reads the tty.
        // The shell lets an editor carry arguments ("code -w").
        let args = ["/bin/sh", "-c", "\(editor) \"$1\"", "editor", path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 else { return .failure(EditorFailure("cannot start /bin/sh to run the editor")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // The shell says 127 when the command does not exist.
        let code = (status >> 8) & 0xFF
        guard status == 0 else {
            return .failure(EditorFailure(code == 127 ? "editor \"\(editor)\" not found: set $VISUAL or $EDITOR; nothing changed"
                                                      : "the editor (\(editor)) exited with an error; nothing changed"))
        }
        guard let edited = try? String(contentsOfFile: path, encoding: .utf8) else { return .failure(EditorFailure("the editor's file could not be read back; nothing changed")) }
        return .success(edited)
    }
}
