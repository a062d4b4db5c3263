import Foundation

/// Turns what a user asks for into an event, validated against the board as it is *now*.
///
/// The store calls these under the journal lock, after catching up with other writers, so a
/// rule is always checked against everyone's events. Nothing here touches files or the clock.
public struct BoardCommands {
    public var pipeline: PipelineDefinition
    public var state: BoardState
    public var user: String
    public var now: Date

    public init(pipeline: PipelineDefinition, state: BoardState, user: String, now: Date) {
        self.pipeline = pipeline
        self.state = state
        self.user = user
        self.now = now
    }

    func deal(_ number: Int) throws -> Deal {
        guard let d = state.deal(number: number) else { throw CommandError.noSuchDeal(number) }
        return d
    }

    // MARK: Create and edit

    /// A new deal. `fields` are `key → typed text`; values are validated by type. `checks`
    /// (labels) are ticked and `activities` logged with it. In a stage past the first, the deal
    /// must pass the gates of every stage on the way with those values, or be a manager's
    /// forced entry (`force`, with a `reason`), recorded as such — see `entry`.
    /// `confirmed`: an amount far above the board's usual ones is meant (see `checkUsual`).
    public func create(title: String, company: String, amount: String, owner: String?, stage: String?,
                       fields: [(String, String)] = [], checks: [String] = [], activities: [(kind: String, text: String)] = [],
                       force: Bool = false, reason: String? = nil, confirmed: Bool = false) throws -> EventDraft {
        let cleanTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !cleanTitle.isEmpty else { throw CommandError.invalid("a deal needs a title") }
        var stageKey = pipeline.firstStage.key
        if let stage {
            guard let s = pipeline.findStage(stage) else { throw CommandError.invalid("no stage \"\(stage)\"; stages: \(stageList)") }
            guard s.isOpen else { throw CommandError.invalid("a new deal starts in an open stage, not \(s.name)") }
            stageKey = s.key
        }
        var amountText = ""
        if !amount.trimmingCharacters(in: .whitespaces).isEmpty {
            amountText = try canonical(BuiltInField.amount, amount)
        }
        var custom: [FieldValue] = []
        for (key, raw) in fields {
            guard let def = pipeline.findField(key), !BuiltInField.dealProperties.contains(def.key) else {
                throw unknownField(key)
            }
            let value = try pipeline.checkedPerson(def, try canonical(def, raw))
            if !value.isEmpty { custom.append(FieldValue(def.key, .string(value))) }
        }
        try checkUsual([(BuiltInField.amount, amountText)] + custom.compactMap { f in pipeline.field(f.key).map { ($0, f.text) } },
                       of: nil, confirmed: confirmed)
        let ownerName = try self.owner(owner?.trimmingCharacters(in: .whitespaces).nonEmpty)
        let created = DealCreated(title: cleanTitle, company: company.trimmingCharacters(in: .whitespaces), amount: amountText,
                                  owner: ownerName, stage: stageKey, fields: custom)
        return try entry(created, number: state.nextNumber, checks: checks, activities: activities, force: force, reason: reason)
    }

    /// Sets fields from `key=value` assignments; records the previous values so undo can restore them.
    /// `confirmed`: an amount far above the board's usual ones is meant (see `checkUsual`).
    public func edit(_ number: Int, assignments: [(String, String)], confirmed: Bool = false) throws -> EventDraft {
        let d = try deal(number)
        guard !assignments.isEmpty else { throw CommandError.invalid("nothing to change: give field=value pairs; fields: \(fieldList)") }
        var set: [FieldValue] = []
        var previous: [FieldValue] = []
        for (key, raw) in assignments {
            guard let def = pipeline.findField(key) else { throw unknownField(key) }
            let value = try pipeline.checkedPerson(def, try canonical(def, raw))
            if def.key == "title", value.isEmpty { throw CommandError.invalid("the title cannot be empty") }
            if def.key == "owner", value.isEmpty { throw CommandError.invalid("the owner cannot be empty") }
            set.removeAll { $0.key == def.key }
            set.append(FieldValue(def.key, .string(value)))
            if !previous.contains(where: { $0.key == def.key }) { previous.append(FieldValue(def.key, .string(d.value(def.key)))) }
        }
        // A value the deal already has is no change (`12k` where it says 12000 included): it
        // is left out, and an edit that changes nothing writes nothing — no event, no undo entry.
        let same = set.filter { d.value($0.key) == $0.text }.map(\.key)
        guard same.count < set.count else {
            let what = same.map { key in "\(pipeline.field(key)?.label ?? key) is already \(shown(key, d.value(key)))" }
            throw CommandError.unchanged("#\(d.number): no change (\(what.joined(separator: ", ")))")
        }
        set.removeAll { same.contains($0.key) }
        previous.removeAll { same.contains($0.key) }
        try checkUsual(set.compactMap { f in pipeline.field(f.key).map { ($0, f.text) } }, of: d, confirmed: confirmed)
        return EventDraft(.dealEdited(DealEdited(set: set, previous: previous)), deal: d.uid, number: d.number)
    }

