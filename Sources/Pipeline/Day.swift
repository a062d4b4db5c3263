import Foundation

/// A calendar day (UTC), counted as days since 1970-01-01.
///
/// Exit criteria, close dates and next-step dates are days, not instants; keeping them as an
/// integer makes comparisons exact and avoids time zones in the rules.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int

    public init(index: Int) { self.index = index }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        index = Day.daysFromCivil(year, month, day)
    }

    /// The day an instant falls on, in UTC.
    public init(_ date: Date) {
        index = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Parses `YYYY-MM-DD`; nil for anything else (including impossible dates like 2026-02-30).
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var startDate: Date { Date(timeIntervalSince1970: Double(index) * 86_400) }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(index) }

    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// `YYYY-MM`, the key of the weighted forecast's months.
    public var monthKey: String {
        let c = components
        return String(format: "%04d-%02d", c.year, c.month)
    }

    public static func + (lhs: Day, rhs: Int) -> Day { Day(index: lhs.index + rhs) }
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.index - rhs.index }
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.index < rhs.index }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact, branch-light, no Calendar needed
    // (Calendar is slow on the replay path, where every event timestamp is converted).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
