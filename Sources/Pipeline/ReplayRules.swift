import Foundation

/// A journal event that its author could not have made through dealboard: a forward move past
/// unmet exit criteria without a manager's force, a force by someone who is not a manager, a
/// move from a stage the deal was not in, a change to a deal that does not exist, an undo of
/// someone else's change, a deal created in a later stage past the gates on the way. Anyone can
/// append such a line to their own journal by hand.
///
/// Replay does not apply it — the deal stays where it legitimately was, as if the line were not
/// there; a creation makes its deal all the same, in the stage its gates let it reach
/// (`keptIn`) — but the line stays in the journal, `dealboard check` lists it (an error, with
/// author, file and line) and `dealboard history` marks it. Nothing is deleted.
public struct DisallowedEvent: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A forward move past unmet exit criteria, not forced by a manager.
        case unmetCriteria = "unmet_criteria"
        /// `forced: true` written by someone who is not in `managers`.
        case forcedByNonManager = "forced_by_non_manager"
        /// `data.from` is not the stage the deal was in (or the move goes nowhere).
        case wrongStage = "wrong_stage"
        /// A won or lost deal moved other than by reopening it (or lost twice).
        case closedDeal = "closed_deal"
        /// Marked lost without a reason.
        case noLossReason = "no_loss_reason"
        /// An edit, tick, activity, move or undo of a deal that does not exist.
        case noSuchDeal = "no_such_deal"
        /// An undo of someone else's creation, activity or move (dealboard undoes your own only).
        case notTheirs = "not_theirs"
    }

    public var eventID: String
    public var user: String
    public var type: String
    /// The deal's stable id and number (the number as written, when the deal does not exist).
    public var deal: String?
    public var number: Int?
    public var at: Date
    public var kind: Kind
    /// Why, in words: "moved past 3 unmet criteria without being a manager: A; B; C".
    public var reason: String
    /// The unmet criteria's labels (unmet_criteria, forced_by_non_manager).
    public var unmet: [String] = []
    /// A `deal.created` whose stage was not allowed is still applied — a deal never vanishes
    /// with the work done on it — but in this stage (key): as far as its gates let it go.
    public var keptIn: String?

    /// "alice's deal.moved of #5 (event X, 2026-11-23T09:00:00.000Z) was not applied: …"
    public var description: String {
        let of = number.map { " of #\($0)" } ?? ""
        return "\(user)'s \(type)\(of) (event \(eventID), \(Timestamp.format(at))) was not applied: \(reason)"
    }
}

/// The rules replay holds the journal to: pipeline.toml as it is *now* (its history is not
/// journaled), with each stage's exit criteria worked out once, not per move. A class: the
/// fold reaches it on every move, and a struct this size would be retained field by field.
final class ReplayRules: Sendable {
    let pipeline: PipelineDefinition
    let exits: [[ExitCriterion]]
    let index: [String: Int]
    /// Custom fields declared as money: their journal values are read as amounts.
    let moneyFields: Set<String>

    init(_ pipeline: PipelineDefinition) {
        self.pipeline = pipeline
        moneyFields = Set(pipeline.customFields.filter { $0.type == .money }.map(\.key))
        exits = pipeline.stages.map { pipeline.exitCriteria(of: $0.key) }
        var index: [String: Int] = [:]
        for (i, s) in pipeline.stages.enumerated() where index[s.key] == nil { index[s.key] = i }
        self.index = index
    }

    func name(_ key: String) -> String { index[key].map { pipeline.stages[$0].name } ?? key }

