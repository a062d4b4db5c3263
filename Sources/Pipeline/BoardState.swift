import Foundation

/// The board in memory: the fold of every event in the journal, in order.
///
/// `apply` is the only way state changes. It never throws: an event that makes no sense
/// (a duplicate id, a type this version does not know) is skipped, because the journal may
/// hold events from other versions and from merged histories. An event its author could not
/// have made through dealboard — about a deal that does not exist, or, once `rules` are set,
/// a move the rules refuse — is not applied either, and is listed in `disallowed`.
public struct BoardState: Sendable {
    public internal(set) var deals: [Deal] = []
    var uidIndex = UIDIndex()
    var numberIndex = NumberIndex()
    var seenIDs = SeenIDs()
    /// Per user, their changes that can still be undone, oldest first.
    public internal(set) var undoStacks: [String: [UndoEntry]] = [:]
    /// The newest timestamp seen: writers never write an older one, so file order stays time order.
    public internal(set) var lastTimestamp: Date = .distantPast
    public internal(set) var eventCount = 0
    /// Every weekly review marked done, oldest first.
    public internal(set) var reviews: [ReviewMark] = []
    public var lastReviewAt: Date? { reviews.last?.at }
    public var lastReviewBy: String? { reviews.last?.by }
    /// Things replay noticed (renumbered deals after a merge, events about unknown deals).
    public internal(set) var notes: [String] = []
    /// Every edit and tick still in force (not undone), in fold order: who touched which deal
    /// when. With the activities and stage visits (which carry author and time already) this
    /// says whose work came after a change, so undo never takes it away (`laterWork`). One flat
    /// array of 32-byte records, not a list per deal: 100,000 events cost about 1 MB, no
    /// allocation per deal; the details (which fields) are read from the undo stacks on demand.
    var touches: [Touch] = []
    /// Events not applied because their author could not have made them through dealboard,
    /// in fold order. The journal keeps them; `check` lists them, `history` marks them.
    public internal(set) var disallowed: [DisallowedEvent] = []
    /// Money values in the journal that are not read (out of range, not in the journal's
    /// form), in fold order; the rest of their events applies. `check` lists them.
    public internal(set) var unreadValues: [UnreadValue] = []
    var disallowedIndex: [String: Int] = [:]
    var replayRules: ReplayRules?

    /// The rules the journal's moves are held to: set it (the store does, with pipeline.toml as
    /// it is now) before folding. nil: moves are only checked against the deal's stage, which
    /// is what a fold without a pipeline can know.
    public var rules: PipelineDefinition? {
        get { replayRules?.pipeline }
        set { replayRules = newValue.map(ReplayRules.init) }
    }

    /// Why the event with this id was not applied, if it was not.
    public func disallowed(eventID: String) -> DisallowedEvent? {
        disallowedIndex[eventID].map { disallowed[$0] }
    }

    /// The events that change a deal that must exist.
    enum DealChange { case edit, check, activity, move, none }

    struct Touch {
        enum Kind: UInt8 { case edit, tick, untick }
        var at: Date
        var user: String
        var deal: Int32
        var kind: Kind
    }

    static let undoDepth = 200

    public init() {}

    /// Sizes the id set for a journal of about `events` lines, to avoid rehashing on replay.
    public mutating func reserve(events: Int) {
        seenIDs.reserveCapacity(events)
    }

    // MARK: Look-ups

    public func deal(number: Int) -> Deal? {
        guard let i = numberIndex[number], !deals[i].deleted else { return nil }
        return deals[i]
    }

    public func deal(uid: String) -> Deal? {
        guard let i = position(uid: uid) else { return nil }
        return deals[i]
    }

    /// Where the deal with this uid is in `deals`.
    func position(uid: String) -> Int? {
        uidIndex.position(of: uid) { deals[$0].uid }
    }

    /// Where the deal with this number is in `deals` (deleted or not).
    func position(number: Int) -> Int? { numberIndex[number] }

    /// Deals on the board (not undone creations), by number.
    public var liveDeals: [Deal] { deals.filter { !$0.deleted } }
    /// How many deals are not deleted, without copying them (a deal is a large value).
    public var liveDealCount: Int { deals.indices.reduce(0) { $0 + (deals[$1].deleted ? 0 : 1) } }

    public internal(set) var maxNumber = 0
    public var nextNumber: Int { maxNumber + 1 }


