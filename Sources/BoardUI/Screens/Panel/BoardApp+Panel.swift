import Foundation
import Pipeline
import Store
import Terminal

/// The fill-in panel: a refused move lists its unmet criteria, and each can be made good in place.
extension BoardApp {
    func openPanel(_ panel: Panel) {
        var p = panel
        p.fromStage = store.state.deal(number: p.deal)?.stage ?? ""
        p.rows = rows(for: p)
        // On the first thing still to do: not on a check that is ticked already (Space there
        // would untick it).
        p.selected = p.rows.firstIndex(where: { row in
            if case .check(_, checked: true) = row.kind, !row.reconfirm { return false }
            return row.actionable
        }) ?? p.rows.firstIndex(where: \.actionable) ?? 0
        mode = p
    }

    func openChecks() {
        guard let d = actingDeal else { return say("no deal selected") }
        guard pipeline.stage(d.stage)?.isOpen ?? false else { return say("#\(d.number) is closed: no exit criteria") }
        openPanel(Panel(deal: d.number, purpose: .checks))
    }

    /// The criteria the panel is about: for a move, the unmet ones of every stage it leaves;
    /// for `c`, every criterion of the current stage.
    func criteria(for p: Panel, _ d: Deal) -> [CriterionResult] {
        let commands = BoardCommands(pipeline: pipeline, state: store.state, user: store.user, now: clock())
        switch p.purpose {
        case .checks:
            return pipeline.evaluateExit(of: d.stage, for: d, now: clock())
        case .won:
            if let refusal = p.refusal, refusal.deal == d.number, refusal.from == d.stage { return refusal.unmet }
            guard let won = pipeline.firstWonStage else { return [] }
            return commands.unmetCriteria(d, to: won.key)
        case .move(let target, _):
            if let refusal = p.refusal, refusal.deal == d.number, refusal.from == d.stage { return refusal.unmet }
            let key: String?
            switch target {
            case .next: key = pipeline.nextStage(after: d.stage)?.key
            case .back: key = nil
            case .stage(let s): key = pipeline.findStage(s)?.key
            }
            return key.map { commands.unmetCriteria(d, to: $0) } ?? []
        case .create(let form, let stage):
            return prospect(form, in: stage)?.unmet ?? []
        }
    }

    /// The deal the panel is about and its criteria: a new deal is not on the board yet, so it
    /// is the deal its creation would make.
    func subject(of p: Panel) -> (deal: Deal, criteria: [CriterionResult])? {
        if case .create(let form, let stage) = p.purpose { return prospect(form, in: stage).map { ($0.deal, $0.unmet) } }
        guard let d = store.state.deal(number: p.deal) else { return nil }
        return (d, criteria(for: p, d))
    }

    func rows(for p: Panel) -> [Panel.Row] {
        guard let (d, all) = subject(of: p) else { return [] }
        var rows: [Panel.Row] = []
        let ok = glyphs.met, no = glyphs.unmet
        // Met meanwhile through someone else's change: say so, and let this user confirm.
        if all.allSatisfy(\.met) {
            switch p.purpose {
            case .move(_, let name): return [.init(text: "\(ok) every criterion is met now \(glyphs.dash) Enter moves #\(d.number) to \(name)", kind: .confirm)]
            case .won: return [.init(text: "\(ok) every criterion is met now \(glyphs.dash) Enter marks #\(d.number) won", kind: .confirm)]
            case .create(_, let stage): return [.init(text: "\(ok) every gate on the way is met now \(glyphs.dash) Enter creates the deal in \(stage.name)", kind: .confirm)]
            case .checks: break
            }
        }
        var group: String?
        for r in all {
            // A move past several stages lists each stage's criteria under its name (`c` shows one stage).
            if r.stage != group, !isChecks(p) {
                rows.append(.init(text: "\(pipeline.stage(r.stage)?.name ?? r.stage):", kind: .stage))
                group = r.stage
            }
            rows.append(.init(text: "\(r.met ? ok : no) \(r.label)", kind: .heading(met: r.met)))
            switch r.criterion.kind {
            case .field(let key), .minimum(let key, _), .futureDate(let key, _):
                let label = pipeline.field(key)?.label ?? key
                let value = DealText.value(d.value(key), of: pipeline.field(key), pipeline)   // money as the board writes it
                // A value that is there but does not count (a past date, too small) says why.
                let why = !r.met && !value.isEmpty ? " — \(r.needs)" : ""
                rows.append(.init(text: "    \(label): \(value.isEmpty ? "—" : DealText.oneLine(value))\(why)   (Enter to set)", kind: .field(key)))
            case .checklist(let key, _):
                for item in pipeline.checklist(key)?.items ?? [] {
                    rows.append(.init(text: "    \(box(d.isChecked(item.key))) \(item.label)", kind: .check(item.key, checked: d.isChecked(item.key))))
                }
            case .signal(let key):
                rows.append(.init(text: "    \(box(d.isChecked(key))) \(pipeline.checkLabel(key) ?? key)", kind: .check(key, checked: d.isChecked(key))))
            case .activity(let kind):
                rows.append(.init(text: "    + log a \(kind.rawValue) now (Enter)", kind: .activity(kind)))
            case .requalify(let key, _):
                if !r.met {
                    rows.append(.init(text: "    \(r.needs)", kind: .note))
                    for item in pipeline.checklist(key)?.items ?? [] {
                        rows.append(.init(text: "    \(glyphs.reconfirm) re-confirm: \(item.label)", kind: .check(item.key, checked: false), reconfirm: true))
                    }
                }
            }
        }
        return rows
    }