    /// The owner of a new deal: the one named, else the user creating it — checked against the
    /// board's people when it has a list.
    func owner(_ named: String?) throws -> String {
        if let named { return try pipeline.checkedPerson(BuiltInField.owner, named) }
        guard pipeline.people.isEmpty || pipeline.person(user) != nil else {
            throw CommandError.invalid("you (\(user)) are not one of the board's people ([[people]] in pipeline.toml), so a new deal cannot be yours; "
                                       + "name its owner (--owner): " + pipeline.people.map(\.shown).joined(separator: ", "))
        }
        return try pipeline.checkedPerson(BuiltInField.owner, user)
    }

    func unknownField(_ key: String) -> CommandError {
        .invalid("unknown field \"\(key)\"; \(Suggestion.didYouMean(key, in: pipeline.allFields.flatMap { [$0.key, $0.label] }))fields: \(fieldList)")
    }

    /// A stored value for people: money as `12,000`, a cleared value as `(empty)`.
    func shown(_ key: String, _ value: String) -> String {
        if value.isEmpty { return "(empty)" }
        if pipeline.field(key)?.type == .money, let m = Money(canonical: value) { return pipeline.money.text(m) }
        return value
    }

    func canonical(_ def: FieldDefinition, _ raw: String) throws -> String {
        switch def.canonicalValue(raw, money: pipeline.money) {
        case .success(let v): return v
        case .failure(let e): throw CommandError.invalid(e.description)
        }
    }

    /// How far above the largest open deal an amount may be before it needs a confirmation.
    public static let unusualFactor = 100

    /// A money value more than 100× the largest open deal is more often a slip — `9000k` for
    /// 9000, a European `45.000` typed where `.` is the decimal mark — than a deal: refused
    /// until confirmed. A deal's new amount is measured against the other deals (not its own old
    /// one); a budget against all of them. A board without amounts yet has no measure.
    func checkUsual(_ values: [(FieldDefinition, String)], of deal: Deal?, confirmed: Bool) throws {
        guard !confirmed else { return }
        var largestOther: Deal?
        for d in state.deals where !d.deleted && d.uid != deal?.uid && (pipeline.stage(d.stage)?.isOpen ?? false) {
            if d.amount > (largestOther?.amount ?? .zero) { largestOther = d }
        }
        var largestAll = largestOther
        if let deal, deal.amount > (largestOther?.amount ?? .zero), pipeline.stage(deal.stage)?.isOpen ?? false { largestAll = deal }
        for (def, text) in values where def.type == .money {
            guard let largest = def.key == BuiltInField.amount.key ? largestOther : largestAll,
                  let m = Money(canonical: text), Int128(m.units) > Int128(largest.amount.units) * Int128(Self.unusualFactor) else { continue }
            throw CommandError.needsConfirmation("\(def.label) \(pipeline.money.text(m)) is more than \(Self.unusualFactor) times the largest open deal "
                                                 + "(#\(largest.number), \(pipeline.money.text(largest.amount)))")
        }
    }

    // MARK: Checks and activities