    // MARK: Fold

    /// Folds one event in. Returns false when it was a duplicate or could not apply.
    @discardableResult
    public mutating func apply(_ event: Event) -> Bool {
        guard seenIDs.insert(event.id) else { return false }
        eventCount += 1
        if event.timestamp > lastTimestamp { lastTimestamp = event.timestamp }
        // Each type's payload is decoded where it is used, straight into its own type (no
        // `EventPayload` around it: wrapping and unwrapping it per event showed in replay).
        let type = event.type
        let change: DealChange
        switch type {
        case EventType.activityLogged: change = .activity
        case EventType.checkSet: change = .check
        case EventType.dealCreated: return create(event, DealCreated(json: event.data))
        case EventType.dealMoved: change = .move
        case EventType.dealEdited: change = .edit
        case EventType.reviewDone:
            reviews.append(ReviewMark(at: event.timestamp, by: event.user, note: ReviewDone(json: event.data).note ?? ""))
            return true
        case EventType.undo: return applyUndo(event, Undo(json: event.data))
        default: change = .none
        }
        guard let uid = event.deal, let i = position(uid: uid) else {
            if change != .none { refuseMissingDeal(event) }
            return false // unknown types are kept in the file and ignored here
        }
        var move: DealMoved?
        var batch: String?
        if change == .move {
            let m = DealMoved(json: event.data)
            if let to = m.to, let why = judgeMove(event, m, deal: deals[i], to: to) {
                refuse(event, why.0, why.1, unmet: why.2, number: deals[i].number)
                return false
            }
            move = m
        }
        if deals[i].deleted, change != .none {
            // Only merged journals get here (dealboard refuses changes to an undone deal): someone
            // worked on the deal without seeing its creation undone. Their work must not vanish
            // into a deal nobody sees, so the deal comes back, and `check` says why.
            deals[i].deleted = false
            notes.append("#\(deals[i].number) is back on the board: \(event.user) changed it (\(event.type), event \(event.id)) after its creation was undone (merged journals)")
        }
        switch change {
        case .edit:
            let edit = DealEdited(json: event.data)
            guard edit.hasSet else { return false }
            batch = edit.imported?.batch
            noteEditMadeApart(event, edit, i)
            for f in edit.set ?? [] {
                let money = isMoney(f.key)
                if let why = Self.assign(f.key, f.value, to: &deals[i], event: event, money: money) { unread(event, deals[i].number, f.key, f.value, why) }
            }
            touches.append(Touch(at: event.timestamp, user: event.user, deal: Int32(i), kind: .edit))
        case .check:
            let set = CheckSet(json: event.data)
            guard let key = set.check else { return false }
            if set.checked { deals[i].checks[key] = event.timestamp } else { deals[i].checks[key] = nil }
            touches.append(Touch(at: event.timestamp, user: event.user, deal: Int32(i), kind: set.checked ? .tick : .untick))
        case .activity:
            let activity = ActivityLogged(json: event.data)
            deals[i].activities.append(Activity(id: event.id, kind: activity.kind ?? "note", text: activity.text, date: activity.date ?? event.timestamp,
                                                loggedAt: event.timestamp, stage: deals[i].stage, by: event.user))
        case .move:
            guard let move, let to = move.to else { return false }
            // An imported move entered the stage when the CRM says (never before the stay it ends).
            let entered = move.at.map { max($0, deals[i].enteredStageAt) } ?? event.timestamp
            batch = move.imported?.batch
            var visit = StageVisit(stage: to, enteredAt: entered, eventID: event.id, by: event.user, move: move.move ?? .forward,
                                   reason: move.reason)
            visit.forced = move.forced
            visit.unmet = move.unmet
            visit.imported = move.imported?.description
            deals[i].history.append(visit)
            deals[i].stage = to
        case .none:
            return false
        }
        deals[i].updatedAt = event.timestamp
        pushUndo(event, batch: batch)
        return true
    }