    func isChecks(_ p: Panel) -> Bool { if case .checks = p.purpose { return true } else { return false } }
    func isCreate(_ p: Panel) -> Bool { if case .create = p.purpose { return true } else { return false } }

    func box(_ checked: Bool) -> String { checked ? glyphs.ticked : glyphs.unticked }

    /// Re-evaluates after a change; a move whose last criterion just became true through this
    /// user's own action completes. Through someone else's (`byOthers`), it waits for Enter:
    /// nobody's board moves a deal that its user did not ask to move.
    func rebuild(_ panel: Panel, byOthers: Bool = false) {
        var p = panel
        // The board changed since the refusal: evaluate again.
        p.refusal = nil
        let remaining: [CriterionResult]
        if case .create(let form, _) = p.purpose {
            // Not on the board yet: nobody else can move it; a problem with it goes back to its form.
            guard let (_, all) = subject(of: p) else { return backToForm(form) }
            remaining = all.filter { !$0.met }
        } else {
            guard let d = store.state.deal(number: p.deal) else { mode = home; return }
            if d.stage != p.fromStage {
                mode = home
                let by = d.history.last?.by ?? "someone"
                say("#\(d.number) was moved to \(pipeline.stage(d.stage)?.name ?? d.stage) by \(by) meanwhile; nothing else was moved")
                select(number: d.number)
                return
            }
            remaining = criteria(for: p, d).filter { !$0.met }
        }
        if remaining.isEmpty, !byOthers {
            if complete(p) { return }
        }
        let before = p.rows.indices.contains(p.selected) ? p.rows[p.selected].kind : nil
        let keep = p.selected
        p.rows = rows(for: p)
        p.selected = nextRow(in: p.rows, after: keep, was: before)
        mode = p
    }

    /// Where the cursor goes after a change: on the same row while its criterion is still
    /// unmet (ticking items of a checklist one after another), else on the first row of the
    /// next unmet criterion — not wherever the old index lands once rows came or went.
    func nextRow(in rows: [Panel.Row], after old: Int, was kind: Panel.RowKind?) -> Int {
        func unmet(_ i: Int) -> Bool {
            guard let h = rows[...i].lastIndex(where: { if case .heading = $0.kind { return true } else { return false } }),
                  case .heading(let met) = rows[h].kind else { return false }
            return !met
        }
        func sameKind(_ a: Panel.RowKind, _ b: Panel.RowKind) -> Bool {
            switch (a, b) {
            case (.check(let x, _), .check(let y, _)): return x == y
            default: return a == b
            }
        }
        if let kind, let same = rows.firstIndex(where: { sameKind($0.kind, kind) }), rows[same].actionable, unmet(same) { return same }
        let start = min(old, rows.count)
        let order = Array(rows.indices[start...]) + Array(rows.indices[..<start])
        return order.first { rows[$0].actionable && unmet($0) } ?? rows.firstIndex(where: \.actionable) ?? 0
    }

    /// Makes the move (or the win) the panel was opened for. Returns false for the checks panel.
    @discardableResult
    func complete(_ p: Panel) -> Bool {
        switch p.purpose {
        case .move(let target, _):
            mode = home
            if case .success(let e) = run({ try $0.move(p.deal, to: target, reason: nil, force: false, from: p.fromStage) }) { moved(e) }
            return true
        case .won:
            mode = home
            if case .success(let e) = run({ try $0.won(p.deal, reason: nil, force: false, from: p.fromStage) }) { moved(e) }
            return true
        case .create(let form, let stage):
            return createFromPanel(p, form, stage)
        case .checks:
            return false
        }
    }

    func act(on p: Panel) {
        guard p.rows.indices.contains(p.selected) else { return }
        if case .create(let form, let stage) = p.purpose { return actOnNewDeal(p, p.rows[p.selected].kind, form, stage) }
        let back: () -> Void = { [unowned self] in rebuild(p) }
        switch p.rows[p.selected].kind {
        case .field(let key):
            guard let field = pipeline.field(key) else { return }
            editField(p.deal, field, then: back, cancelled: back)
            // Esc on the prompt returns to the board; keep the panel reachable with > again.
        case .check(let key, let checked):
            let requalify = p.rows[p.selected].reconfirm
            let label = pipeline.checkLabel(key) ?? key
            if case .success = run({ try $0.setCheck(p.deal, label: key, checked: requalify ? true : !checked) }) {
                say(requalify ? "re-confirmed \"\(label)\"" : checked ? "unticked \"\(label)\"" : "ticked \"\(label)\"")
            }
            rebuild(p)
        case .activity(let kind):
            logActivity(p.deal, kind, then: back, cancelled: back)
        case .confirm:
            complete(p)
        case .stage, .heading, .note:
            break
        }
    }

    func force(_ p: Panel) {
        guard pipeline.isManager(store.user) else {
            say("only a manager may force \(isCreate(p) ? "a new deal past the gates" : "a move") (\(pipeline.managersText))", error: true)
            mode = p
            return
        }
        if case .create(let form, let stage) = p.purpose { return forceNewDeal(p, form, stage) }
        mode = Prompt(title: "Force #\(p.deal) past unmet criteria — reason", hint: "recorded with the move; Enter to force", submit: { [unowned self] reason in
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { return "a forced move needs a reason" }
            if store.state.deal(number: p.deal)?.stage != p.fromStage { rebuild(p); return nil }
            switch p.purpose {
            case .move(let target, _): return submit({ try $0.move(p.deal, to: target, reason: reason, force: true, from: p.fromStage) }, done: moved)
            case .won: return submit({ try $0.won(p.deal, reason: reason, force: true, from: p.fromStage) }, done: moved)
            case .checks, .create: mode = home; return nil
            }
        })
    }
}
