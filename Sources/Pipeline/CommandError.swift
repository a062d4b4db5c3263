import Foundation

/// Why a command was not turned into an event.
public enum CommandError: Error, Equatable, CustomStringConvertible, Sendable {
    case noSuchDeal(Int)
    case invalid(String)
    /// Exit criteria do not hold; the move is refused and every unmet criterion listed.
    case refused(MoveRefusal)
    case notPermitted(String)
    /// A value far outside the board's usual amounts: written only when confirmed (`--yes`,
    /// Enter again on the board). The message says what and why, not how to confirm.
    case needsConfirmation(String)
    /// The command would change nothing (an edit to the values the deal already has): nothing
    /// is written, and it is not a failure. The message says so ("#62: no change …").
    case unchanged(String)

    public var description: String {
        switch self {
        case .noSuchDeal(let n): return "no deal #\(n) on this board (see: dealboard list)"
        case .invalid(let message): return message
        case .refused(let refusal): return refusal.description
        case .notPermitted(let message): return message
        case .needsConfirmation(let message): return message
        case .unchanged(let message): return message
        }
    }
}

/// A forward move — or a new deal's entry into a later stage — refused because exit criteria
/// are unmet.
public struct MoveRefusal: Equatable, Sendable, CustomStringConvertible {
    public var deal: Int
    public var from: String
    public var to: String
    /// In stage order (the order `unmetCriteria` finds them).
    public var unmet: [CriterionResult]

    /// Stage names for the header (keys when not given).
    public var fromName: String?
    public var toName: String?
    /// Stage names for the headings of the groups, by key (the key when missing).
    public var stageNames: [String: String] = [:]
    /// The title of a new deal whose creation in `to` was refused (`deal` and `from` unused).
    public var creating: String?
    /// That new deal as it would have been created: the board's fill-in panel shows its values.
    public var prospect: Deal?

    public init(deal: Int, from: String, to: String, unmet: [CriterionResult]) {
        self.deal = deal
        self.from = from
        self.to = to
        self.unmet = unmet
    }

    /// One criterion per line, exactly `✗ label (field: key)`, as scripts match them.
    public var lines: [String] {
        // Labels come from pipeline.toml: shown on their own line with controls visible.
        unmet.map { SafeText.line("✗ \($0.label)\(MoveRefusal.hint($0.criterion))") }
    }

    /// The unmet criteria under the stage whose exit each one guards, stages in order: a move
    /// that skips stages (or a win from an early stage) lists many, and each must say where
    /// it belongs.
    public var groups: [(stage: String, name: String, unmet: [CriterionResult])] {
        var out: [(stage: String, name: String, unmet: [CriterionResult])] = []
        for r in unmet {
            if let i = out.firstIndex(where: { $0.stage == r.stage }) { out[i].unmet.append(r) }
            else { out.append((r.stage, stageNames[r.stage] ?? r.stage, [r])) }
        }
        return out
    }

    /// The first line: what was refused.
    public var header: String {
        if let creating {
            return SafeText.line("cannot create \"\(creating)\" in \(toName ?? to): exit criteria of the stages on the way not met")
        }
        return SafeText.line("cannot move #\(deal) from \(fromName ?? from) to \(toName ?? to): exit criteria not met")
    }

    /// For people: a heading per stage (`Qualification:`), under it each ✗ line followed by an
    /// indented line saying what it needs.
    public var description: String {
        var out = [header]
        for group in groups {
            out.append(SafeText.line("\(group.name):"))
            for r in group.unmet {
                out.append(SafeText.line("✗ \(r.label)\(MoveRefusal.hint(r.criterion))"))
                out.append(SafeText.line("    → \(r.needs)"))
            }
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
