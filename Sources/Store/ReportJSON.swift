import Foundation
import Pipeline

/// The JSON shape of `dealboard report --format json` — a stable contract for scripts
/// (README, "Report JSON"). Rates are fractions 0–1 rounded to 4 places, days to 2 places,
/// money to cents in the pipeline's currency; a figure without data is null, never 0.
///
/// Written as a stream (`JSONStream`): the stuck deals and the changes, the bulk of a big
/// board's report, go out one by one with no tree built for them; the small parts are built
/// as `JSONValue`s and written whole.
public enum ReportJSON {
    /// The whole report, written to `out` (the caller ends it: `finishLine`).
    public static func write(_ r: ReviewReport, board: String, to out: inout JSONStream) {
        let f = r.money
        func money(_ s: MoneySum) -> JSONValue { Self.money(s, f) }
        func member(_ key: StaticString, _ value: JSONValue) {
            out.key(key)
            out.value(value)
        }
        out.beginObject()
        member("board", .string(board))
        member("generated", .string(Timestamp.format(r.now)))
        member("currency", .string(r.currency))
        member("owner", r.owner.map { .string($0) } ?? .null)
        // The times above and below are UTC instants; the days were counted in this zone.
        member("timezone", .string(r.timeZone.identifier))
        member("period", .obj([("since", .string(Timestamp.format(r.period.since))), ("until", .string(Timestamp.format(r.period.until))),
                               ("days", number(r.period.days, places: 2))]))
        member("stages", .array(r.stages.map { stage($0, f) }))
        member("open", open(r.open, f))
        member("coverage", optional(r.coverage, places: 4))
        member("quota", .obj([("amount", money(MoneySum(r.quota))), ("period", .string(r.quotaPeriod.rawValue))]))
        member("win_rate", optional(r.winRate.rate, places: 4))
        member("win_rate_basis", winBasis(r.winRate))
        member("proposal_conversion", optional(r.proposalConversion, places: 4))
        member("average_sales_cycle_days", optional(r.averageSalesCycleDays, places: 2))
        member("pipeline_velocity", r.pipelineVelocity.map(money) ?? .null)
        member("thresholds", .obj([("coverage", .number(ReviewThresholds.coverage)), ("win_rate", .number(ReviewThresholds.winRate)),
                                   ("proposal_conversion", .number(ReviewThresholds.proposalConversion))]))
        member("weighted_forecast", .array(r.forecast.map { m in
            .obj([("month", m.month.map { .string($0) } ?? .null), ("deals", .number(Double(m.deals))),
                  ("value", money(m.value)), ("weighted_value", money(m.weightedValue))])
        }))
        member("loss_reasons", .array(r.lossReasons.map { l in
            .obj([("reason", .string(l.reason)), ("deals", .number(Double(l.deals))), ("value", money(l.value))])
        }))
        member("owners", .array(r.owners.map { owner($0, f) }))
        out.key("stuck")
        out.beginArray()
        stuckDeals(r.stuck, &out)
        out.endArray()
        out.key("changes")
        changes(r.changes, &out)
        out.endObject()
    }

    static func stage(_ s: StageFigures, _ f: MoneyFormat) -> JSONValue {
        func money(_ s: MoneySum) -> JSONValue { Self.money(s, f) }
        return .obj([
            ("key", .string(s.key)), ("name", .string(s.name)), ("probability", .number(Double(s.probability))),
            ("count", .number(Double(s.count))), ("value", money(s.value)), ("weighted_value", money(s.weightedValue)),
            ("over_target", .number(Double(s.overTarget))),
            ("left", .number(Double(s.left))), ("went_forward", .number(Double(s.wentForward))),
            ("conversion_rate", optional(s.conversionRate, places: 4)),
            ("stays_ended", .number(Double(s.staysEnded))),
            ("avg_days_in_stage", optional(s.averageDays, places: 2)), ("median_days_in_stage", optional(s.medianDays, places: 2)),
            ("target_days", s.targetDays.map { .number(Double($0)) } ?? .null),
        ])
    }

    static func open(_ o: OpenFigures, _ f: MoneyFormat) -> JSONValue {
        .obj([("deals", .number(Double(o.deals))), ("value", money(o.value, f)), ("weighted_value", money(o.weightedValue, f)),
              ("average_value", o.averageValue.map { money($0, f) } ?? .null)])
    }

    static func winBasis(_ w: WinRate) -> JSONValue {
        .obj([("from_stage", .string(w.fromStage)), ("won", .number(Double(w.won))), ("lost", .number(Double(w.lost)))])
    }

    static func owner(_ o: OwnerFigures, _ f: MoneyFormat) -> JSONValue {
        .obj([
            ("owner", .string(o.owner)), ("open", open(o.open, f)), ("coverage", optional(o.coverage, places: 4)),
            ("win_rate", optional(o.winRate.rate, places: 4)), ("win_rate_basis", winBasis(o.winRate)),
            ("closed_in_period", .obj([("won", .number(Double(o.wonInPeriod))), ("lost", .number(Double(o.lostInPeriod)))])),
            ("average_sales_cycle_days", optional(o.averageSalesCycleDays, places: 2)),
            ("pipeline_velocity", o.pipelineVelocity.map { money($0, f) } ?? .null),
            ("stuck", .number(Double(o.stuck))),
            ("changes", .obj([("created", .number(Double(o.created))), ("moved_forward", .number(Double(o.movedForward))),
                              ("won", .number(Double(o.won))), ("lost", .number(Double(o.lost)))])),
        ])
    }

