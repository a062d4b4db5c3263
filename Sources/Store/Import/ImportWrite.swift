import Foundation
import Pipeline

/// The events an import writes, built from its plan against the board as it is under the lock.
///
/// A new deal keeps the CRM's history: its `deal.created` carries the creation date, each later
/// stage it entered (HubSpot's `Date entered` columns, dealboard's `entered:` columns) is a
/// `deal.moved` at that date, and a won or lost deal ends with its closing move at the won/lost
/// time, with the loss reason. Those dates are each event's `at` — what the fold counts as when
/// it happened; the event's timestamp stays the time it was written (ordering, sync and `check`
/// rely on it). A deal imported before is updated with ordinary edits and moves, at their time
/// of writing, unless the export dates the stage it moved to. Every event says where it came
/// from (`ImportSource`) and shares the import's batch, so undo takes the import back whole.
public struct ImportWrite {
    public var plan: ImportPlan
    public var file: String
    public var batch: String
    /// Rows in error are left out (`--skip-bad`); without it, a plan with errors writes nothing.
    public var skipBad: Bool

    public init(plan: ImportPlan, file: String, batch: String, skipBad: Bool) {
        self.plan = plan
        self.file = file
        self.batch = batch
        self.skipBad = skipBad
    }

    /// What was written: counts for the summary.
    public struct Counts: Equatable, Sendable {
        public var created = 0, updated = 0, unchanged = 0, skipped = 0
        public init() {}
    }

    public var counts: Counts {
        var c = Counts()
        for (_, action) in plan.rows {
            switch action {
            case .create: c.created += 1
            case .update: c.updated += 1
            case .unchanged: c.unchanged += 1
            case .error: c.skipped += 1
            }
        }
        return c
    }

    /// The import's events, validated as replay will judge them: folded into a copy of the
    /// board, as `cmds.user` at `cmds.now`. Throws — nothing is to be written — when a row is in
    /// error (without `skipBad`) or when an event would not be applied at replay (a
    /// non-manager's import past unmet exit criteria), naming the rows.
    public func drafts(_ cmds: BoardCommands, newID: () -> String) throws -> [EventDraft] {
        let p = cmds.pipeline
        if !skipBad, !plan.problems.isEmpty {
            throw CommandError.invalid("\(plan.problems.count) problem(s) in \(file); nothing was written (--skip-bad writes the good rows):\n"
                                       + plan.problems.map { "\(file): \($0)" }.joined(separator: "\n"))
        }
        var out: [(row: Int, draft: EventDraft)] = []
        var number = cmds.state.nextNumber
        for (row, action) in plan.rows {
            switch action {
            case .create(let r):
                out += created(r, number: number, pipeline: p, newID: newID).map { (row, $0) }
                number += 1
            case .update(let r, let n, _):
                guard let d = cmds.state.deal(number: n) else { continue }
                out += updated(d, r, pipeline: p, newID: newID).map { (row, $0) }
            case .unchanged, .error:
                continue
            }
        }
        try check(out, cmds)
        return out.map(\.draft)
    }

    func source(_ r: ImportedRecord) -> ImportSource {
        ImportSource(format: plan.format.rawValue, file: file, row: r.row, record: r.sourceID, batch: batch)
    }

    /// A new deal and the moves of its history.
    func created(_ r: ImportedRecord, number: Int, pipeline p: PipelineDefinition, newID: () -> String) -> [EventDraft] {
        let src = source(r)
        let entered = r.stageEntered.filter { p.stage($0.stage)?.isOpen ?? false }
        let target = p.stage(r.stage)
        // It starts where its history starts; without one, in its stage (a closed deal: in the first).
        let start = entered.first?.stage ?? (target?.isOpen == true ? r.stage : r.openStage ?? p.firstStage.key)
        var fields = r.fields.sorted { $0.key < $1.key }.map { FieldValue($0.key, .string($0.value)) }
        if r.fields[ImportedDeal.sourceIDField] == nil { fields.append(FieldValue(ImportedDeal.sourceIDField, .string(r.sourceID))) }
        var created = DealCreated(title: r.title, company: r.company, amount: r.amount.isZero ? "" : r.amount.canonical, owner: r.owner,
                                  stage: start, fields: fields, checks: r.checks)
        created.at = r.created
        created.imported = src
        let uid = newID()
        var out = [EventDraft(.dealCreated(created), number: number, id: uid)]
        var stage = start
        var time = r.created
        func move(to key: String, at: Date?, kind: StageVisit.Move, reason: String? = nil) {
            var m = DealMoved(from: stage, to: key, move: kind, reason: reason, forced: false, unmet: [])
            // Never before the step before it: history stays in order whatever the file says.
            time = max(time, at ?? time)
            m.at = time
            m.imported = src
            out.append(EventDraft(.dealMoved(m), deal: uid, number: number, id: newID()))
            stage = key
        }
        for (key, at) in entered.dropFirst() where key != stage {
            move(to: key, at: at, kind: Self.direction(from: stage, to: key, p))
        }
        if let target {
            if target.isOpen, target.key != stage {
                move(to: target.key, at: nil, kind: Self.direction(from: stage, to: target.key, p))
            } else if target.isClosed {
                move(to: target.key, at: r.closedAt, kind: target.kind == .won ? .won : .lost, reason: target.kind == .lost ? r.lostReason : nil)
            }
        }
        return out
    }

