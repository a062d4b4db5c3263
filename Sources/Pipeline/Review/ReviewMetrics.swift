import Foundation

extension ReviewReport {
    /// Computes the review from the folded board. `now` is the moment of the snapshot figures
    /// (days in stage, stale, overdue); `period` bounds the flow figures; `owner` narrows
    /// everything to one rep's deals (by the deal's current owner).
    public static func compute(state: BoardState, pipeline: PipelineDefinition, period: ReviewPeriod, now: Date,
                               owner: String? = nil) -> ReviewReport {
        let calc = ReviewCalculator(pipeline: pipeline, period: period, now: now)
        let live = state.liveDeals
        let deals = owner.map { o in live.filter { $0.owner == o } } ?? live
        var report = calc.report(deals, owner: owner, lastReview: state.lastReviewAt, by: state.lastReviewBy)
        let names = owner.map { [$0] } ?? Array(Set(live.map(\.owner))).sorted()
        report.owners = names.map { name in
            calc.report(live.filter { $0.owner == name }, owner: name, lastReview: state.lastReviewAt, by: state.lastReviewBy).summary(owner: name)
        }
        return report
    }

    func summary(owner: String) -> OwnerFigures {
        OwnerFigures(owner: owner, open: open, coverage: coverage, winRate: winRate, averageSalesCycleDays: averageSalesCycleDays,
                     pipelineVelocity: pipelineVelocity, stuck: stuck.count, created: changes.created.count,
                     movedForward: changes.movedForward.count, won: changes.won.count, lost: changes.lost.count)
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

    func kind(_ stage: String) -> Stage.Kind? { index[stage].map { pipeline.stages[$0].kind } }
    func name(_ stage: String) -> String { pipeline.stage(stage)?.name ?? stage }

    func report(_ deals: [Deal], owner: String?, lastReview: Date?, by reviewer: String?) -> ReviewReport {
        let openDeals = deals.filter { kind($0.stage) == .open }
        let open = openFigures(openDeals)
        let winRate = winRate(deals)
        let cycle = averageSalesCycle(deals)
        var stages = stageFigures(deals)
        let proposal = stages.first { $0.key == winRate.fromStage }?.conversionRate
        for i in stages.indices { stages[i].overTarget = openDeals.filter { $0.stage == stages[i].key && overTarget($0) }.count }
        return ReviewReport(
            period: period, now: now, owner: owner, currency: pipeline.currency, stages: stages, open: open,
            quota: pipeline.quota, quotaPeriod: pipeline.quotaPeriod,
            coverage: pipeline.quota > 0 ? double(open.value) / double(pipeline.quota) : nil,
            winRate: winRate, proposalConversion: proposal, averageSalesCycleDays: cycle,
            pipelineVelocity: velocity(open: open, winRate: winRate.rate, cycle: cycle),
            forecast: forecast(openDeals), lossReasons: lossReasons(deals), owners: [],
            stuck: stuckDeals(openDeals), changes: changes(deals, lastReview: lastReview, by: reviewer))
    }

    // MARK: Snapshot figures

    func openFigures(_ open: [Deal]) -> OpenFigures {
        let value = open.reduce(Decimal(0)) { $0 + $1.amount }
        let weightedValue = open.reduce(Decimal(0)) { $0 + weighted($1) }
        return OpenFigures(deals: open.count, value: value, weightedValue: weightedValue,
                           averageValue: open.isEmpty ? nil : value / Decimal(open.count))
    }

    func weighted(_ d: Deal) -> Decimal {
        d.amount * Decimal(pipeline.stage(d.stage)?.probability ?? 0) / 100
    }

    func overTarget(_ d: Deal) -> Bool {
        guard let target = pipeline.stage(d.stage)?.targetDays else { return false }
        return d.daysInStage(now: now) > target
    }

    /// Σ amount × stage probability of the open deals, by the month of their expected close date.
    func forecast(_ open: [Deal]) -> [ForecastMonth] {
        var months: [String?: ForecastMonth] = [:]
        for d in open {
            let month = Day(iso: d.value(BuiltInField.closeDate.key))?.monthKey
            months[month, default: ForecastMonth(month: month, deals: 0, value: 0, weightedValue: 0)].deals += 1
            months[month]!.value += d.amount
            months[month]!.weightedValue += weighted(d)
        }
        // By month; deals without a close date last.
        return months.values.sorted { ($0.month ?? "9999") < ($1.month ?? "9999") }
    }

    // MARK: Flow figures (the period)

    /// Per open stage: the deals in it now, and from the stays that ended in the period, the
    /// conversion rate and days in stage.
    func stageFigures(_ deals: [Deal]) -> [StageFigures] {
        var left: [String: Int] = [:]
        var forward: [String: Int] = [:]
        var days: [String: [Int]] = [:]
        for d in deals {
            // Where the deal last went from each stage it left in the period.
            var lastExit: [String: String] = [:]
            for (visit, next) in zip(d.history, d.history.dropFirst()) where period.contains(next.enteredAt) {
                guard kind(visit.stage) == .open else { continue }
                lastExit[visit.stage] = next.stage
                days[visit.stage, default: []].append(Day(next.enteredAt) - Day(visit.enteredAt))
            }
            for (from, to) in lastExit {
                left[from, default: 0] += 1
                if let i = index[from], let j = index[to], j > i, kind(to) != .lost { forward[from, default: 0] += 1 }
            }
        }
        return pipeline.stages.filter(\.isOpen).map { s in
            let here = deals.filter { $0.stage == s.key }
            let value = here.reduce(Decimal(0)) { $0 + $1.amount }
            let gone = left[s.key] ?? 0
            let ahead = forward[s.key] ?? 0
            let stays = (days[s.key] ?? []).sorted()
            return StageFigures(
                key: s.key, name: s.name, probability: s.probability, targetDays: s.targetDays, count: here.count, value: value,
                weightedValue: value * Decimal(s.probability) / 100, overTarget: 0, left: gone, wentForward: ahead,
                conversionRate: gone == 0 ? nil : Double(ahead) / Double(gone), staysEnded: stays.count,
                averageDays: stays.isEmpty ? nil : Double(stays.reduce(0, +)) / Double(stays.count), medianDays: Self.median(stays))
        }
    }

    static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }

