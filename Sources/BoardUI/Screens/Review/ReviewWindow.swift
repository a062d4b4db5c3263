import Foundation
import Pipeline

/// Which figures the review screen counts flow over; `t` cycles through them.
enum ReviewWindow: CaseIterable {
    case week, month, quarter, sinceLastReview

    var label: String {
        switch self {
        case .week: return "last 7 days"
        case .month: return "last 30 days"
        case .quarter: return "last 90 days"
        case .sinceLastReview: return "since the last review"
        }
    }

    func period(now: Date, lastReview: Date?, zone: BoardTimeZone) -> ReviewPeriod {
        switch self {
        case .week: return .lastDays(7, now: now, zone: zone)
        case .month: return .lastDays(30, now: now, zone: zone)
        case .quarter: return .lastDays(90, now: now, zone: zone)
        case .sinceLastReview:
            guard let last = lastReview, last < now else { return .lastDays(7, now: now, zone: zone) }
            return .upToNow(since: last, now: now)
        }
    }
}