    /// Tens of thousands on a big board, its biggest part: written a run of them on each core,
    /// two runs at a time, and handed on in order.
    static func stuckDeals(_ list: [StuckDeal], _ out: inout JSONStream) {
        @Sendable func run(_ range: Range<Int>, _ part: inout JSONStream) {
            // By index: each deal read in place, not copied out (a dozen reference counts apiece).
            for i in range {
                part.element()
                stuck(list[i], &part)
            }
        }
        let runLength = 2000
        var start = 0
        while start < list.count {
            let middle = min(start + runLength, list.count)
            let end = min(middle + runLength, list.count)
            guard middle < end else {
                run(start..<middle, &out)
                break
            }
            let (first, second) = (start..<middle, middle..<end)
            let (before, after) = (out.continuation(elementsBefore: false), out.continuation(elementsBefore: true))
            let parts = bothAtOnce({ var p = before; run(first, &p); return p }, { var p = after; run(second, &p); return p })
            out.append(parts.0)
            out.append(parts.1)
            start = end
        }
    }

    static func stuck(_ s: StuckDeal, _ out: inout JSONStream) {
        out.beginObject()
        out.key("id"); out.int(s.number)
        out.key("title"); out.string(s.title)
        out.key("company"); out.string(s.company)
        out.key("owner"); out.string(s.owner)
        out.key("stage"); out.string(s.stage)
        out.key("amount"); amount(s.amount, &out)
        out.key("days_in_stage"); out.int(s.daysInStage)
        out.key("days_since_activity"); out.int(s.daysSinceActivity)
        out.key("reasons")
        out.beginArray()
        for i in s.reasons.indices {
            out.element()
            out.beginObject()
            out.key("kind"); out.string(s.reasons[i].kind.rawValue)
            out.key("text"); out.string(s.reasons[i].text)
            out.endObject()
        }
        out.endArray()
        out.endObject()
    }

    static func change(_ i: ReviewChanges.Change, amounts: Bool, _ out: inout JSONStream) {
        // Field changes of the amount carry amounts as from/to: numbers, or null for none,
        // like every money value here (the journal's text "" or "10000" is not for scripts).
        func value(_ v: String?) {
            guard let v else { return out.null() }
            guard amounts else { return out.string(v) }
            if let m = Money(canonical: v) { amount(m, &out) } else { out.null() }
        }
        out.beginObject()
        out.key("id"); out.int(i.number)
        out.key("title"); out.string(i.title)
        out.key("owner"); out.string(i.owner)
        out.key("at"); out.string(Timestamp.format(i.at))
        out.key("by"); out.string(i.by)
        out.key("from"); value(i.from)
        out.key("to"); value(i.to)
        out.key("reason"); if let r = i.reason { out.string(r) } else { out.null() }
        out.key("amount"); amount(i.amount, &out)
        out.endObject()
    }

    static func changes(_ c: ReviewChanges, _ out: inout JSONStream) {
        func list(_ key: StaticString, _ items: [ReviewChanges.Change], amounts: Bool = false) {
            out.key(key)
            out.beginArray()
            for n in items.indices {
                out.element()
                change(items[n], amounts: amounts, &out)
            }
            out.endArray()
        }
        out.beginObject()
        out.key("since"); out.string(Timestamp.format(c.since))
        out.key("last_review"); if let at = c.lastReview { out.string(Timestamp.format(at)) } else { out.null() }
        out.key("last_review_by"); if let by = c.lastReviewBy { out.string(by) } else { out.null() }
        out.key("last_review_note"); if c.lastReview == nil { out.null() } else { out.string(c.lastReviewNote) }
        list("created", c.created)
        list("moved_forward", c.movedForward)
        list("moved_back", c.movedBack)
        list("won", c.won)
        list("lost", c.lost)
        list("reopened", c.reopened)
        list("close_date_slipped", c.closeDateSlipped)
        list("amount_changed", c.amountChanged, amounts: true)
        out.endObject()
    }

    /// A money figure: a JSON number rounded to the currency's decimals, written exactly (no
    /// detour through Double, so sums past 2^53 stay exact).
    static func money(_ s: MoneySum, _ f: MoneyFormat) -> JSONValue { .numberText(f.machine(s)) }

    /// One deal's amount; null when the deal has none (as `show --format json`).
    static func amount(_ m: Money, _ out: inout JSONStream) { if m.isZero { out.null() } else { out.numberText(m.canonical) } }

    static func optional(_ x: Double?, places: Int) -> JSONValue { x.map { number($0, places: places) } ?? .null }

    static func number(_ x: Double, places: Int) -> JSONValue {
        let scale = pow(10, Double(places))
        return .number((x * scale).rounded() / scale)
    }
}
