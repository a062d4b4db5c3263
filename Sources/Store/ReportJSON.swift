import Foundation
import Pipeline

/// The JSON shape of `dealboard report --format json` — a stable contract for scripts
/// (README, "Report JSON"). Rates are fractions 0–1 rounded to 4 places, days to 2 places,
/// money to cents in the pipeline's currency; a figure without data is null, never 0.
public enum ReportJSON {
    public static func report(_ r: ReviewReport, board: String) -> JSONValue {
        let f = r.money
        func money(_ s: MoneySum) -> JSONValue { Self.money(s, f) }
        func amount(_ m: Money) -> JSONValue { Self.amount(m, f) }
        return .obj([
            ("board", .string(board)),
            ("generated", .string(Timestamp.format(r.now))),
            ("currency", .string(r.currency)),
            ("owner", r.owner.map { .string($0) } ?? .null),
            // The times above and below are UTC instants; the days were counted in this zone.
            ("timezone", .string(r.timeZone.identifier)),
            ("period", .obj([("since", .string(Timestamp.format(r.period.since))), ("until", .string(Timestamp.format(r.period.until))),
                             ("days", number(r.period.days, places: 2))])),
            ("stages", .array(r.stages.map { stage($0, f) })),
            ("open", open(r.open, f)),
            ("coverage", optional(r.coverage, places: 4)),
            ("quota", .obj([("amount", money(MoneySum(r.quota))), ("period", .string(r.quotaPeriod.rawValue))])),
            ("win_rate", optional(r.winRate.rate, places: 4)),
            ("win_rate_basis", winBasis(r.winRate)),
            ("proposal_conversion", optional(r.proposalConversion, places: 4)),
            ("average_sales_cycle_days", optional(r.averageSalesCycleDays, places: 2)),
            ("pipeline_velocity", r.pipelineVelocity.map(money) ?? .null),
            ("thresholds", .obj([("coverage", .number(ReviewThresholds.coverage)), ("win_rate", .number(ReviewThresholds.winRate)),
                                 ("proposal_conversion", .number(ReviewThresholds.proposalConversion))])),
            ("weighted_forecast", .array(r.forecast.map { m in
                .obj([("month", m.month.map { .string($0) } ?? .null), ("deals", .number(Double(m.deals))),
                      ("value", money(m.value)), ("weighted_value", money(m.weightedValue))])
            })),
            ("loss_reasons", .array(r.lossReasons.map { l in
                .obj([("reason", .string(l.reason)), ("deals", .number(Double(l.deals))), ("value", money(l.value))])
            })),
            ("owners", .array(r.owners.map { owner($0, f) })),
            ("stuck", .array(r.stuck.map { stuck($0, f) })),
            ("changes", changes(r.changes, f)),
        ])
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

    static func stuck(_ s: StuckDeal, _ f: MoneyFormat) -> JSONValue {
        .obj([
            ("id", .number(Double(s.number))), ("title", .string(s.title)), ("company", .string(s.company)), ("owner", .string(s.owner)),
            ("stage", .string(s.stage)), ("amount", amount(s.amount, f)), ("days_in_stage", .number(Double(s.daysInStage))),
            ("days_since_activity", .number(Double(s.daysSinceActivity))),
            ("reasons", .array(s.reasons.map { .obj([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))]) })),
        ])
    }

    static func changes(_ c: ReviewChanges, _ f: MoneyFormat) -> JSONValue {
        func list(_ items: [ReviewChanges.Change], amounts: Bool = false) -> JSONValue {
            // Field changes of the amount carry amounts as from/to: numbers, or null for none,
            // like every money value here (the journal's text "" or "10000" is not for scripts).
            func value(_ v: String?) -> JSONValue {
                guard let v else { return .null }
                guard amounts else { return .string(v) }
                return Money(canonical: v).map { amount($0, f) } ?? .null
            }
            return .array(items.map { i in
                .obj([("id", .number(Double(i.number))), ("title", .string(i.title)), ("owner", .string(i.owner)),
                      ("at", .string(Timestamp.format(i.at))), ("by", .string(i.by)),
                      ("from", value(i.from)), ("to", value(i.to)),
                      ("reason", i.reason.map { .string($0) } ?? .null),
                      ("amount", amount(i.amount, f))])
            })
        }
        return .obj([
            ("since", .string(Timestamp.format(c.since))),
            ("last_review", c.lastReview.map { .string(Timestamp.format($0)) } ?? .null),
            ("last_review_by", c.lastReviewBy.map { .string($0) } ?? .null),
            ("last_review_note", c.lastReview == nil ? .null : .string(c.lastReviewNote)),
            ("created", list(c.created)), ("moved_forward", list(c.movedForward)), ("moved_back", list(c.movedBack)),
            ("won", list(c.won)), ("lost", list(c.lost)), ("reopened", list(c.reopened)),
            ("close_date_slipped", list(c.closeDateSlipped)), ("amount_changed", list(c.amountChanged, amounts: true)),
        ])
    }

    /// A money figure: a JSON number rounded to the currency's decimals, written exactly (no
    /// detour through Double, so sums past 2^53 stay exact).
    static func money(_ s: MoneySum, _ f: MoneyFormat) -> JSONValue { .numberText(f.machine(s)) }

    /// One deal's amount; null when the deal has none (as `show --format json`).
    static func amount(_ m: Money, _ f: MoneyFormat) -> JSONValue { m.isZero ? .null : .numberText(m.canonical) }

    static func optional(_ x: Double?, places: Int) -> JSONValue { x.map { number($0, places: places) } ?? .null }

    static func number(_ x: Double, places: Int) -> JSONValue {
        let scale = pow(10, Double(places))
        return .number((x * scale).rounded() / scale)
    }
}
