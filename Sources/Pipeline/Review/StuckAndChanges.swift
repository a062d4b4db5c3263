import Foundation

extension ReviewCalculator {
    /// The open deals showing any warning sign, each with every reason in words; the most
    /// troubled first: most reasons, then the most money at stake, then longest without activity.
    func stuckDeals(_ open: [ReviewRow]) -> [StuckDeal] {
        var out: [StuckDeal] = []
        // A deal borrowed from its row's box, not copied out of it (a dozen reference counts).
        func stuck(_ d: Deal) -> StuckDeal? {
            let h = pipeline.health(of: d, now: now, readiness: false)
            let stage = name(d.stage)
            var reasons: [StuckDeal.Reason] = []
            if h.stale {
                reasons.append(.init(kind: .stale, text: "no activity for \(h.daysSinceActivity) days (stale from \(pipeline.staleAfterDays))"))
            }
            if h.overTarget, let target = pipeline.stage(d.stage)?.targetDays {
                reasons.append(.init(kind: .overTarget, text: "\(h.daysInStage) days in \(stage) (target \(target))"))
            }
            if h.stalledNegotiation {
                let missing = [d.value("next_step").isEmpty ? "next step" : nil, d.value("next_step_owner").isEmpty ? "step owner" : nil]
                    .compactMap { $0 }.joined(separator: " and ")
                reasons.append(.init(kind: .stalledNegotiation,
                                     text: "stalled: \(h.daysInStage) days in \(stage), no \(missing) (after \(pipeline.stalledNegotiationDays))"))
            }
            if h.dormant {
                reasons.append(.init(kind: .dormant, text: "dormant: \(h.daysSinceActivity) days without activity, re-qualify (after \(pipeline.dormantAfterDays))"))
            }
            if h.nextStepOverdue {
                let step = d.value("next_step")
                reasons.append(.init(kind: .nextStepOverdue,
                                     text: "next step " + (step.isEmpty ? "" : "\"\(step)\" ") + "was due \(d.value("next_step_date"))"))
            }
            guard !reasons.isEmpty else { return nil }
            return StuckDeal(number: d.number, title: d.title, company: d.company, owner: d.owner, stage: d.stage, amount: d.amount,
                             daysInStage: h.daysInStage, daysSinceActivity: h.daysSinceActivity, reasons: reasons)
        }
        for r in open {
            if let s = stuck(r.box.deal) { out.append(s) }
        }
        // Sorted on the integer amount, not a Decimal: comparing Decimals made sorting 10,000 deals
        // cost 100 ms. Sorted in place: a list of (deal, key) pairs mapped back to deals copied
        // every stuck deal once more.
        out.sort {
            ($1.reasons.count, $1.amount.units, $1.daysSinceActivity, $0.number) < ($0.reasons.count, $0.amount.units, $0.daysSinceActivity, $1.number)
        }
        return out
    }

    /// What happened from the last review (or the period's start) to the period's end.
    func changes(_ rows: [ReviewRow], lastReview: ReviewMark?) -> ReviewChanges {
        let since = lastReview?.at ?? period.since
        let range = ReviewPeriod(since: since, until: period.until, includesEnd: period.includesEnd)
        var c = ReviewChanges(since: since, lastReview: lastReview?.at, lastReviewBy: lastReview?.by, lastReviewNote: lastReview?.note ?? "", created: [], movedForward: [], movedBack: [], won: [], lost: [],
                              reopened: [], closeDateSlipped: [], amountChanged: [])
        func change(_ d: Deal, at: Date, by: String, from: String? = nil, to: String? = nil, reason: String? = nil) -> ReviewChanges.Change {
            .init(number: d.number, title: d.title, owner: d.owner, at: at, by: by, from: from, to: to, reason: reason, amount: d.amount)
        }
        // A deal borrowed from its row's box, not copied out of it.
        func collect(_ d: Deal, _ history: [StageVisit], _ fieldChanges: [FieldChange]) {
            if range.contains(d.createdAt) { c.created.append(change(d, at: d.createdAt, by: d.createdBy, to: name(history.first?.stage ?? d.stage))) }
            for (before, visit) in zip(history, history.dropFirst()) where range.contains(visit.enteredAt) {
                let item = change(d, at: visit.enteredAt, by: visit.by, from: name(before.stage), to: name(visit.stage), reason: visit.reason)
                switch (kind(visit.stage), visit.move) {
                case (.won?, _): c.won.append(item)
                case (.lost?, _): c.lost.append(item)
                case (_, .reopen): c.reopened.append(item)
                case (_, .back): c.movedBack.append(item)
                default: c.movedForward.append(item)
                }
            }
            for f in fieldChanges where range.contains(f.at) {
                let item = change(d, at: f.at, by: f.by, from: f.from, to: f.to)
                if f.key == "amount" {
                    c.amountChanged.append(item)
                } else if f.key == BuiltInField.closeDate.key, let old = Day(iso: f.from), let new = Day(iso: f.to), new > old {
                    c.closeDateSlipped.append(item)
                }
            }
        }
        for r in rows { collect(r.box.deal, r.box.history, r.box.fieldChanges) }
        // Oldest first, as they happened.
        for path in [\ReviewChanges.created, \.movedForward, \.movedBack, \.won, \.lost, \.reopened, \.closeDateSlipped, \.amountChanged] {
            c[keyPath: path].sort { ($0.at, $0.number) < ($1.at, $1.number) }
        }
        return c
    }
}