    private mutating func create(_ event: Event, _ created: DealCreated) -> Bool {
        var number = event.number ?? nextNumber
        if number <= 0 || numberIndex[number] != nil {
            // Two machines created the same number and git merged the journals: keep both deals.
            let fresh = nextNumber
            notes.append("deal #\(number) was created twice (merged journals); the later one is #\(fresh)")
            number = fresh
        }
        // An imported deal was created when the CRM says; the event's timestamp is when it was written.
        var deal = Deal.created(created, id: event.id, at: created.at ?? event.timestamp, by: event.user, number: number)
        // Money values are read exactly or not at all: one out of range or not in the journal's
        // form is listed (`check`), and the deal goes on without it.
        for f in created.fields where isMoney(f.key) {
            if case .unread(let why) = UnreadValue.amount(f.value) { unread(event, number, f.key, f.value, why); deal.fields[f.key] = nil }
        }
        if let v = created.amount, case .unread(let why) = UnreadValue.amount(v) { unread(event, number, "amount", v, why) }
        if let why = replayRules?.judgeCreation(event, created, deal: deal) {
            if why.counted {
                // A manager's entry written before forces were recorded: counted, and noted.
                notes.append("#\(number) (event \(event.id)) was " + why.reason)
            } else {
                // Not applied as written, but the deal is made: dropping it would hide every later
                // edit, activity and move of it. It enters as far as its gates let it go.
                refuse(event, why.kind, why.reason, unmet: why.unmet, number: number, keptIn: why.keptIn)
                deal.enter(why.keptIn)
            }
        }
        do {
            // A reference of its own for the look-ups, let go before the append below (which would
            // otherwise copy every deal).
            let all = deals
            _ = uidIndex.insert(event.id, at: all.count) { all[$0].uid }
        }
        _ = numberIndex.insert(number, at: deals.count)
        maxNumber = max(maxNumber, number)
        deals.append(deal)
        pushUndo(event, batch: created.imported?.batch)
        return true
    }

    // Static on purpose: an instance method called with `&deals[i]` made Swift copy the whole
    // state (the method borrows self while one of its elements is mutated) — on every edit.
    /// Sets one field from the journal. A money value that is not an amount dealboard writes is
    /// not set: returns why, and the field keeps what it had.
    private static func assign(_ key: String, _ json: JSONValue, to deal: inout Deal, event: Event, money: Bool) -> String? {
        var value = json.string ?? ""
        var amount = Money.zero
        if money {
            switch UnreadValue.amount(json) {
            case .read(let m):
                amount = m
                value = m.isZero ? "" : m.canonical
            case .unread(let why):
                return why
            }
        }
        if FieldChange.tracked.contains(key) {
            let before = deal.value(key)
            if before != value { deal.fieldChanges.append(FieldChange(key: key, from: before, to: value, at: event.timestamp, by: event.user)) }
        }
        switch key {
        case "title": deal.title = value
        case "company": deal.company = value
        case "owner": deal.owner = value
        case "amount": deal.amount = amount
        default: deal.fields[key] = value.isEmpty ? nil : value
        }
        return nil
    }

    /// Two machines edited the same field while apart: this edit was made over a value the deal
    /// no longer has once the journals are merged. Board order decides (this edit, the later,
    /// counts), and `check` says which change it replaced unseen. Only merged journals get here:
    /// on one machine every edit is made over the value it replaces.
    private mutating func noteEditMadeApart(_ event: Event, _ edit: DealEdited, _ i: Int) {
        guard let previous = edit.previous else { return }
        for f in edit.set ?? [] {
            guard let recorded = previous.first(where: { $0.key == f.key }) else { continue }
            let now = deals[i].value(f.key)
            var was = recorded.text
            // The usual case on replay: the value it was made over is the one there. Money is read
            // (and compared as an amount) only when the texts differ.
            if was == now { continue }
            if isMoney(f.key) {
                guard case .read(let m) = UnreadValue.amount(recorded.value) else { continue }
                was = m.isZero ? "" : m.canonical
            }
            guard was != now else { continue }
            notes.append("#\(deals[i].number) \(f.key): \(event.user)'s edit to \"\(f.text)\" (event \(event.id)) was made over \"\(was)\", "
                         + "not over \"\(now)\" from an edit made on another machine; board order counts the later edit, \(event.user)'s (merged journals)")
        }
    }

    /// `amount`, and with rules the custom fields pipeline.toml declares as money.
    private func isMoney(_ key: String) -> Bool {
        key == "amount" || (replayRules?.moneyFields.contains(key) ?? false)
    }

