import Foundation

/// How a new deal enters its stage: through the gates of every stage on the way, with the
/// values it is created with, or as a manager's forced entry with a reason.
extension BoardCommands {
    /// Completes a `deal.created` payload with the checks ticked and activities logged with the
    /// deal, then holds it to the gates on the way into its stage — judged on the very deal the
    /// event makes (`Deal.created`), as replay will judge it. Unmet gates refuse the creation
    /// (`CommandError.refused`, grouped by stage), unless a manager forces it with a reason:
    /// then the event records `forced`, the reason and the criteria it was forced past.
    func entry(_ created: DealCreated, number: Int, checks: [String], activities: [(kind: String, text: String)], force: Bool, reason: String?) throws -> EventDraft {
        var p = created
        guard let stageKey = p.stage, let target = pipeline.stageIndex(stageKey) else {
            return EventDraft(.dealCreated(p), number: number)
        }
        // A label shared by several checklists means the one a gate on the way asks for.
        let preferring = pipeline.stages[...target].flatMap { pipeline.exitCriteria(of: $0.key) }.compactMap { c -> String? in
            if case .checklist(let k, _) = c.kind { return k }
            return nil
        }
        for label in checks {
            let key = try check(labelled: label, preferring: preferring).key
            if !p.checks.contains(key) { p.checks.append(key) }
        }
        for a in activities {
            guard let kind = ActivityKind(rawValue: a.kind.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw CommandError.invalid("unknown activity \"\(a.kind)\"; expected one of: " + ActivityKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let text = a.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw CommandError.invalid("an activity needs a text (what happened): \(kind.rawValue)=TEXT") }
            p.activities.append(DealCreated.LoggedActivity(kind: kind.rawValue, text: text))
        }

        let probe = Deal.created(p, id: "new", at: now, by: user, number: number)
        let unmet = pipeline.unmetCriteria(creating: probe, in: stageKey, now: now)
        guard !unmet.isEmpty else { return EventDraft(.dealCreated(p), number: number) }
        let stage = pipeline.stages[target]
        guard force else {
            var refusal = MoveRefusal(deal: number, from: pipeline.firstStage.key, to: stageKey, unmet: unmet)
            refusal.creating = p.title
            refusal.fromName = pipeline.firstStage.name
            refusal.toName = stage.name
            refusal.stageNames = stageNames
            refusal.prospect = probe
            throw CommandError.refused(refusal)
        }
        guard pipeline.isManager(user) else {
            throw CommandError.notPermitted("only a manager may force a new deal into \(stage.name) past unmet exit criteria (\(pipeline.managersText)); \(user) is not one")
        }
        guard let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !why.isEmpty else {
            throw CommandError.invalid("a forced entry into \(stage.name) needs a reason (--reason TEXT)")
        }
        p.forced = true
        p.reason = why
        p.unmet = unmet.map(\.label)
        return EventDraft(.dealCreated(p), number: number)
    }
}
