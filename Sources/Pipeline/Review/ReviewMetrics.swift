import Foundation

extension ReviewReport {
    /// Computes the review from the folded board. `now` is the moment of the snapshot figures
    /// (days in stage, stale, overdue); `period` bounds the flow figures; `owner` narrows
    /// everything to one rep's deals (by the deal's current owner: `PipelineDefinition.ownerKey`,
    /// so a deal that names a person by login and one that names them by name are both theirs).
    /// `keep` is handed the rows the review was computed from (every live deal's stays and
    /// changes, decoded) instead of them being freed here: a command about to exit lets the
    /// system take them back whole, not object by object (~45 ms of a 100,000-deal report).
    public static func compute(state: BoardState, pipeline: PipelineDefinition, period: ReviewPeriod, now: Date,
                               owner: String? = nil, keep: ((Any) -> Void)? = nil) -> ReviewReport {
        let calc = ReviewCalculator(pipeline: pipeline, period: period, now: now)
        // Each deal's stays are decoded for its row: half the deals on each core.
        let half = state.deals.count / 2
        let (front, back) = bothAtOnce({ calc.rows(state.deals[..<half].lazy.filter { !$0.deleted }) },
                                       { calc.rows(state.deals[half...].lazy.filter { !$0.deleted }) })
        let live = front + back
        keep?(live)
        let rows = owner.map { o in live.filter { pipeline.ownerKey($0.deal.owner) == o } } ?? live
        // "Since the last review" of this period: the last one marked before the period ends,
        // so a report on an earlier week counts from that week's review, not today's.
        let review = state.reviews.last { period.reaches($0.at) }
        let open = rows.filter { $0.kind == .open }
        // The stuck deals (every open deal's health, and words for each sign) on one core; the
        // figures, the changes and each rep's figures on the other.
        var (report, stuck) = bothAtOnce({
            var report = calc.figures(rows, open: open, owner: owner, lastReview: review)
            if let owner {
                report.owners = [calc.ownerFigures(owner, rows, in: report)]
            } else {
                // Each rep from their own deals; the changes are the team's, filtered.
                let byOwner = Dictionary(grouping: live, by: { pipeline.ownerKey($0.deal.owner) })
                let shares = OwnerShares(report.changes, pipeline: pipeline)
                report.owners = byOwner.keys.sorted().map { calc.ownerFigures($0, byOwner[$0]!, in: report, shares: shares) }
            }
            return report
        }, { calc.stuckDeals(open) })
        report.stuck = stuck
        // Each rep's share of the stuck deals, now that they are known.
        var stuckBy: [String: Int] = [:]
        for i in stuck.indices { stuckBy[pipeline.ownerKey(stuck[i].owner), default: 0] += 1 }
        for i in report.owners.indices { report.owners[i].stuck = stuckBy[report.owners[i].owner] ?? 0 }
        report.timeZone = pipeline.timeZone
        return report
    }
}

/// A deal with what every formula needs looked up once: its stage, its kind and probability.
/// Amounts are summed as integers (`MoneySum`, 128 bits): exact, and no number of deals in
/// range can overflow them.
///
/// The deal is held in a box: every formula walks the rows, and a row that held the deal itself
/// cost a dozen reference counts per copy (a third of a 10,000-deal report went on copying rows).
/// Beside it, its stays and tracked changes, decoded once (`Deal.staysAndChanges`).
struct ReviewRow {
    final class Box: Sendable {
        let deal: Deal
        let history: [StageVisit]
        let fieldChanges: [FieldChange]
        init(_ deal: Deal) {
            self.deal = deal
            (history, fieldChanges) = deal.staysAndChanges
        }
    }

    let box: Box
    /// Read in place (`r.deal.owner` copies no deal).
    var deal: Deal { _read { yield box.deal } }
    var history: [StageVisit] { _read { yield box.history } }
    var amount: Money { box.deal.amount }
    let stage: Int
    let kind: Stage.Kind?
    let probability: Int
}

/// Each rep's share of the team's changes, counted in one pass (counting them again for every
/// rep copied every change once per rep).
struct OwnerShares {
    var created: [String: Int] = [:]
    var movedForward: [String: Int] = [:]
    var won: [String: Int] = [:]
    var lost: [String: Int] = [:]

    init(_ c: ReviewChanges, pipeline: PipelineDefinition) {
        func count(_ list: [ReviewChanges.Change], _ into: inout [String: Int]) {
            for x in list { into[pipeline.ownerKey(x.owner), default: 0] += 1 }
        }
        count(c.created, &created)
        count(c.movedForward, &movedForward)
        count(c.won, &won)
        count(c.lost, &lost)
    }
}

/// The formulas of PRODUCT.md, one function each, over a list of deals.
struct ReviewCalculator {
    let pipeline: PipelineDefinition
    let period: ReviewPeriod
    let now: Date
    let index: [String: Int]

