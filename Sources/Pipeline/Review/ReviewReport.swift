import Foundation

/// The weekly pipeline review: every figure of PRODUCT.md's metrics, computed by
/// `ReviewReport.compute` from the folded history. The text, Markdown and JSON reports and the
/// review screen all draw this one value, so they never disagree.
///
/// Two kinds of figures:
/// - *snapshot* figures describe the open pipeline as it is now: deals per stage, values,
///   coverage, forecast, deals over target, stuck deals;
/// - *flow* figures count what happened in the period `[since, until)`: conversion, days in
///   stage, win rate, sales cycle, velocity, loss reasons; and "changes" count what happened
///   since the last review (or the period's start when there was none).
public struct ReviewReport: Equatable, Sendable {
    public var period: ReviewPeriod
    public var now: Date
    /// The one rep the report is narrowed to (`--owner`), or nil for everyone.
    public var owner: String?
    /// The board's currency and number style, for showing the figures.
    public var money: MoneyFormat
    public var currency: String { money.currency.code }
    /// The zone the days and periods were counted in (the board's).
    public var timeZone: BoardTimeZone = .utc
    /// The open stages, in board order.
    public var stages: [StageFigures]
    public var open: OpenFigures
    public var quota: Money
    public var quotaPeriod: PipelineDefinition.QuotaPeriod
    /// Open value / quota; nil when the quota is zero.
    public var coverage: Double?
    public var winRate: WinRate
    /// The conversion rate of the stage win rate counts from (Proposal): the "proposal →
    /// negotiation" rate whose healthy minimum is 30%.
    public var proposalConversion: Double?
    public var averageSalesCycleDays: Double?
    /// Open deals × win rate × average deal value / average sales cycle days, per day.
    public var pipelineVelocity: MoneySum?
    public var forecast: [ForecastMonth]
    public var lossReasons: [LossReason]
    public var owners: [OwnerFigures]
    public var stuck: [StuckDeal]
    public var changes: ReviewChanges
}

/// The half-open interval `[since, until)` that flow figures count in.
public struct ReviewPeriod: Equatable, Sendable {
    public var since: Date
    public var until: Date
    /// A period that runs "up to now" counts everything already in the journal: an event
    /// stamped after the clock (a writer whose clock runs fast; writers also never stamp a time
    /// before the newest event) counts as happening now. It never stretches the period: the
    /// period still ends now, and `dealboard check` reports such events.
    public var includesEnd: Bool

    public init(since: Date, until: Date, includesEnd: Bool = false) {
        self.since = since
        self.until = until
        self.includesEnd = includesEnd
    }

    /// From midnight `days` days ago, in the board's zone, up to now. Whole days, so the same
    /// period can be asked for again with `--since DATE`.
    public static func lastDays(_ days: Int, now: Date, zone: BoardTimeZone) -> ReviewPeriod {
        upToNow(since: zone.start(of: zone.day(now) + -days), now: now)
    }

    public static func upToNow(since: Date, now: Date) -> ReviewPeriod {
        ReviewPeriod(since: since, until: now, includesEnd: true)
    }

    public func contains(_ date: Date) -> Bool { date >= since && reaches(date) }

    /// Whether the period runs until `date` or later: one up to now reaches every event already
    /// written, however far ahead its stamp.
    public func reaches(_ date: Date) -> Bool { date < until || includesEnd }

    public var days: Double { until.timeIntervalSince(since) / 86_400 }
}

/// The healthy minimums PRODUCT.md names; the review marks a figure below one.
public enum ReviewThresholds {
    public static let coverage = 3.0
    public static let winRate = 0.25
    public static let proposalConversion = 0.30
}

public struct StageFigures: Equatable, Sendable {
    public var key: String
    public var name: String
    public var probability: Int
    public var targetDays: Int?
    /// Deals in the stage now, their value and value × probability.
    public var count: Int
    public var value: MoneySum
    public var weightedValue: MoneySum
    /// Deals in the stage now for longer than its target days.
    public var overTarget: Int
    /// Deals that left the stage in the period (each deal once, by where it last went).
    public var left: Int
    /// Of those, the ones that went forward (the next stage or beyond; not back, not lost).
    public var wentForward: Int
    /// wentForward / left; nil when no deal left the stage in the period.
    public var conversionRate: Double?
    /// Stays in the stage that ended in the period, in calendar days.
    public var staysEnded: Int
    public var averageDays: Double?
    public var medianDays: Double?
}

public struct OpenFigures: Equatable, Sendable {
    public var deals: Int
    public var value: MoneySum
    public var weightedValue: MoneySum
    /// value / deals; nil without open deals.
    public var averageValue: MoneySum?
}

/// won / (won + lost) among deals closed in the period that had reached `fromStage`
/// (that stage or any later one that is not lost).
public struct WinRate: Equatable, Sendable {
    public var fromStage: String
    public var fromStageName: String
    public var won: Int
    public var lost: Int
    public var rate: Double?
}

public struct ForecastMonth: Equatable, Sendable {
    /// `YYYY-MM` of the expected close date; nil for open deals without one.
    public var month: String?
    public var deals: Int
    public var value: MoneySum
    public var weightedValue: MoneySum
}

public struct LossReason: Equatable, Sendable {
    public var reason: String
    public var deals: Int
    public var value: MoneySum
}

/// One rep's figures, side by side with the others'.
public struct OwnerFigures: Equatable, Sendable {
    public var owner: String
    public var open: OpenFigures
    public var coverage: Double?
    public var winRate: WinRate
    /// Every deal won / lost in the period, whichever stage it was lost from.
    public var wonInPeriod: Int
    public var lostInPeriod: Int
    public var averageSalesCycleDays: Double?
    public var pipelineVelocity: MoneySum?
    public var stuck: Int
    public var created: Int
    public var movedForward: Int
    public var won: Int
    public var lost: Int
}

/// An open deal showing a warning sign, with every reason it shows.
public struct StuckDeal: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case stale, overTarget = "over_target", stalledNegotiation = "stalled_negotiation", dormant, nextStepOverdue = "next_step_overdue"
    }

    public struct Reason: Equatable, Sendable {
        public var kind: Kind
        /// Why, in words, with the numbers: "no activity for 21 days (stale from 14)".
        public var text: String
    }

    public var number: Int
    public var title: String
    public var company: String
    public var owner: String
    public var stage: String
    public var amount: Money
    public var daysInStage: Int
    public var daysSinceActivity: Int
    public var reasons: [Reason]
}

/// What happened since the last review.
public struct ReviewChanges: Equatable, Sendable {
    /// Where the changes start: the last review, or the period's start if none was recorded.
    public var since: Date
    public var lastReview: Date?
    public var lastReviewBy: String?
    /// What the manager noted when marking it done ("" for none).
    public var lastReviewNote: String
    public var created: [Change]
    public var movedForward: [Change]
    public var movedBack: [Change]
    public var won: [Change]
    public var lost: [Change]
    public var reopened: [Change]
    public var closeDateSlipped: [Change]
    public var amountChanged: [Change]

    public struct Change: Equatable, Sendable {
        public var number: Int
        public var title: String
        public var owner: String
        public var at: Date
        public var by: String
        /// Stage names for moves; old and new values for field changes.
        public var from: String?
        public var to: String?
        public var reason: String?
        /// Amount of the deal (for won and lost: what was won or lost).
        public var amount: Money
    }

    public var isEmpty: Bool {
        created.isEmpty && movedForward.isEmpty && movedBack.isEmpty && won.isEmpty && lost.isEmpty
            && reopened.isEmpty && closeDateSlipped.isEmpty && amountChanged.isEmpty
    }
}
