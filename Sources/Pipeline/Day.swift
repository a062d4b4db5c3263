import Foundation

/// A calendar day, counted as days since 1970-01-01.
///
/// Exit criteria, close dates and next-step dates are days, not instants; keeping them as an
/// integer makes comparisons exact. Which day an instant falls on depends on the board's time
/// zone: `Day(date, in: pipeline.timeZone)` (see `BoardTimeZone`).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int

    public init(index: Int) { self.index = index }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        index = Day.daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD`; nil for anything else (including impossible dates like 2026-02-30).
    public init?(iso text: some StringProtocol) {
        // Bytes, not split(): health badges and the review parse a date per deal.
        var fields = (0, 0, 0)
        var n = 0
        for b in text.utf8 {
            n += 1
            guard n <= 10 else { return nil }
            if n == 5 || n == 8 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            let digit = Int(b - 48)
            if n <= 4 { fields.0 = fields.0 * 10 + digit } else if n <= 7 { fields.1 = fields.1 * 10 + digit } else { fields.2 = fields.2 * 10 + digit }
        }
        guard n == 10 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// Midnight UTC of this day: the journal's reading of a bare date (UTC, like its timestamps).
    var utcStart: Date { Date(timeIntervalSince1970: Double(index) * 86_400) }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(index) }

    public var description: String {
        let c = components
        return Day.digits(c.year, 4) + "-" + Day.digits(c.month, 2) + "-" + Day.digits(c.day, 2)
    }

    /// `YYYY-MM`, the key of the weighted forecast's months.
    public var monthKey: String {
        let c = components
        return Day.digits(c.year, 4) + "-" + Day.digits(c.month, 2)
    }

    /// `n` in at least `width` digits, zero-padded. String(format:) costs microseconds; reports
    /// and replay format thousands of dates.
    static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
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
