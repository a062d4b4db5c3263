@preconcurrency import CNcurses
import Foundation

/// Whether this process can draw a full-screen board: stdout must be a terminal whose terminfo
/// entry can address the cursor. `TERM=dumb` starts ncurses but draws garbage, and `initscr`
/// exits the process on an unknown TERM, so this asks terminfo first, without initialising curses.
public enum TerminalCheck {
    public enum Verdict: Equatable, Sendable {
        case ok
        case notATerminal
        case unusable(String)
    }

    public static func verdict(environment: [String: String] = ProcessInfo.processInfo.environment) -> Verdict {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else { return .notATerminal }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty else { return .unusable("TERM is not set") }
        guard term != "dumb" else { return .unusable("TERM=dumb cannot position the cursor") }
        switch db_term_can_address(term, STDOUT_FILENO) {
        case 1: return .ok
        case 0: return .unusable("TERM=\(term) cannot position the cursor")
        default: return .unusable("no terminfo entry for TERM=\(term)")
        }
    }
}