    private mutating func unread(_ event: Event, _ number: Int, _ key: String, _ value: JSONValue, _ why: String) {
        unreadValues.append(UnreadValue(eventID: event.id, user: event.user, type: event.type, number: number, at: event.timestamp,
                                        field: key, value: UnreadValue.shown(value), reason: why))
    }

    // MARK: Undo

    private mutating func pushUndo(_ event: Event, batch: String? = nil) {
        // Mutate the stack in place (a copy per event made replay quadratic), and trim in
        // batches so removing old entries stays amortised O(1).
        // One dictionary access per event (hashing the user three times showed in replay).
        let entry = UndoEntry(eventID: event.id, type: event.type, deal: event.deal ?? event.id, data: event.data, timestamp: event.timestamp)
        guard let batch, !batch.isEmpty else { return undoStacks[event.user, default: []].push(entry, keeping: Self.undoDepth) }
        // An import is undone as one step: its events gather in one entry, however many they are.
        undoStacks[event.user, default: []].pushPart(entry, batch: batch, keeping: Self.undoDepth)
    }

    /// An undo event carries its own compensation (see `BoardCommands.undo`), so replay does not
    /// need the target event any more.
    private mutating func applyUndo(_ event: Event, _ undo: Undo) -> Bool {
        guard let target = undo.target, let type = undo.targetType else { return false }
        if type == EventType.importBatch { return applyImportUndo(event, batch: target, parts: undo.parts ?? []) }
        var targetAt: Date?
        if let at = undoStacks[event.user]?.lastIndex(where: { $0.eventID == target }) {
            targetAt = undoStacks[event.user]![at].timestamp
            undoStacks[event.user]!.remove(at: at)
        }
        guard let uid = event.deal, let i = position(uid: uid) else {
            refuseMissingDeal(event)
            return false
        }
        let others = type == EventType.dealCreated ? laterWork(on: deals[i], notBy: event.user, since: nil).map(\.user) : []
        guard undoChange(event, deal: i, target: target, type: type, restore: undo.restore, undo: undo, targetAt: targetAt, others: others) else { return false }
        deals[i].updatedAt = event.timestamp
        return true
    }

    /// The undo of a whole import: each part as the undo of that one change would be. A part
    /// that cannot apply (someone else's work in the way, in merged journals) is skipped, as
    /// that undo alone would be; the rest applies.
    private mutating func applyImportUndo(_ event: Event, batch: String, parts: [UndoPart]) -> Bool {
        var entry: UndoEntry?
        if let at = undoStacks[event.user]?.lastIndex(where: { $0.eventID == batch && $0.type == EventType.importBatch }) {
            entry = undoStacks[event.user]!.remove(at: at)
        }
        // Everything looked up once for the whole import: a search per part (of its event, of
        // others' work on its deal) made the undo of 10,000 deals quadratic, on every replay.
        var times: [String: Date] = [:]
        for p in entry?.parts ?? [] { times[p.eventID] = p.timestamp }
        let touched = touchedByOthers(notBy: event.user, since: nil)
        var untouch: Set<TouchKey> = []
        var applied = false
        for part in parts {
            guard let uid = part.deal, let i = position(uid: uid), let target = part.target, let type = part.targetType else { continue }
            let others = type == EventType.dealCreated ? othersOn(i, notBy: event.user, touched: touched) : []
            if undoChange(event, deal: i, target: target, type: type, restore: part.restore, undo: nil, targetAt: nil, others: others) {
                if type == EventType.dealEdited, let at = times[target] { untouch.insert(TouchKey(deal: Int32(i), at: at)) }
                deals[i].updatedAt = event.timestamp
                applied = true
            }
        }
        // The undone edits are no longer work in force (as `removeTouch` does for one).
        if !untouch.isEmpty {
            touches.removeAll { $0.kind == .edit && $0.user == event.user && untouch.contains(TouchKey(deal: $0.deal, at: $0.at)) }
        }
        return applied
    }

    struct TouchKey: Hashable {
        var deal: Int32
        var at: Date
    }

    /// Per deal (index), who other than `user` edited or ticked it at or after `since`, and when
    /// last: one pass over the work in force.
    func touchedByOthers(notBy user: String, since: Date?) -> [Int32: (users: [String], last: Date)] {
        var out: [Int32: (users: [String], last: Date)] = [:]
        for t in touches where t.user != user && (since.map { t.at >= $0 } ?? true) {
            var w = out[t.deal] ?? ([], t.at)
            if !w.users.contains(t.user) { w.users.append(t.user) }
            w.last = max(w.last, t.at)
            out[t.deal] = w
        }
        return out
    }