    /// A deal closed in the period: it is in a won or lost stage now and got there in the period.
    func closedInPeriod(_ d: Deal, _ k: Stage.Kind) -> StageVisit? {
        guard kind(d.stage) == k, let last = d.history.last, period.contains(last.enteredAt) else { return nil }
        return last
    }

    var winRateStage: Stage {
        if let key = pipeline.winRateFromStage, let s = pipeline.stage(key) { return s }
        return pipeline.stages.first { $0.isOpen && ($0.key.lowercased().contains("proposal") || $0.name.lowercased().contains("proposal")) }
            ?? pipeline.firstStage
    }

    func winRate(_ deals: [Deal]) -> WinRate {
        let from = winRateStage
        let fromIndex = index[from.key] ?? 0
        // "Reached" the stage: stayed in it or in any later stage that is not a lost one.
        func reached(_ d: Deal) -> Bool {
            d.history.contains { v in (index[v.stage] ?? -1) >= fromIndex && kind(v.stage) != .lost }
        }
        let won = deals.filter { closedInPeriod($0, .won) != nil && reached($0) }.count
        let lost = deals.filter { closedInPeriod($0, .lost) != nil && reached($0) }.count
        return WinRate(fromStage: from.key, fromStageName: from.name, won: won, lost: lost,
                       rate: won + lost == 0 ? nil : Double(won) / Double(won + lost))
    }

    /// Days from creation to won, over the deals won in the period.
    func averageSalesCycle(_ deals: [Deal]) -> Double? {
        let cycles = deals.compactMap { d in closedInPeriod(d, .won).map { Day($0.enteredAt) - Day(d.createdAt) } }
        return cycles.isEmpty ? nil : Double(cycles.reduce(0, +)) / Double(cycles.count)
    }

    /// Open deals × win rate × average deal value / average sales cycle days (a cycle shorter
    /// than one day counts as one day).
    func velocity(open: OpenFigures, winRate: Double?, cycle: Double?) -> Decimal? {
        guard let winRate, let cycle, let average = open.averageValue else { return nil }
        let perDay = Double(open.deals) * winRate * double(average) / max(1, cycle)
        return Self.cents(perDay)
    }

    func lossReasons(_ deals: [Deal]) -> [LossReason] {
        var byReason: [String: LossReason] = [:]
        for d in deals {
            guard let visit = closedInPeriod(d, .lost) else { continue }
            let reason = visit.reason ?? "(no reason)"
            byReason[reason, default: LossReason(reason: reason, deals: 0, value: 0)].deals += 1
            byReason[reason]!.value += d.amount
        }
        return byReason.values.sorted { ($1.deals, $1.value, $0.reason) < ($0.deals, $0.value, $1.reason) }
    }

    // MARK: Helpers

    func double(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }

    static func cents(_ x: Double) -> Decimal {
        Decimal(string: String(format: "%.2f", x), locale: Locale(identifier: "en_US_POSIX")) ?? 0
    }
}