    init(pipeline: PipelineDefinition, period: ReviewPeriod, now: Date) {
        self.pipeline = pipeline
        self.period = period
        self.now = now
        index = Dictionary(pipeline.stages.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func rows(_ deals: some Sequence<Deal>) -> [ReviewRow] {
        deals.map { d in
            let i = index[d.stage] ?? -1
            return ReviewRow(box: ReviewRow.Box(d), stage: i, kind: i >= 0 ? pipeline.stages[i].kind : nil,
                             probability: i >= 0 ? pipeline.stages[i].probability : 0)
        }
    }

    func kind(_ stage: String) -> Stage.Kind? { index[stage].map { pipeline.stages[$0].kind } }
    func name(_ stage: String) -> String { index[stage].map { pipeline.stages[$0].name } ?? stage }

    /// Every figure but the stuck deals and each rep's.
    func figures(_ rows: [ReviewRow], open: [ReviewRow], owner: String?, lastReview: ReviewMark?) -> ReviewReport {
        let openFigures = openFigures(open)
        let winRate = winRate(rows)
        let cycle = averageSalesCycle(rows)
        let stages = stageFigures(rows, open: open)
        return ReviewReport(
            period: period, now: now, owner: owner, money: pipeline.money, stages: stages, open: openFigures,
            quota: pipeline.quota, quotaPeriod: pipeline.quotaPeriod, coverage: coverage(openFigures),
            winRate: winRate, proposalConversion: stages.first { $0.key == winRate.fromStage }?.conversionRate,
            averageSalesCycleDays: cycle, pipelineVelocity: velocity(open: openFigures, winRate: winRate.rate, cycle: cycle),
            forecast: forecast(open), lossReasons: lossReasons(rows), owners: [],
            stuck: [], changes: changes(rows, lastReview: lastReview))
    }

    /// One rep's figures: from their deals, and their share of the changes (of the stuck deals:
    /// counted by the caller).
    func ownerFigures(_ owner: String, _ rows: [ReviewRow], in report: ReviewReport, shares: OwnerShares? = nil) -> OwnerFigures {
        let open = openFigures(rows.filter { $0.kind == .open })
        let winRate = winRate(rows)
        let cycle = averageSalesCycle(rows)
        let shares = shares ?? OwnerShares(report.changes, pipeline: pipeline)
        return OwnerFigures(owner: owner, open: open, coverage: coverage(open), winRate: winRate,
                            wonInPeriod: rows.reduce(0) { $0 + (closedInPeriod($1, .won) != nil ? 1 : 0) },
                            lostInPeriod: rows.reduce(0) { $0 + (closedInPeriod($1, .lost) != nil ? 1 : 0) }, averageSalesCycleDays: cycle,
                            pipelineVelocity: velocity(open: open, winRate: winRate.rate, cycle: cycle),
                            stuck: 0, created: shares.created[owner] ?? 0,
                            movedForward: shares.movedForward[owner] ?? 0, won: shares.won[owner] ?? 0, lost: shares.lost[owner] ?? 0)
    }

    // MARK: Snapshot figures

    func openFigures(_ open: [ReviewRow]) -> OpenFigures {
        var value = MoneySum.zero
        var weighted = MoneySum.zero
        for r in open {
            value += r.amount
            weighted += MoneySum(r.amount, percent: r.probability)
        }
        return OpenFigures(deals: open.count, value: value, weightedValue: weighted,
                           averageValue: open.isEmpty ? nil : value.divided(by: open.count))
    }

    func coverage(_ open: OpenFigures) -> Double? {
        pipeline.quota.isZero ? nil : open.value.doubleValue / MoneySum(pipeline.quota).doubleValue
    }

    /// Σ amount × stage probability of the open deals, by the month of their expected close date.
    func forecast(_ open: [ReviewRow]) -> [ForecastMonth] {
        var months: [String: (deals: Int, value: MoneySum, weighted: MoneySum)] = [:]
        let none = "~" // sorts after every month
        for r in open {
            let month = Day(iso: r.deal.value(BuiltInField.closeDate.key))?.monthKey ?? none
            months[month, default: (0, .zero, .zero)].deals += 1
            months[month]!.value += r.amount
            months[month]!.weighted += MoneySum(r.amount, percent: r.probability)
        }
        return months.keys.sorted().map { m in
            let f = months[m]!
            return ForecastMonth(month: m == none ? nil : m, deals: f.deals, value: f.value, weightedValue: f.weighted)
        }
    }

    // MARK: Flow figures (the period)

    /// Per open stage: the deals in it now, and from the stays that ended in the period, the
    /// conversion rate and days in stage.
    func stageFigures(_ rows: [ReviewRow], open: [ReviewRow]) -> [StageFigures] {
        let n = pipeline.stages.count
        var left = Array(repeating: 0, count: n)
        var forward = Array(repeating: 0, count: n)
        var days = Array(repeating: [Int](), count: n)
        var count = Array(repeating: 0, count: n)
        var values = Array(repeating: MoneySum.zero, count: n)
        var over = Array(repeating: 0, count: n)
        for r in open where r.stage >= 0 {
            count[r.stage] += 1
            values[r.stage] += r.amount
            if let target = pipeline.stages[r.stage].targetDays, r.deal.daysInStage(now: now, in: pipeline.timeZone) > target { over[r.stage] += 1 }
        }
        for r in rows {
            // Where the deal last went from each stage it left in the period.
            var lastExit: [Int: Int] = [:]
            for (visit, next) in zip(r.history, r.history.dropFirst()) where period.contains(next.enteredAt) {
                guard let i = index[visit.stage], pipeline.stages[i].isOpen else { continue }
                lastExit[i] = index[next.stage] ?? -1
                days[i].append(pipeline.day(next.enteredAt) - pipeline.day(visit.enteredAt))
            }
            for (from, to) in lastExit {
                left[from] += 1
                if to > from, pipeline.stages[to].kind != .lost { forward[from] += 1 }
            }
        }
        return pipeline.stages.indices.filter { pipeline.stages[$0].isOpen }.map { i in
            let s = pipeline.stages[i]
            let stays = days[i].sorted()
            return StageFigures(
                key: s.key, name: s.name, probability: s.probability, targetDays: s.targetDays, count: count[i], value: values[i],
                weightedValue: values[i].weighted(percent: s.probability), overTarget: over[i],
                left: left[i], wentForward: forward[i], conversionRate: left[i] == 0 ? nil : Double(forward[i]) / Double(left[i]),
                staysEnded: stays.count, averageDays: stays.isEmpty ? nil : Double(stays.reduce(0, +)) / Double(stays.count),
                medianDays: Self.median(stays))
        }
    }

    static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }

    /// A deal closed in the period: it is in a won or lost stage now and got there in the period.
    func closedInPeriod(_ r: ReviewRow, _ k: Stage.Kind) -> StageVisit? {
        guard r.kind == k, let last = r.history.last, period.contains(last.enteredAt) else { return nil }
        return last
    }

    var winRateStage: Stage {
        if let key = pipeline.winRateFromStage, let s = pipeline.stage(key) { return s }
        return pipeline.stages.first { $0.isOpen && ($0.key.lowercased().contains("proposal") || $0.name.lowercased().contains("proposal")) }
            ?? pipeline.firstStage
    }

    func winRate(_ rows: [ReviewRow]) -> WinRate {
        let from = winRateStage
        let fromIndex = index[from.key] ?? 0
        // "Reached" the stage: stayed in it or in any later stage that is not a lost one.
        func reached(_ r: ReviewRow) -> Bool {
            r.history.contains { v in (index[v.stage] ?? -1) >= fromIndex && kind(v.stage) != .lost }
        }
        var won = 0
        var lost = 0
        for r in rows where r.kind == .won || r.kind == .lost {
            guard closedInPeriod(r, r.kind!) != nil, reached(r) else { continue }
            if r.kind == .won { won += 1 } else { lost += 1 }
        }
        return WinRate(fromStage: from.key, fromStageName: from.name, won: won, lost: lost,
                       rate: won + lost == 0 ? nil : Double(won) / Double(won + lost))
    }

    /// Days from creation to won, over the deals won in the period.
    func averageSalesCycle(_ rows: [ReviewRow]) -> Double? {
        let cycles = rows.compactMap { r in closedInPeriod(r, .won).map { pipeline.day($0.enteredAt) - pipeline.day(r.deal.createdAt) } }
        return cycles.isEmpty ? nil : Double(cycles.reduce(0, +)) / Double(cycles.count)
    }

    /// Open deals × win rate × average deal value / average sales cycle days (a cycle shorter
    /// than one day counts as one day).
    func velocity(open: OpenFigures, winRate: Double?, cycle: Double?) -> MoneySum? {
        guard let winRate, let cycle, let average = open.averageValue else { return nil }
        let perDay = Double(open.deals) * winRate * average.doubleValue / max(1, cycle)
        return MoneySum(approximately: perDay)
    }

    func lossReasons(_ rows: [ReviewRow]) -> [LossReason] {
        var byReason: [String: (deals: Int, value: MoneySum)] = [:]
        for r in rows {
            guard let visit = closedInPeriod(r, .lost) else { continue }
            let reason = visit.reason ?? "(no reason)"
            byReason[reason, default: (0, .zero)].deals += 1
            byReason[reason]!.value += r.amount
        }
        return byReason.map { LossReason(reason: $0.key, deals: $0.value.deals, value: $0.value.value) }
            .sorted { ($1.deals, $1.value, $0.reason) < ($0.deals, $0.value, $1.reason) }
    }
}
