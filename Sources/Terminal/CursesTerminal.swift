@preconcurrency import CNcurses
import Foundation

/// The signal (SIGTERM, SIGHUP, SIGINT) that asked the board to end; the event loop sees it
/// within one key timeout and leaves cleanly (terminal restored, no event half-written).
nonisolated(unsafe) public var terminationRequested: Int32 = 0

/// The only ncurses code: draws a `Screen`, reads keys, knows colours, resize and mouse.
public final class CursesTerminal {
    private let screenPointer: OpaquePointer
    public let unicode: Bool
    private var pairs: [Role: Int16] = [:]
    private var attributes: [Role: attr_t] = [:]
    private var closed = false
    /// The frame ncurses holds now: the next frame sends it only the cells that differ (a
    /// cursor key changes a few dozen of 4,800). nil after a resize: everything is drawn.
    private var drawn: Screen?

    public struct Unavailable: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Starts full-screen mode. `palette` nil means no colours (NO_COLOR, or mono theme).
    /// `mouse` false leaves clicks and drags to the terminal, so text can be selected.
    public init(palette: Palette?, mouse: Bool = true) throws {
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        // newterm, not initscr: initscr exits the process on an unknown TERM.
        guard let scr = newterm(nil, stdout, stdin) else {
            throw Unavailable(reason: "cannot start the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        screenPointer = scr
        cbreak()
        noecho()
        nonl()
        intrflush(db_stdscr(), false)
        keypad(db_stdscr(), true)
        set_escdelay(25)      // Esc answers at once, not after a second
        curs_set(0)
        if mouse {
            _ = mousemask(db_mouse_mask(), nil)
            mouseinterval(0)
        }
        setUpColours(palette)
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal(sig) { s in terminationRequested = s }
        }
        // A crash must not leave the user's terminal in raw mode: restore it, then die as before.
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGTRAP, SIGFPE] {
            signal(sig) { s in
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }

    private func setUpColours(_ palette: Palette?) {
        let mono = palette == nil || !has_colors()
        let looks = mono ? Palette.mono : palette!
        if !mono {
            start_color()
            use_default_colors()
        }
        // 8-colour terminals get the nearest of the basic eight, never a colour on itself
        // (Palette.Look.drawn, tested headless).
        let drawn = looks.drawn(colours: mono ? 0 : Int(db_colors()))
        var next: Int16 = 1
        for role in Role.allCases {
            let look = mono ? looks.look(role).drawn(colours: 256) : drawn[role]!
            var a: attr_t = 0
            if look.bold { a |= db_a_bold() }
            if look.reverse { a |= db_a_reverse() }
            if look.underline { a |= db_a_underline() }
            if look.dim { a |= db_a_dim() }
            attributes[role] = a
            guard !mono else { continue }
            init_pair(next, Int16(look.fg), Int16(look.bg))
            pairs[role] = next
            next += 1
        }
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(db_stdscr())), Int(getmaxy(db_stdscr())))
    }

    public func draw(_ screen: Screen) {
        let (w, h) = size
        let previous = drawn.flatMap { $0.width == screen.width && $0.height == screen.height && w == screen.width && h == screen.height ? $0 : nil }
        var cell = cchar_t()
        // The cells compared in place (no copy of each cell's text for every comparison).
        let old = previous?.cells ?? []
        let now = screen.cells
        old.withUnsafeBufferPointer { old in now.withUnsafeBufferPointer { now in
        for y in 0..<min(h, screen.height) {
            let row = y * screen.width
            // A row whose cells are the same bytes as last frame's is unchanged (most rows after
            // a cursor key): skip it whole. Bytes that differ (padding, another copy of a long
            // text) only send the row through the cell-by-cell comparison below.
            if !old.isEmpty, screen.width > 0, memcmp(old.baseAddress! + row, now.baseAddress! + row, screen.width * MemoryLayout<Cell>.stride) == 0 { continue }
            for x in 0..<min(w, screen.width) {
                let i = row + x
                if now[i].continuation { continue }
                // Unchanged, and so is the column a wide character of it covers: ncurses has it.
                if !old.isEmpty, old[i] == now[i], x + 1 >= screen.width || old[i + 1] == now[i + 1] { continue }
                let c = now[i]
                let text = unicode ? c.text : ASCIIFallback.character(c.text)
                var chars: [wchar_t] = text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
                if chars.isEmpty { chars = [32] }
                chars.append(0)
                setcchar(&cell, chars, attributes[c.role] ?? 0, pairs[c.role] ?? 0, nil)
                if y == h - 1, x == w - 1 {
                    // Writing the bottom-right cell would scroll many terminals: insert it instead.
                    mvwins_wch(db_stdscr(), Int32(y), Int32(x), &cell)
                } else {
                    mvwadd_wch(db_stdscr(), Int32(y), Int32(x), &cell)
                }
                // Without Unicode a wide character becomes one ASCII cell: fill its second column too.
                if !unicode, x + 1 < screen.width, now[i + 1].continuation {
                    setcchar(&cell, [32, 0], attributes[c.role] ?? 0, pairs[c.role] ?? 0, nil)
                    mvwadd_wch(db_stdscr(), Int32(y), Int32(x + 1), &cell)
                }
            }
        }
        } }
        drawn = screen
        wnoutrefresh(db_stdscr())
        doupdate()
    }

    /// Timeouts that came back at once: the terminal is gone (ssh dropped, tmux killed) and
    /// every read fails. The board must then end, not spin.
    private var instantErrors = 0

    public func nextKey(timeoutMs: Int) throws -> KeyEvent? {
        wtimeout(db_stdscr(), Int32(timeoutMs))
        var wch: wint_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let r = wget_wch(db_stdscr(), &wch)
        if r == ERR {
            let elapsedMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            instantErrors = elapsedMs < max(1, timeoutMs / 10) ? instantErrors + 1 : 0
            if instantErrors >= 20 { throw TerminalClosed() }
            return nil
        }
        instantErrors = 0
        if r == KEY_CODE_YES { return special(Int32(wch)) }
        switch wch {
        case 27: return .escape
        case 10, 13: return .enter
        case 127, 8: return .backspace
        case 9: return .tab
        case 1...26: return .ctrl(Character(UnicodeScalar(UInt8(wch) + 96)))
        default:
            guard let scalar = UnicodeScalar(UInt32(wch)) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func special(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END, KEY_LL: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_RESIZE:
            drawn = nil     // ncurses resized its copy of the screen: draw every cell again
            return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if db_wheel_up(event.bstate) != 0 { return .up }
            if db_wheel_down(event.bstate) != 0 { return .down }
            return db_button1(event.bstate) != 0 ? .mouse(x: Int(event.x), y: Int(event.y)) : nil
        default:
            let f0 = db_key_f0()
            if code > f0, code <= f0 + 24 { return .function(Int(code - f0)) }
            return nil
        }
    }

    public func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Ctrl-L: the next `draw` repaints every cell, not only those that changed (another
    /// program, or a `wall` message, wrote over the screen behind ncurses' back).
    public func repaintAll() {
        clearok(db_stdscr(), true)
    }

    public func resume() {
        drawn = nil
        reset_prog_mode()
        clearok(db_stdscr(), true)
        wrefresh(db_stdscr())
    }

    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        delscreen(screenPointer)
    }

    deinit { close() }
}