    /// Who other than `user` worked on deal `i` at all (what undoing its creation would remove):
    /// its activities and moves, and the edits and ticks found by `touchedByOthers`.
    func othersOn(_ i: Int, notBy user: String, touched: [Int32: (users: [String], last: Date)]) -> [String] {
        var users = touched[Int32(i)]?.users ?? []
        for a in deals[i].activities where a.by != user && !users.contains(a.by) { users.append(a.by) }
        for v in deals[i].history where v.move != .created && v.by != user && !users.contains(v.by) { users.append(v.by) }
        return users
    }

    /// Takes one change back on deal `i`. `undo`: the undo event's payload when it is a single one (a check's state);
    /// `others`: for a creation, who else has worked on the deal (their work keeps it on the board).
    private mutating func undoChange(_ event: Event, deal i: Int, target: String, type: String, restore: [FieldValue]?, undo: Undo?, targetAt: Date?,
                                     others: [String]) -> Bool {
        // dealboard undoes your own changes only; an undo of someone else's creation, activity or
        // move (the ones whose author the deal remembers) would take their work away.
        let author: String? = switch type {
        case EventType.dealCreated: deals[i].createdBy
        case EventType.activityLogged: deals[i].activities.last { $0.id == target }?.by
        case EventType.dealMoved: deals[i].history.last { $0.eventID == target }?.by
        default: nil
        }
        if let author, author != event.user {
            refuse(event, .notTheirs, "an undo of \(author)'s \(type) (event \(target)); dealboard undoes your own changes only", number: deals[i].number)
            return false
        }
        switch type {
        case EventType.dealCreated:
            // dealboard refuses this undo while others' work on the deal is in force; merged
            // journals can still bring one. Removing the deal would hide their work: keep it.
            guard others.isEmpty else {
                notes.append("\(event.user)'s undo of the creation of #\(deals[i].number) (event \(event.id)) was not applied: "
                             + others.joined(separator: ", ") + " worked on it meanwhile (merged journals)")
                return false
            }
            deals[i].deleted = true
        case EventType.dealEdited:
            for f in restore ?? [] {
                let money = isMoney(f.key)
                if let why = Self.assign(f.key, f.value, to: &deals[i], event: event, money: money) { unread(event, deals[i].number, f.key, f.value, why) }
            }
            removeTouch(deal: i, user: event.user, at: targetAt, edit: true)
        case EventType.checkSet:
            guard let undo, let key = undo.check else { return false }
            if undo.checked ?? false { deals[i].checks[key] = undo.checkedAt ?? event.timestamp } else { deals[i].checks[key] = nil }
            removeTouch(deal: i, user: event.user, at: targetAt, edit: false)
        case EventType.activityLogged:
            deals[i].activities.removeAll { $0.id == target }
        case EventType.dealMoved:
            deals[i].history.removeAll { $0.eventID == target }
            deals[i].stage = deals[i].history.last?.stage ?? deals[i].stage
        default:
            return false
        }
        return true
    }
}

extension BoardState {
    /// Notes an event that is not applied; the journal keeps it.
    private mutating func refuse(_ event: Event, _ kind: DisallowedEvent.Kind, _ reason: String, unmet: [String] = [], number: Int? = nil,
                                 keptIn: String? = nil) {
        disallowedIndex[event.id] = disallowed.count
        disallowed.append(DisallowedEvent(eventID: event.id, user: event.user, type: event.type, deal: event.deal ?? (keptIn == nil ? nil : event.id),
                                          number: number ?? event.number, at: event.timestamp, kind: kind, reason: reason, unmet: unmet, keptIn: keptIn))
    }

