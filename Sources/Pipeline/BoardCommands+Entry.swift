import Foundation

/// How a new deal enters its stage: through the gates of every stage on the way, with the
/// values it is created with, or as a manager's forced entry with a reason.
extension BoardCommands {
    /// Completes a `deal.created` draft with the checks ticked and activities logged with the
    /// deal, then holds it to the gates on the way into its stage — judged on the very deal the
    /// event makes (`Deal.created`), as replay will judge it. Unmet gates refuse the creation
    /// (`CommandError.refused`, grouped by stage), unless a manager forces it with a reason:
    /// then the event records `forced`, the reason and the criteria it was forced past.
    func entry(_ draft: EventDraft, checks: [String], activities: [(kind: String, text: String)], force: Bool, reason: String?) throws -> EventDraft {
        guard case .object(var pairs) = draft.data, let stageKey = draft.data["stage"]?.string, let target = pipeline.stageIndex(stageKey) else {
            return draft
        }
        // A label shared by several checklists means the one a gate on the way asks for.
        let preferring = pipeline.stages[...target].flatMap { pipeline.exitCriteria(of: $0.key) }.compactMap { c -> String? in
            if case .checklist(let k, _) = c.kind { return k }
            return nil
        }
        var keys: [String] = []
        for label in checks {
            let key = try check(labelled: label, preferring: preferring).key
            if !keys.contains(key) { keys.append(key) }
        }
        var logged: [JSONValue] = []
        for a in activities {
            guard let kind = ActivityKind(rawValue: a.kind.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw CommandError.invalid("unknown activity \"\(a.kind)\"; expected one of: " + ActivityKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let text = a.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw CommandError.invalid("an activity needs a text (what happened): \(kind.rawValue)=TEXT") }
            logged.append(.obj([("kind", .string(kind.rawValue)), ("text", .string(text))]))
        }
        if !keys.isEmpty { pairs.append(("checks", .array(keys.map { .string($0) }))) }
        if !logged.isEmpty { pairs.append(("activities", .array(logged))) }
        var out = draft
        out.data = .object(pairs)

        let probe = Deal.created(by: out.stamped(id: "new", timestamp: now, user: user), number: out.number ?? 0)
        let unmet = pipeline.unmetCriteria(creating: probe, in: stageKey, now: now)
        guard !unmet.isEmpty else { return out }
        let stage = pipeline.stages[target]
        guard force else {
            var refusal = MoveRefusal(deal: out.number ?? 0, from: pipeline.firstStage.key, to: stageKey, unmet: unmet)
            refusal.creating = draft.data["title"]?.string ?? ""
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
        pairs += [("forced", .bool(true)), ("reason", .string(why)), ("unmet", .array(unmet.map { .string($0.label) }))]
        out.data = .object(pairs)
        return out
    }
}