    /// A deal imported before, brought up to the newer export: edits for the values that
    /// changed, moves for its stage (a closed deal is reopened first, as dealboard would).
    func updated(_ d: Deal, _ r: ImportedRecord, pipeline p: PipelineDefinition, newID: () -> String) -> [EventDraft] {
        let src = source(r)
        var out: [EventDraft] = []
        var set: [FieldValue] = []
        var previous: [FieldValue] = []
        func change(_ key: String, _ old: String, _ new: String, current: String) {
            guard old != new else { return }
            set.append(FieldValue(key, .string(new)))
            previous.append(FieldValue(key, .string(current)))
        }
        change("title", d.title, r.title, current: d.title)
        change("company", d.company, r.company, current: d.company)
        change("owner", p.ownerKey(d.owner), r.owner, current: d.owner)
        let amount = r.amount.isZero ? "" : r.amount.canonical
        change("amount", d.value("amount"), amount, current: d.value("amount"))
        for (key, value) in r.fields.sorted(by: { $0.key < $1.key }) { change(key, d.value(key), value, current: d.value(key)) }
        if !set.isEmpty {
            var edit = DealEdited(set: set, previous: previous)
            edit.imported = src
            out.append(EventDraft(.dealEdited(edit), deal: d.uid, number: d.number, id: newID()))
        }
        guard r.stage != d.stage, let target = p.stage(r.stage) else { return out }
        var stage = d.stage
        func move(to key: String, at: Date?, kind: StageVisit.Move, reason: String? = nil) {
            var m = DealMoved(from: stage, to: key, move: kind, reason: reason, forced: false, unmet: [])
            m.at = at
            m.imported = src
            out.append(EventDraft(.dealMoved(m), deal: d.uid, number: d.number, id: newID()))
            stage = key
        }
        if p.stage(stage)?.isClosed ?? false {
            let lastOpen = d.history.last { p.stage($0.stage)?.isOpen ?? false }?.stage ?? p.firstStage.key
            move(to: lastOpen, at: nil, kind: .reopen)
        }
        guard target.key != stage else { return out }
        if target.isClosed {
            move(to: target.key, at: r.closedAt, kind: target.kind == .won ? .won : .lost, reason: target.kind == .lost ? r.lostReason : nil)
        } else {
            move(to: target.key, at: r.stageEntered.last { $0.stage == target.key }?.at, kind: Self.direction(from: stage, to: target.key, p))
        }
        return out
    }

    static func direction(from: String, to: String, _ p: PipelineDefinition) -> StageVisit.Move {
        (p.stageIndex(to) ?? 0) > (p.stageIndex(from) ?? 0) ? .forward : .back
    }

    /// Folds the events into a copy of the board, as replay will: an event it would not apply
    /// refuses the whole import, naming its rows — for a colleague who is not a manager, the
    /// rows that go past unmet exit criteria.
    func check(_ drafts: [(row: Int, draft: EventDraft)], _ cmds: BoardCommands) throws {
        var trial = cmds.state
        let before = trial.disallowed.count
        var rowOf: [String: Int] = [:]
        for (row, draft) in drafts {
            let e = draft.stamped(id: draft.id ?? "", timestamp: cmds.now, user: cmds.user)
            rowOf[e.id] = row
            trial.apply(e)
        }
        let refused = trial.disallowed.dropFirst(before)
        guard !refused.isEmpty else { return }
        var byRow: [Int: [String]] = [:]
        for d in refused {
            let row = rowOf[d.eventID] ?? 0
            let what = d.unmet.isEmpty ? d.reason : d.unmet.joined(separator: "; ")
            if !(byRow[row]?.contains(what) ?? false) { byRow[row, default: []].append(what) }
        }
        let lines = byRow.keys.sorted().map { "\(file): row \($0): " + byRow[$0]!.joined(separator: "; ") }
        if !cmds.pipeline.isManager(cmds.user), refused.allSatisfy({ $0.kind == .unmetCriteria }) {
            throw CommandError.notPermitted("\(byRow.count) row(s) of \(file) would put deals past unmet exit criteria; only a manager may import deals past the gates "
                                            + "(\(cmds.pipeline.managersText)); \(cmds.user) is not one. Nothing was written:\n" + lines.joined(separator: "\n"))
        }
        throw CommandError.invalid("\(byRow.count) row(s) of \(file) would not be accepted by the board's rules; nothing was written:\n"
                                   + refused.map { "\(file): row \(rowOf[$0.eventID] ?? 0): \($0.reason)" }.joined(separator: "\n"))
    }
}