    /// An event about a deal this board never had (or a hand-made id): not applied.
    private mutating func refuseMissingDeal(_ event: Event) {
        refuse(event, .noSuchDeal, "\(event.number.map { "#\($0)" } ?? "its deal") does not exist" + (event.deal.map { " (deal id \($0))" } ?? ""))
    }

    /// Why a move is not applied (see `ReplayRules.judgeMove`). Without rules, only what the
    /// deal itself says: the move must start from the stage the deal is in.
    private func judgeMove(_ event: Event, _ move: DealMoved, deal: Deal, to: String) -> (DisallowedEvent.Kind, String, [String])? {
        if let replayRules { return replayRules.judgeMove(event, move, deal: deal, to: to) }
        guard let from = move.from, from == deal.stage else {
            return (.wrongStage, "moved from \(move.from ?? "no stage"), but #\(deal.number) was in \(deal.stage)", [])
        }
        return nil
    }

    /// The undone edit or tick is no longer work in force. Found by its author, deal and time
    /// (from the undo stack); without them (merged journals) it stays — blocking too much, never
    /// too little. Searched from the end: undo is of recent changes.
    private mutating func removeTouch(deal: Int, user: String, at: Date?, edit: Bool) {
        guard let at else { return }
        if let t = touches.lastIndex(where: { $0.deal == deal && $0.at == at && $0.user == user && ($0.kind == .edit) == edit }) {
            touches.remove(at: t)
        }
    }

    /// The work of everyone but `user` on a deal that is still in force (not undone) and was
    /// done at or after `since` (nil: all of it — what undoing the creation would remove). One
    /// entry per person, in the order they first worked on it after `since`.
    public func laterWork(on deal: Deal, notBy user: String, since: Date?) -> [LaterWork] {
        var out: [LaterWork] = []
        func add(_ by: String, _ at: Date, _ change: (inout LaterWork) -> Void) {
            guard by != user, since.map({ at >= $0 }) ?? true else { return }
            if let i = out.firstIndex(where: { $0.user == by }) {
                change(&out[i])
                out[i].first = min(out[i].first, at)
                out[i].last = max(out[i].last, at)
            } else {
                var w = LaterWork(user: by, first: at, last: at)
                change(&w)
                out.append(w)
            }
        }
        for a in deal.activities { add(a.by, a.loggedAt) { $0.activities.append(a.kind) } }
        for v in deal.history where v.move != .created { add(v.by, v.enteredAt) { $0.moves.append(v.stage) } }
        if let i = position(uid: deal.uid) {
            for t in touches where t.deal == i {
                // Which fields, which check: the author's undo stack still has the event's
                // payload unless it has left their undo history.
                let type = t.kind == .edit ? EventType.dealEdited : EventType.checkSet
                let payload = undoStacks[t.user]?.last { $0.deal == deal.uid && $0.timestamp == t.at && $0.type == type }?.payload
                add(t.user, t.at) { w in
                    switch t.kind {
                    case .edit:
                        guard case .dealEdited(let edit)? = payload, let set = edit.set else { w.unnamedEdits += 1; return }
                        for f in set where !w.fields.contains(f.key) { w.fields.append(f.key) }
                    case .tick, .untick:
                        guard case .checkSet(let check)? = payload, let key = check.check else { w.unnamedTicks += 1; return }
                        if t.kind == .tick { if !w.ticked.contains(key) { w.ticked.append(key) } }
                        else if !w.unticked.contains(key) { w.unticked.append(key) }
                    }
                }
            }
        }
        return out.sorted { $0.first < $1.first }
    }
}

/// A change a user may still undo.
public struct UndoEntry: Equatable, Sendable {
    public var eventID: String
    public var type: String
    public var deal: String
    public var data: JSONValue
    public var timestamp: Date
    /// An import (`type` "import", `eventID` its batch): each of its events, in order.
    public var parts: [UndoEntry] = []
}

extension Array where Element == UndoEntry {
    /// Appends, and past twice `depth` entries drops the oldest `depth` at once.
    mutating func push(_ entry: UndoEntry, keeping depth: Int) {
        append(entry)
        if count > 2 * depth { removeFirst(depth) }
    }

    /// Adds an imported event to the entry of its import (a new one for its first event).
    mutating func pushPart(_ entry: UndoEntry, batch: String, keeping depth: Int) {
        if let last = indices.last, self[last].type == EventType.importBatch, self[last].eventID == batch {
            self[last].parts.append(entry)
        } else {
            push(UndoEntry(eventID: batch, type: EventType.importBatch, deal: "", data: entry.data, timestamp: entry.timestamp, parts: [entry]),
                 keeping: depth)
        }
    }
}

/// A weekly review marked done (`review.done`).
public struct ReviewMark: Equatable, Sendable {
    public var at: Date
    public var by: String
    public var note: String
}
