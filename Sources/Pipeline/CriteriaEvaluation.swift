import Foundation

/// Whether one exit criterion holds for a deal, and what it still needs.
public struct CriterionResult: Equatable, Sendable {
    public var criterion: ExitCriterion
    /// The stage whose exit this criterion guards.
    public var stage: String
    public var met: Bool
    /// What is missing, for people: "needs a date after 2026-11-23".
    public var needs: String

    public var label: String { criterion.label }
}

extension PipelineDefinition {
    /// Evaluates every exit criterion of `stageKey` for the deal. `now` is a parameter:
    /// the domain never reads the clock.
    public func evaluateExit(of stageKey: String, for deal: Deal, now: Date) -> [CriterionResult] {
        exitCriteria(of: stageKey).map { evaluate($0, stage: stageKey, deal: deal, now: now) }
    }

    public func evaluate(_ criterion: ExitCriterion, stage: String, deal: Deal, now: Date) -> CriterionResult {
        let today = day(now)
        // `needs` is built only for an unmet criterion: replay evaluates every forward move, and
        // the words (money and dates formatted) cost more than the rule itself.
        func result(_ met: Bool, _ needs: @autoclosure () -> String) -> CriterionResult {
            CriterionResult(criterion: criterion, stage: stage, met: met, needs: met ? "" : needs())
        }
        switch criterion.kind {
        case .field(let key):
            let def = field(key)
            let label = def?.label ?? key
            // A yes/no fact holds only when it is yes; "no" is filled in but not met.
            if def?.type == .yesNo { return result(deal.value(key) == "yes", "set \(label) to yes") }
            return result(!deal.value(key).isEmpty, "fill in \(label)")

        case .minimum(let key, let min):
            let raw = deal.value(key)
            let isMoney = field(key)?.type == .money
            // Exact on both sides: an amount as the journal holds it, a number as typed text.
            let value = isMoney ? Money(canonical: raw)?.decimal : Decimal(string: raw)
            func shown(_ d: Decimal) -> String { isMoney ? Money(exactly: d).map(money.text) ?? "\(d)" : "\(d)" }
            return result(value.map { $0 >= min } ?? false,
                          raw.isEmpty ? "fill in \(key) with at least \(shown(min))" : "\(key) must be at least \(shown(min)) (now \(value.map(shown) ?? raw))")

        case .futureDate(let key, let within):
            let day = Day(iso: deal.value(key))
            var ok = day.map { $0 > today } ?? false
            if let within, let day { ok = ok && day <= today + within }
            let range = within.map { "between \(today + 1) and \(today + $0)" } ?? "after \(today)"
            return result(ok, "set \(key) to a date \(range)")

        case .checklist(let key, let atLeast):
            guard let list = checklist(key) else { return result(false, "checklist \(key) is not defined") }
            let ticked = list.items.reduce(0) { $0 + (deal.isChecked($1.key) ? 1 : 0) } // no array per evaluation
            return result(ticked >= atLeast, "tick \(atLeast - ticked) more of \(list.label) (\(ticked) of \(list.items.count) ticked, \(atLeast) needed): "
                          + list.items.filter { !deal.isChecked($0.key) }.map(\.label).joined(separator: ", "))

        case .signal(let key):
            let label = checkLabel(key) ?? key
            return result(deal.isChecked(key), "tick \"\(label)\"")

        case .activity(let kind):
            // Logged while the deal was in this stage (on any stay: reopening a deal must not
            // ask for the meeting again), and dated no earlier than the day it first got here —
            // a back-dated meeting from before the stage does not count.
            let firstEntry = deal.history.first { $0.stage == stage }?.enteredAt ?? deal.enteredStageAt
            let found = deal.activities.contains { $0.kind == kind.rawValue && $0.stage == stage && day($0.date) >= day(firstEntry) }
            // Named, not "this stage": the deal may be in another stage when a move passes this one.
            return result(found, "log \(Self.article(kind)) \(kind.rawValue) while the deal is in \(self.stage(stage)?.name ?? stage)")

        case .requalify(let key, let afterDays):
            guard let list = checklist(key) else { return result(false, "checklist \(key) is not defined") }
            guard let quietSince = dormancyStart(deal, afterDays: afterDays, now: now) else { return result(true, "") }
            // Once the deal had been quiet for afterDays, as many checks must be (re)confirmed as
            // the qualification gate asked for — not items that were never true.
            let dueFrom = quietSince.addingTimeInterval(Double(afterDays) * 86_400)
            let needed = qualificationThreshold(key) ?? list.items.count
            let confirmed = list.items.reduce(0) { $0 + ((deal.checkedAt($1.key) ?? .distantPast) >= dueFrom ? 1 : 0) }
            return result(confirmed >= needed,
                          "quiet for \(afterDays)+ days since \(day(quietSince)): re-confirm \(needed - confirmed) more of \(list.label) by ticking again: "
                          + list.items.filter { (deal.checkedAt($0.key) ?? .distantPast) < dueFrom }.map(\.label).joined(separator: ", "))
        }
    }

