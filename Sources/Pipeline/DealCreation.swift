import Foundation

/// A new deal enters its stage only through that stage's gates — like a move — or as a
/// manager's forced entry with a reason. The command (`BoardCommands.create`) and replay
/// (`BoardState`) build the deal a `deal.created` event makes with the same function and judge
/// it with the same gates, so what the command line accepts, replay applies.
extension Deal {
    /// The deal a `deal.created` event makes, in the stage it names: its fields, the checks
    /// ticked and the activities logged with it (at the event's time, by its author), and, for
    /// a forced entry, the reason and the criteria it was forced past.
    public static func created(by event: Event, number: Int) -> Deal {
        let d = event.data
        var fields: [String: String] = [:]
        for (k, v) in d["fields"]?.object ?? [] { fields[k] = v.string ?? "" }
        let stage = d["stage"]?.string ?? ""
        var deal = Deal(uid: event.id, number: number, title: d["title"]?.string ?? "", company: d["company"]?.string ?? "",
                        owner: d["owner"]?.string ?? event.user, amount: d["amount"].flatMap { if case .read(let m) = UnreadValue.amount($0) { m } else { nil } } ?? .zero,
                        stage: stage, createdAt: event.timestamp, createdBy: event.user, fields: fields)
        for check in d["checks"]?.array ?? [] {
            if let key = check.string { deal.checks[key] = event.timestamp }
        }
        for (i, a) in (d["activities"]?.array ?? []).enumerated() {
            deal.activities.append(Activity(id: "\(event.id).\(i + 1)", kind: a["kind"]?.string ?? "note", text: a["text"]?.string ?? "",
                                            date: event.timestamp, loggedAt: event.timestamp, stage: stage, by: event.user))
        }
        if d["forced"]?.bool == true {
            deal.history[0].forced = true
            deal.history[0].reason = d["reason"]?.string
            deal.history[0].unmet = d["unmet"]?.array?.compactMap(\.string) ?? []
        }
        return deal
    }

    /// Puts a new deal in another stage than its creation named (replay, when that stage was
    /// not allowed): its first stay and what was logged with it move along; nothing is dropped.
    mutating func enter(_ stage: String) {
        self.stage = stage
        history[0].stage = stage
        history[0].forced = false
        history[0].unmet = []
        for i in activities.indices { activities[i].stage = stage }
    }
}

extension PipelineDefinition {
    /// Where a new deal whose creation was not allowed is kept: the stage of the first gate on
    /// the way that its values do not meet — as far as they let it go — or, when they meet
    /// every gate (a closed stage, a force nobody may make), the last open stage before it.
    func furthestEntry(_ unmet: [CriterionResult], claimed: Int) -> String {
        if let stop = unmet.first?.stage { return stop }
        if stages[claimed].isOpen { return stages[claimed].key }
        return stages[..<claimed].last(where: \.isOpen)?.key ?? firstStage.key
    }
}