    /// The one check or buyer signal a label names (a label shared by several checklists means
    /// one of `preferring`); refuses an unknown or ambiguous label, listing what there is.
    func check(labelled label: String, preferring: [String]) throws -> (key: String, label: String) {
        let matches = pipeline.findCheck(label, preferring: preferring)
        guard !matches.isEmpty else {
            let all = pipeline.allChecks.map { "\"\($0.label)\"" }.joined(separator: ", ")
            let hint = Suggestion.didYouMean(label, in: pipeline.allChecks.map(\.label), quote: true)
            throw CommandError.invalid("no check or buyer signal labelled \"\(label)\"; \(hint)known: \(all)")
        }
        guard matches.count == 1 else {
            // Several labels start that way ("budget"): name them, so the next try is exact.
            if Set(matches.map(\.label)).count == matches.count {
                throw CommandError.invalid("\"\(label)\" could be " + matches.map { "\"\($0.label)\"" }.joined(separator: " or ") + "; type more of the label")
            }
            throw CommandError.invalid("\"\(label)\" is ambiguous: " + matches.map(\.key).joined(separator: ", ") + "; use the key")
        }
        return matches[0]
    }

    /// Ticks (or unticks) a checklist item or buyer signal by its label. Ticking an item that is
    /// already ticked re-confirms it (re-qualification of dormant deals needs that).
    public func setCheck(_ number: Int, label: String, checked: Bool = true) throws -> EventDraft {
        let d = try deal(number)
        let preferring = pipeline.exitCriteria(of: d.stage).compactMap { c -> String? in
            if case .checklist(let k, _) = c.kind { return k }
            if case .requalify(let k, _) = c.kind { return k }
            return nil
        }
        let check = try check(labelled: label, preferring: preferring)
        // Unticking what is not ticked changes nothing (ticking again re-confirms, so it does).
        if !checked, !d.isChecked(check.key) {
            throw CommandError.unchanged("#\(d.number): \"\(check.label)\" is not ticked; no change")
        }
        // Undo restores the previous state, including when it was last confirmed.
        let set = CheckSet(check: check.key, label: check.label, checked: checked, previous: d.isChecked(check.key), previousAt: d.checkedAt(check.key))
        return EventDraft(.checkSet(set), deal: d.uid, number: d.number)
    }

