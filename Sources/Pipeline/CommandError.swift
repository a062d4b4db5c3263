import Foundation

/// Why a command was not turned into an event.
public enum CommandError: Error, Equatable, CustomStringConvertible, Sendable {
    case noSuchDeal(Int)
    case invalid(String)
    /// Exit criteria do not hold; the move is refused and every unmet criterion listed.
    case refused(MoveRefusal)
    case notPermitted(String)
    /// The command would change nothing (an edit to the values the deal already has): nothing
    /// is written, and it is not a failure. The message says so ("#62: no change …").
    case unchanged(String)

    public var description: String {
        switch self {
        case .noSuchDeal(let n): return "no deal #\(n) on this board (see: dealboard list)"
        case .invalid(let message): return message
        case .refused(let refusal): return refusal.description
        case .notPermitted(let message): return message
        case .unchanged(let message): return message
        }
    }
}

/// A forward move refused because exit criteria are unmet.
public struct MoveRefusal: Equatable, Sendable, CustomStringConvertible {
    public var deal: Int
    public var from: String
    public var to: String
    public var unmet: [CriterionResult]

    /// Stage names for the header (keys when not given).
    public var fromName: String?
    public var toName: String?

    /// One criterion per line, exactly `✗ label (field: key)`, as scripts match them.
    public var lines: [String] {
        // Labels come from pipeline.toml: shown on their own line with controls visible.
        unmet.map { SafeText.line("✗ \($0.label)\(MoveRefusal.hint($0.criterion))") }
    }

    /// For people: each ✗ line followed by an indented line saying what it needs.
    public var description: String {
        var out = [SafeText.line("cannot move #\(deal) from \(fromName ?? from) to \(toName ?? to): exit criteria not met")]
        for (line, r) in zip(lines, unmet) {
            out.append(line)
            out.append(SafeText.line("    → \(r.needs)"))
        }
        return out.joined(separator: "\n")
    }

    static func hint(_ c: ExitCriterion) -> String {
        switch c.kind {
        case .field(let key), .minimum(let key, _), .futureDate(let key, _): return " (field: \(key))"
        case .checklist(let key, let n): return " (checklist: \(key), at least \(n))"
        case .signal(let key): return " (signal: \(key.hasPrefix("signal.") ? String(key.dropFirst(7)) : key))"
        case .activity(let kind): return " (activity: \(kind.rawValue))"
        case .requalify(let key, _): return " (re-confirm checklist: \(key))"
        }
    }
}

/// An undo refused because others have worked on the deal since: who did what, and when.
public struct UndoBlock: Equatable, Sendable, CustomStringConvertible {
    public struct Work: Equatable, Sendable {
        public var user: String
        /// In words: "logged a meeting and edited Budget range, Economic buyer".
        public var what: String
        /// Their latest such change.
        public var last: Date
    }

    public var deal: Int
    /// "the creation of #5", "your edit of #5 (Budget range)".
    public var undoing: String
    public var work: [Work]
    /// What to do instead: "mark it lost or edit it instead".
    public var instead: String
    /// The board's zone, for the times shown.
    public var zone: BoardTimeZone

    public init(deal: Int, undoing: String, work: [(user: String, what: String, last: Date)], instead: String, zone: BoardTimeZone = .utc) {
        self.deal = deal
        self.undoing = undoing
        self.work = work.map { Work(user: $0.user, what: $0.what, last: $0.last) }
        self.instead = instead
        self.zone = zone
    }

    /// "bob has since logged a meeting and edited Budget range (2026-11-23 10:02 UTC)".
    public func line(_ w: Work) -> String {
        "\(w.user) has since \(w.what) (\(zone.minute(w.last)))"
    }

    /// One line: `cannot undo the creation of #5: bob has since … (2026-11-23 10:02 UTC); mark it lost or edit it instead`.
    public var description: String {
        "cannot undo \(undoing): " + work.map(line).joined(separator: "; ") + "; \(instead)"
    }
}
