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
        created(event.created ?? DealCreated(json: .object([])), id: event.id, at: event.timestamp, by: event.user, number: number)
    }

    /// The deal a `deal.created` payload makes, for the event `id`, written `at` by `user`.
    public static func created(_ p: DealCreated, id: String, at: Date, by user: String, number: Int) -> Deal {
        var fields: [String: String] = [:]
        for f in p.fields { fields[f.key] = f.text }
        let stage = p.stage ?? ""
        let amount: Money = if let v = p.amount, case .read(let m) = UnreadValue.amount(v) { m } else { .zero }
        var deal = Deal(uid: id, number: number, title: p.title, company: p.company, owner: p.owner ?? user, amount: amount,
                        stage: stage, createdAt: at, createdBy: user, fields: fields)
        for key in p.checks { deal.checks[key] = at }
        for (i, a) in p.activities.enumerated() {
            deal.activities.append(Activity(id: "\(id).\(i + 1)", kind: a.kind, text: a.text, date: at, loggedAt: at, stage: stage, by: user))
        }
        deal.history[0].imported = p.imported?.description
        if p.forced {
            deal.history[0].forced = true
            deal.history[0].reason = p.reason
            deal.history[0].unmet = p.unmet
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