    public func logActivity(_ number: Int, kind: String, text: String, date: Date?) throws -> EventDraft {
        let d = try deal(number)
        guard let k = ActivityKind(rawValue: kind.lowercased()) else {
            let kinds = ActivityKind.allCases.map(\.rawValue)
            throw CommandError.invalid("unknown activity \"\(kind)\"; \(Suggestion.didYouMean(kind, in: kinds))expected one of: " + kinds.joined(separator: ", "))
        }
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw CommandError.invalid("an activity needs a text (what happened)") }
        if let date {
            // Days of the board's calendar: a rep may log anything from the day the deal was
            // created through today, whatever the hour.
            let day = pipeline.day(date)
            if day > pipeline.day(now) {
                throw CommandError.invalid("the date \(day) is in the future: log what happened (today is \(pipeline.day(now)) in \(pipeline.timeZone)); plan what comes next as the next step")
            }
            if day < pipeline.day(d.createdAt) {
                throw CommandError.invalid("the date \(day) is before #\(d.number) was created (\(pipeline.day(d.createdAt))): an activity is dated from the deal's creation through today")
            }
        }
        return EventDraft(.activityLogged(ActivityLogged(kind: k.rawValue, text: body, date: date)), deal: d.uid, number: d.number)
    }

    // MARK: Moves

    public enum MoveTarget: Equatable, Sendable {
        case next, back, stage(String)
    }

    /// Moves a deal. Forward moves check the exit criteria of *every* stage the deal leaves, so
    /// skipping stages cannot dodge a gate; a manager may force a refused move with a reason.
    /// `from`: the stage the user saw the deal in (the board). If someone else moved it
    /// meanwhile, nothing moves: "next" from a stage the user never saw would move it twice.
    public func move(_ number: Int, to target: MoveTarget, reason: String?, force: Bool, from: String? = nil) throws -> EventDraft {
        let d = try deal(number)
        try expect(d, in: from)
        guard let current = pipeline.stageIndex(d.stage) else {
            // A stage key renamed or removed in pipeline.toml: the deal moves by name to a stage
            // that exists, through the gates of every stage before it (nothing is known of the
            // ones it passed), so re-homing it cannot dodge a gate either.
            guard case .stage(let text) = target, let s = pipeline.findStage(text), s.kind != .lost else {
                if case .stage(let text) = target, let s = pipeline.findStage(text), s.kind == .lost { return try lost(number, reason: reason ?? "") }
                throw CommandError.invalid("#\(number) is in stage \"\(d.stage)\", which pipeline.toml no longer has; move it by name to a stage that exists: \(stageList)")
            }
            return try forward(d, to: s, reason: reason, force: force, move: s.kind == .won ? .won : .forward)
        }
        let to: Stage
        switch target {
        case .next:
            guard pipeline.stages[current].kind != .lost else { throw CommandError.invalid("#\(number) is lost; reopen it first (dealboard reopen \(number))") }
            guard let n = pipeline.nextStage(after: d.stage) else { throw CommandError.invalid("#\(number) is in the last stage, \(pipeline.stages[current].name)") }
            to = n
        case .back:
            guard pipeline.stages[current].isOpen || pipeline.stages[current].kind == .won else {
                throw CommandError.invalid("#\(number) is lost; use: dealboard reopen \(number)")
            }
            guard let p = pipeline.previousStage(before: d.stage) else { throw CommandError.invalid("#\(number) is already in the first stage") }
            if pipeline.stages[current].kind == .won, p.isOpen { throw CommandError.invalid("#\(number) is won; use: dealboard reopen \(number)") }
            to = p
        case .stage(let text):
            guard let s = pipeline.findStage(text) else { throw unknownTarget(text) }
            to = s
        }
        guard to.key != d.stage else { throw CommandError.invalid("#\(number) is already in \(to.name)") }
        if to.kind == .lost {
            return try lost(number, reason: reason ?? "")
        }
        guard let targetIndex = pipeline.stageIndex(to.key) else { throw CommandError.invalid("no stage \(to.key)") }
        if pipeline.stages[current].kind == .lost || (pipeline.stages[current].kind == .won && to.isOpen) {
            throw CommandError.invalid("#\(number) is closed (\(pipeline.stages[current].name)); use: dealboard reopen \(number)")
        }
        if targetIndex < current {
            let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if pipeline.backMoveNeedsReason, why.isEmpty {
                throw CommandError.invalid("moving #\(number) back to \(to.name) needs a reason (--reason TEXT)")
            }
            return moveDraft(d, to: to.key, move: .back, reason: why.nonEmpty, forced: false, unmet: [])
        }
        let closing = to.kind == .won && pipeline.stages[current].kind != .won
        return try forward(d, to: to, reason: reason, force: force, move: closing ? .won : .forward)
    }

    func forward(_ d: Deal, to: Stage, reason: String?, force: Bool, move: StageVisit.Move) throws -> EventDraft {
        let unmet = unmetCriteria(d, to: to.key)
        if unmet.isEmpty {
            return moveDraft(d, to: to.key, move: move, reason: reason?.nonEmpty, forced: false, unmet: [])
        }
        guard force else {
            var refusal = MoveRefusal(deal: d.number, from: d.stage, to: to.key, unmet: unmet)
            refusal.fromName = pipeline.stage(d.stage)?.name
            refusal.toName = to.name
            refusal.stageNames = stageNames
            throw CommandError.refused(refusal)
        }
        guard pipeline.isManager(user) else {
            let who = pipeline.managersText
            throw CommandError.notPermitted("only a manager may force a move past unmet exit criteria (\(who)); \(user) is not one")
        }
        guard let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !why.isEmpty else {
            throw CommandError.invalid("a forced move needs a reason (--reason TEXT)")
        }
        return moveDraft(d, to: to.key, move: move, reason: why, forced: true, unmet: unmet.map(\.label))
    }

    /// Unmet exit criteria of every open stage from the deal's stage up to (not including) `to`.
    public func unmetCriteria(_ d: Deal, to: String) -> [CriterionResult] {
        pipeline.unmetCriteria(d, to: to, now: now)
    }

    public func won(_ number: Int, reason: String?, force: Bool, from: String? = nil) throws -> EventDraft {
        let d = try deal(number)
        try expect(d, in: from)
        guard let wonStage = pipeline.firstWonStage else { throw CommandError.invalid("pipeline.toml has no stage with kind = \"won\"") }
        guard let current = pipeline.stage(d.stage) else {
            throw CommandError.invalid("#\(number) is in stage \"\(d.stage)\", which pipeline.toml no longer has; move it by name to a stage that exists")
        }
        guard current.isOpen else { throw CommandError.invalid("#\(number) is already closed (\(current.name)); reopen it first") }
        return try forward(d, to: wonStage, reason: reason, force: force, move: .won)
    }

    /// Lost needs a reason code from the pipeline's fixed list (matched ignoring case).
    public func lost(_ number: Int, reason: String, from: String? = nil) throws -> EventDraft {
        let d = try deal(number)
        try expect(d, in: from)
        guard let lostStage = pipeline.firstLostStage else { throw CommandError.invalid("pipeline.toml has no stage with kind = \"lost\"") }
        guard pipeline.stage(d.stage)?.isOpen ?? true else { throw CommandError.invalid("#\(number) is already closed (\(d.stage)); reopen it first") }
        let list = pipeline.lossReasons.map { "\"\($0)\"" }.joined(separator: ", ")
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CommandError.invalid("a lost deal needs a reason (--reason): one of \(list)") }
        guard let code = pipeline.lossReasons.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame || slug($0) == slug(text) }) else {
            throw CommandError.invalid("\"\(text)\" is not a loss reason of this pipeline; \(Suggestion.didYouMean(text, in: pipeline.lossReasons, quote: true))one of \(list)")
        }
        return moveDraft(d, to: lostStage.key, move: .lost, reason: code, forced: false, unmet: [])
    }

    /// Back from Won/Lost to the open stage the deal was in before it closed.
    public func reopen(_ number: Int) throws -> EventDraft {
        let d = try deal(number)
        guard let stage = pipeline.stage(d.stage), stage.isClosed else { throw CommandError.invalid("#\(number) is not won or lost; nothing to reopen") }
        let lastOpen = d.history.last { pipeline.stage($0.stage)?.isOpen ?? false }?.stage ?? pipeline.firstStage.key
        return moveDraft(d, to: lastOpen, move: .reopen, reason: nil, forced: false, unmet: [])
    }

    /// Records that the weekly review was done: "since last review" starts again from here.
    /// Managers only, like forcing a move — the team's baseline is theirs to reset.
    public func markReviewed(note: String = "") throws -> EventDraft {
        guard pipeline.isManager(user) else {
            let who = pipeline.managersText
            throw CommandError.notPermitted("only a manager may mark the review done (\(who))")
        }
        return EventDraft(.reviewDone(ReviewDone(previous: state.lastReviewAt, note: note.isEmpty ? nil : note)))
    }

    /// `move 62 nxt`: what a move can go to, with the closest of them first.
    func unknownTarget(_ text: String) -> CommandError {
        let t = text.lowercased()
        let starting = pipeline.stages.filter { $0.key.lowercased().hasPrefix(t) || $0.name.lowercased().hasPrefix(t) }
        if starting.count > 1, !t.isEmpty {
            return .invalid("\"\(text)\" could be " + starting.map(\.name).joined(separator: " or ") + "; type more of the stage's name")
        }
        let hint = Suggestion.didYouMean(text, in: ["next", "back"] + pipeline.stages.flatMap { [$0.name, $0.key] })
        return .invalid("no stage \"\(text)\"; \(hint)a move goes to next, back, or a stage: " + pipeline.stages.map(\.name).joined(separator: ", "))
    }

    func expect(_ d: Deal, in stage: String?) throws {
        guard let stage, d.stage != stage else { return }
        let by = d.history.last?.by ?? "someone"
        throw CommandError.invalid("#\(d.number) was moved to \(pipeline.stage(d.stage)?.name ?? d.stage) by \(by) meanwhile; nothing was moved")
    }

    func moveDraft(_ d: Deal, to: String, move: StageVisit.Move, reason: String?, forced: Bool, unmet: [String]) -> EventDraft {
        EventDraft(.dealMoved(DealMoved(from: d.stage, to: to, move: move, reason: reason, forced: forced, unmet: unmet)), deal: d.uid, number: d.number)
    }

    // MARK: Undo

    /// Undoes this user's most recent change that is still undoable, with a compensating event
    /// that carries everything replay needs; the journal is never rewritten.
    ///
    /// Undo never takes away someone else's work: a change that others have worked on since
    /// (edited, ticked, logged on or moved the same deal — still in force, not undone by them)
    /// is refused, naming who did what (`CommandError.notPermitted`; see `undoBlock`). Your own
    /// later work never blocks you (and undo takes your changes newest first anyway).
    public func undo() throws -> EventDraft {
        guard let entry = state.undoStacks[user]?.last else { throw CommandError.invalid("nothing of yours to undo on this board") }
        if entry.type == EventType.importBatch { return try undoImport(entry) }
        guard let d = state.deal(uid: entry.deal), !d.deleted else { throw CommandError.invalid("the deal of your last change no longer exists") }
        if let block = undoBlock() { throw CommandError.notPermitted(block.description) }
        var undo = Undo(target: entry.eventID, targetType: entry.type, summary: "undo " + undoSummary(entry, d))
        switch entry.payload {
        case .dealCreated, .activityLogged:
            break
        case .dealEdited(let edit):
            // Someone changed the same field since: restoring would silently erase their value.
            for f in edit.set ?? [] where d.value(f.key) != f.text {
                throw CommandError.invalid("\(f.key) of #\(d.number) has changed since your edit (now \"\(d.value(f.key))\"); edit it yourself instead of undoing")
            }
            undo.restore = edit.previous ?? []
        case .checkSet(let set):
            if let key = set.check, d.isChecked(key) != set.checked {
                throw CommandError.invalid("\"\(set.label ?? key)\" on #\(d.number) has changed since; tick or untick it yourself instead of undoing")
            }
            undo.check = set.check
            undo.checked = set.previous
            undo.checkedAt = set.previousAt
        case .dealMoved(let move):
            guard d.history.last?.eventID == entry.eventID else {
                throw CommandError.invalid("#\(d.number) has moved again since your move; move it yourself instead of undoing")
            }
            undo.stage = move.from
        default:
            throw CommandError.invalid("cannot undo a \(entry.type) event")
        }
        return EventDraft(.undo(undo), deal: d.uid, number: d.number)
    }

    /// What an undo brings back, in words, for the user and for `history`:
    /// "edit of #62: Amount 12,000 → 10,000", "move of #5 (Demo → Proposal): back in Demo".
    func undoSummary(_ entry: UndoEntry, _ d: Deal) -> String {
        let what = undoneText(entry, d)
        switch entry.payload {
        case .dealCreated:
            return "creation of #\(d.number) (\(d.title)): removed from the board"
        case .dealEdited(let edit):
            // Now: the edit's values (undo is refused when they changed since); back: the previous ones.
            let changes = (edit.set ?? []).map { f in
                "\(pipeline.field(f.key)?.label ?? f.key) \(shown(f.key, d.value(f.key))) → \(shown(f.key, edit.previous(f.key)))"
            }
            return "edit of #\(d.number): " + changes.joined(separator: ", ")
        case .checkSet(let set):
            let label = set.label ?? set.check ?? "?"
            if set.checked, set.previous {
                let at = set.previousAt.map { " (\(pipeline.day($0)))" } ?? ""
                return "re-confirmation on #\(d.number): \"\(label)\" is back to its earlier tick\(at)"
            }
            return "\(set.checked ? "tick" : "untick") on #\(d.number): \"\(label)\" is \(set.previous ? "ticked" : "unticked") again"
        case .activityLogged(let activity):
            let text = activity.text
            let short = text.count > 40 ? String(text.prefix(39)).trimmingCharacters(in: .whitespaces) + "…" : text
            return "\(what): \"\(short)\" removed"
        case .dealMoved(let move):
            let from = move.from ?? "?"
            return "\(what): back in \(pipeline.stage(from)?.name ?? from)"
        default:
            return what
        }
    }

    /// "creation of #5", "edit of #5 (Budget range)", "move of #5 (Demo → Proposal)".
    func undoneText(_ entry: UndoEntry, _ d: Deal) -> String {
        switch entry.payload {
        case .dealCreated:
            return "creation of #\(d.number)"
        case .dealEdited(let edit):
            let keys = (edit.set ?? []).map { pipeline.field($0.key)?.label ?? $0.key }
            return "edit of #\(d.number) (\(keys.joined(separator: ", ")))"
        case .checkSet(let set):
            return "check on #\(d.number) (\(set.label ?? set.check ?? "?"))"
        case .activityLogged(let activity):
            return "\(activity.kind ?? "activity") on #\(d.number)"
        case .dealMoved(let move):
            func name(_ key: String?) -> String { key.map { pipeline.stage($0)?.name ?? $0 } ?? "?" }
            return "move of #\(d.number) (\(name(move.from)) → \(name(move.to)))"
        default:
            return "\(entry.type) on #\(d.number)"
        }
    }

    /// Why `undo` would take away someone else's work, or nil when it would not: the user's
    /// last undoable change and everyone else's work on the same deal since (all of it, for a
    /// creation), still in force. The board shows it; `undo` refuses with its description.
    public func undoBlock() -> UndoBlock? {
        guard let entry = state.undoStacks[user]?.last else { return nil }
        if entry.type == EventType.importBatch { return importUndoBlock(entry) }
        guard let d = state.deal(uid: entry.deal), !d.deleted else { return nil }
        let creation = entry.type == EventType.dealCreated
        let work = state.laterWork(on: d, notBy: user, since: creation ? nil : entry.timestamp)
        guard !work.isEmpty else { return nil }
        let instead: String
        switch entry.type {
        case EventType.dealCreated: instead = "mark it lost or edit it instead"
        case EventType.dealEdited: instead = "edit it yourself instead"
        case EventType.checkSet: instead = "tick or untick it yourself instead"
        case EventType.dealMoved: instead = "move it yourself instead"
        default: instead = "log a note that corrects it instead"
        }
        return UndoBlock(deal: d.number, undoing: (creation ? "the " : "your ") + undoneText(entry, d),
                         work: work.map { ($0.user, describe($0), $0.last) }, instead: instead, zone: pipeline.timeZone)
    }

    /// "logged a meeting and edited Budget range, Economic buyer": what one person did, in words.
    public func describe(_ w: LaterWork) -> String {
        var parts: [String] = []
        if !w.activities.isEmpty {
            var kinds: [(String, Int)] = []
            for k in w.activities {
                if let i = kinds.firstIndex(where: { $0.0 == k }) { kinds[i].1 += 1 } else { kinds.append((k, 1)) }
            }
            parts.append("logged " + kinds.map { k, n in
                n == 1 ? ("aeiou".contains(k.first ?? "x") ? "an " : "a ") + k : "\(n) \(k)s"
            }.joined(separator: ", "))
        }
        if !w.fields.isEmpty {
            parts.append("edited " + w.fields.map { pipeline.field($0)?.label ?? $0 }.joined(separator: ", ") + (w.unnamedEdits > 0 ? " and more" : ""))
        } else if w.unnamedEdits > 0 {
            parts.append("edited it")
        }
        if !w.ticked.isEmpty { parts.append("ticked " + w.ticked.map { pipeline.checkLabel($0) ?? $0 }.joined(separator: ", ")) }
        if !w.unticked.isEmpty { parts.append("unticked " + w.unticked.map { pipeline.checkLabel($0) ?? $0 }.joined(separator: ", ")) }
        if w.unnamedTicks > 0 {
            let more = w.ticked.isEmpty && w.unticked.isEmpty ? "" : " more"
            parts.append("ticked or unticked " + (w.unnamedTicks == 1 && more.isEmpty ? "a check" : "\(w.unnamedTicks)\(more) check" + (w.unnamedTicks == 1 ? "" : "s")))
        }
        if let to = w.moves.last {
            let name = pipeline.stage(to)?.name ?? to
            parts.append(w.moves.count == 1 ? "moved it to \(name)" : "moved it \(w.moves.count) times (last to \(name))")
        }
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    // MARK: Help text

    var stageList: String { pipeline.stages.map(\.key).joined(separator: ", ") }
    var stageNames: [String: String] { Dictionary(pipeline.stages.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a }) }
    var fieldList: String { pipeline.allFields.map(\.key).joined(separator: ", ") }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