    /// Unmet exit criteria of every open stage from the deal's stage up to (not including) `to`,
    /// each label once, in stage order: what a forward move (skipping stages or not) must pass.
    /// From a stage pipeline.toml no longer has: every gate before the target. The command line
    /// refuses a move with these; replay (`BoardState.rules`) holds the journal's moves to the
    /// same test. `exits`: each stage's criteria by stage index, when the caller has them at hand.
    ///
    /// The stages the move passes through (all but the deal's own) are judged on the deal as it
    /// is: their "activity in this stage" criteria cannot have been logged there, so an activity
    /// logged since the deal entered its current stage counts for them (`passedThrough`).
    public func unmetCriteria(_ d: Deal, to: String, now: Date, exits: [[ExitCriterion]]? = nil) -> [CriterionResult] {
        let current = stageIndex(d.stage)
        let from = current ?? 0
        guard let target = stageIndex(to), target > from else { return [] }
        return unmetGates(d, stages: from..<target, current: current, creating: false, now: now, exits: exits)
    }

    /// The gates a deal created in `stage` passes on the way in: the exit criteria of every open
    /// stage before it, judged on the values given at creation (`d`: fields, checks and
    /// activities as the creation event would set them, its history one stay from `now`). Every
    /// one of those stages is passed through, so activities given with the creation count for
    /// their "activity in this stage" criteria. Empty for the first stage.
    public func unmetCriteria(creating d: Deal, in stage: String, now: Date, exits: [[ExitCriterion]]? = nil) -> [CriterionResult] {
        guard let target = stageIndex(stage), let first = stageIndex(firstStage.key), target > first else { return [] }
        return unmetGates(d, stages: first..<target, current: nil, creating: true, now: now, exits: exits)
    }

    private func unmetGates(_ d: Deal, stages range: Range<Int>, current: Int?, creating: Bool, now: Date, exits: [[ExitCriterion]]?) -> [CriterionResult] {
        var out: [CriterionResult] = [] // a handful at most: no set of labels to allocate per move
        for i in range where stages[i].isOpen {
            let key = stages[i].key
            for c in exits?[i] ?? exitCriteria(of: key) {
                let r = i == current ? evaluate(c, stage: key, deal: d, now: now) : passedThrough(c, stage: key, deal: d, now: now, creating: creating)
                if !r.met && !out.contains(where: { $0.label == r.label }) { out.append(r) }
            }
        }
        return out
    }

    /// A criterion of a stage the deal passes through without stopping. Most are judged as for
    /// the stage it is in; "an activity while in this stage" cannot be — the deal was never in
    /// it — so one logged since the deal entered its current stage (and not dated before that
    /// day) counts, as well as one logged on an earlier stay in that stage. Without this, a
    /// meeting logged in Qualification would never let the deal jump to Proposal over Discovery.
    func passedThrough(_ c: ExitCriterion, stage: String, deal: Deal, now: Date, creating: Bool) -> CriterionResult {
        let own = evaluate(c, stage: stage, deal: deal, now: now)
        guard case .activity(let kind) = c.kind, !own.met else { return own }
        let since = deal.enteredStageAt
        let found = deal.activities.contains { $0.kind == kind.rawValue && $0.loggedAt >= since && day($0.date) >= day(since) }
        guard !found else { return CriterionResult(criterion: c, stage: stage, met: true, needs: "") }
        let name = self.stage(stage)?.name ?? stage
        let what = "\(Self.article(kind)) \(kind.rawValue)"
        if creating {
            return CriterionResult(criterion: c, stage: stage, met: false, needs: "log \(what) with the new deal: it counts for \(name) on the way in")
        }
        let currentName = self.stage(deal.stage)?.name ?? deal.stage
        return CriterionResult(criterion: c, stage: stage, met: false,
                               needs: "log \(what) while the deal is in \(currentName): one logged since it entered \(currentName) (\(day(since))) counts for \(name) on the way")
    }

    static func article(_ kind: ActivityKind) -> String { "aeiou".contains(kind.rawValue.first!) ? "an" : "a" }

    /// How many items of a checklist the first stage that gates on it requires.
    func qualificationThreshold(_ checklist: String) -> Int? {
        for stage in stages {
            for c in stage.exitCriteria {
                if case .checklist(checklist, let n) = c.kind { return n }
            }
        }
        return nil
    }

    /// Start of the most recent quiet spell of at least `afterDays` days (no activity logged),
    /// counting the spell that is still going on. nil when the deal was never that quiet.
    ///
    /// Looking at past spells, not only at today, closes a loophole: logging a note after
    /// 60 silent days must not spare the deal its re-qualification.
    public func dormancyStart(_ deal: Deal, afterDays: Int, now: Date) -> Date? {
        let span = Double(afterDays) * 86_400
        // Measured by when activities were *logged*: a note back-dated into the gap must not
        // hide a quiet spell, and a date before the deal existed must not invent one.
        let created = min(deal.createdAt, now)
        // Activities are logged in time order almost always (replay appends them so): then the
        // gaps are read in one pass, with no array to build and sort — replay asks this on every
        // forward move of a deal past qualification.
        var latest: Date?
        var previous = created
        for a in deal.activities {
            let at = min(max(a.loggedAt, created), now)
            guard at >= previous else { return dormancyStartSorting(deal, created: created, span: span, now: now) }
            if at.timeIntervalSince(previous) >= span { latest = previous }
            previous = at
        }
        if now.timeIntervalSince(previous) >= span { latest = previous }
        return latest
    }

    /// `dormancyStart` when activities were logged out of time order (merged journals).
    private func dormancyStartSorting(_ deal: Deal, created: Date, span: Double, now: Date) -> Date? {
        var moments = [created, now] + deal.activities.map { min(max($0.loggedAt, created), now) }
        moments.sort()
        var latest: Date?
        for (a, b) in zip(moments, moments.dropFirst()) where b.timeIntervalSince(a) >= span {
            latest = a
        }
        return latest
    }
}