    /// Why a `deal.moved` could not have come from dealboard, judged against the deal as it was
    /// just before the event, at the event's time as "now", as the event's author — what
    /// `BoardCommands.move` / `won` / `lost` / `reopen` check. nil: dealboard could have written it.
    ///
    /// Moves from or to a stage pipeline.toml no longer has are not judged beyond their from
    /// stage (the rules they were made under are unknown); back moves need no criteria, and
    /// neither a back move's reason nor a loss reason's spelling is held to today's list, so
    /// editing those in pipeline.toml never turns old moves into forgeries.
    func judgeMove(_ e: Event, _ move: DealMoved, deal d: Deal, to: String) -> (DisallowedEvent.Kind, String, [String])? {
        let moved = move.forced ? "forced" : "moved"
        // What dealboard's own rules need first: the stage the user saw is the stage it is in.
        guard let from = move.from else {
            return (.wrongStage, "a move without a from stage (#\(d.number) was in \(name(d.stage)))", [])
        }
        guard from == d.stage else {
            return (.wrongStage, "\(moved) from \(name(from)), but #\(d.number) was in \(name(d.stage))", [])
        }
        guard to != d.stage else { return (.wrongStage, "\(moved) to \(name(to)), where #\(d.number) already was", []) }
        guard let ci = index[d.stage], let ti = index[to] else { return nil }
        let current = pipeline.stages[ci].kind, target = pipeline.stages[ti].kind

        if target == .lost {
            guard current == .open else { return (.closedDeal, "marked lost while already closed (\(name(d.stage))); dealboard reopens it first", []) }
            guard let why = move.reason, !why.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return (.noLossReason, "marked lost without a loss reason", [])
            }
            return nil
        }
        if current == .lost || (current == .won && target == .open) {
            // Only `reopen`: back to the open stage it closed from.
            let lastOpen = d.history.last { index[$0.stage].map { pipeline.stages[$0].isOpen } ?? false }?.stage ?? pipeline.firstStage.key
            guard to == lastOpen else {
                return (.closedDeal, "moved a \(current == .won ? "won" : "lost") deal to \(name(to)); it can only be reopened, into \(name(lastOpen))", [])
            }
            return nil
        }
        if move.imported != nil {
            // An import records the past: a manager's may go past the gates (as a forced move
            // may), anyone else's is held to them like an ordinary move.
            guard !pipeline.isManager(e.user), ti > ci else { return nil }
            let unmet = pipeline.unmetCriteria(d, to: to, now: e.timestamp, exits: exits).map(\.label)
            guard !unmet.isEmpty else { return nil }
            return (.unmetCriteria, "imported past \(unmet.count == 1 ? "1 unmet criterion" : "\(unmet.count) unmet criteria") by \(e.user), "
                    + "who is not a manager (\(pipeline.managersText)); only a manager's import goes past the gates" + Self.list(unmet), unmet)
        }
        let forced = move.forced
        if forced, !pipeline.isManager(e.user) {
            let unmet = ti > ci ? pipeline.unmetCriteria(d, to: to, now: e.timestamp, exits: exits).map(\.label) : []
            return (.forcedByNonManager, "forced by \(e.user), who is not a manager (\(pipeline.managersText))" + Self.list(unmet), unmet)
        }
        guard ti > ci else { return nil } // back: no criteria
        let unmet = pipeline.unmetCriteria(d, to: to, now: e.timestamp, exits: exits).map(\.label)
        guard !unmet.isEmpty else { return nil }
        let n = unmet.count == 1 ? "1 unmet criterion" : "\(unmet.count) unmet criteria"
        if forced {
            guard let why = move.reason, !why.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return (.unmetCriteria, "forced past \(n) without a reason" + Self.list(unmet), unmet)
            }
            return nil
        }
        if pipeline.isManager(e.user) {
            return (.unmetCriteria, "moved past \(n) without forcing it (a manager's forced move records --force and a reason)" + Self.list(unmet), unmet)
        }
        return (.unmetCriteria, "moved past \(n) without being a manager" + Self.list(unmet), unmet)
    }

    /// Why a `deal.created` in a stage past the first could not have come from dealboard, and
    /// the stage the deal is kept in instead; nil when it could have. Judged as
    /// `BoardCommands.create` judges it: the gates of every stage on the way, on the values the
    /// creation gives, at the event's time, as its author — unless a manager forced the entry
    /// with a reason. A creation in a stage pipeline.toml no longer has is not judged (the
    /// rules it was made under are unknown), like a move to such a stage.
    func judgeCreation(_ e: Event, _ created: DealCreated, deal d: Deal) -> (kind: DisallowedEvent.Kind, reason: String, unmet: [String], keptIn: String, counted: Bool)? {
        guard let ti = index[d.stage], d.stage != pipeline.firstStage.key else { return nil }
        let results = pipeline.unmetCriteria(creating: d, in: d.stage, now: e.timestamp, exits: exits)
        let unmet = results.map(\.label)
        let keptIn = pipeline.furthestEntry(results, claimed: ti)
        let kept = " (the deal is kept, in \(name(keptIn)))"
        if !pipeline.stages[ti].isOpen {
            return (.closedDeal, "created in \(name(d.stage)); dealboard creates deals in open stages only" + kept, [], keptIn, false)
        }
        if created.imported != nil {
            // As for an imported move: a manager's import may create past the gates, no one else's.
            guard !pipeline.isManager(e.user), !unmet.isEmpty else { return nil }
            return (.unmetCriteria, "imported into \(name(d.stage)) past \(unmet.count == 1 ? "1 unmet criterion" : "\(unmet.count) unmet criteria") by \(e.user), "
                    + "who is not a manager (\(pipeline.managersText)); only a manager's import goes past the gates" + kept + Self.list(unmet), unmet, keptIn, false)
        }
        let forced = created.forced
        if forced, !pipeline.isManager(e.user) {
            return (.forcedByNonManager, "created in \(name(d.stage)) forced by \(e.user), who is not a manager (\(pipeline.managersText))" + kept + Self.list(unmet), unmet, keptIn, false)
        }
        guard !unmet.isEmpty else { return nil }
        let n = unmet.count == 1 ? "1 unmet criterion" : "\(unmet.count) unmet criteria"
        if forced {
            guard let why = created.reason, !why.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return (.unmetCriteria, "created in \(name(d.stage)), forced past \(n) without a reason" + kept + Self.list(unmet), unmet, keptIn, false)
            }
            return nil
        }
        if pipeline.isManager(e.user) {
            // Before gates held for new deals, dealboard let managers (only them) create a deal in
            // any stage without recording a force; boards full of such deals (a pipeline brought in
            // by a script) must keep them where they are. A manager may force the entry anyway,
            // so counting it claims no right they lack: `check` notes it (see `BoardState.create`).
            return (.unmetCriteria, "created in \(name(d.stage)) by \(e.user), a manager, past \(n) without a recorded force "
                    + "(older dealboard versions allowed it; it counts where it was created)" + Self.list(unmet), unmet, d.stage, true)
        }
        return (.unmetCriteria, "created in \(name(d.stage)) past \(n) without being a manager" + kept + Self.list(unmet), unmet, keptIn, false)
    }

    static func list(_ labels: [String]) -> String { labels.isEmpty ? "" : ": " + labels.joined(separator: "; ") }
}
