import Foundation

/// A date or a time as a person types it — `log --date`, `report --since` / `--until`,
/// `DEALBOARD_NOW`, the board's forms — read exactly or refused with what is wrong.
///
/// - `2026-12-05`: that day of the board's calendar;
/// - `2026-12-05T08:00` (or a space for the `T`, with `:SS` and `.fff` if wanted): that wall-clock
///   time in the board's zone;
/// - either time followed by `Z`, `UTC` or an offset `±hh:mm` — a space before it is fine, so a
///   time the board shows (`2026-12-05 08:00 +11:00`) reads back: that instant, whatever the zone.
///
/// Offsets run from -14:00 to +14:00, the range zones use; days from 1970-01-01 to 2999-12-31,
/// so a typo (`0226`, `20026`) or a placeholder year (`0000`) is refused, not stored.
public enum TypedTime {
    public enum Value: Equatable, Sendable {
        case day(Day)
        case instant(Date)
    }

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static let maxOffsetMinutes = 14 * 60
    public static let earliest = Day(year: 1970, month: 1, day: 1)!
    public static let latest = Day(year: 2999, month: 12, day: 31)!
    public static let rangeText = "1970-01-01 to 2999-12-31"

    public static func inRange(_ day: Day) -> Bool { day >= earliest && day <= latest }

    /// The refusal of a day outside the range, in the words every input uses.
    public static func outOfRange(_ day: Day) -> String {
        "\(day) is outside the dates dealboard accepts (\(rangeText))"
    }

    /// An instant: a bare day means its first moment in the board's zone.
    public static func instant(_ text: String, zone: BoardTimeZone) throws -> Date {
        switch try parse(text, zone: zone) {
        case .day(let d): return zone.start(of: d)
        case .instant(let t): return t
        }
    }

    /// The messages name the part that is wrong, not the whole text: callers say where it was
    /// typed (`--date "…": …`).
    public static func parse(_ raw: String, zone: BoardTimeZone) throws -> Value {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let expected = "expected a date YYYY-MM-DD, or a time such as 2026-12-05T08:00 (board time, \(zone.identifier)) or 2026-12-05T08:00+11:00"
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2) else {
            throw Invalid(expected)
        }
        let datePart = String(decoding: b[0..<10], as: UTF8.self)
        guard let day = Day(year: y, month: m, day: d) else { throw Invalid("\(datePart) is not a date (months 01–12, days as the month has them)") }
        guard inRange(day) else { throw Invalid(outOfRange(day)) }
        if b.count == 10 { return .day(day) }

        // The time of day.
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b.count >= 16, b[13] == UInt8(ascii: ":"), let hh = number(b, 11, 2), let mm = number(b, 14, 2) else {
            throw Invalid(expected)
        }
        guard hh < 24, mm < 60 else { throw Invalid("\(String(decoding: b[11..<16], as: UTF8.self)) is not a time of day (00:00 to 23:59)") }
        var seconds = Double(hh * 3600 + mm * 60)
        var i = 16
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let ss = number(b, i + 1, 2), ss < 60 else { throw Invalid("seconds are written :SS, 00 to 59; \(expected)") }
            seconds += Double(ss)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                var j = i + 1
                var fraction = 0.0
                var scale = 0.1
                while j < b.count, b[j] >= 48, b[j] <= 57 {
                    fraction += Double(b[j] - 48) * scale
                    scale /= 10
                    j += 1
                }
                guard j > i + 1 else { throw Invalid("expected digits after the decimal point; \(expected)") }
                // The journal keeps milliseconds.
                seconds += (fraction * 1000).rounded(.down) / 1000
                i = j
            }
        }

        // The zone: none (board time), Z / UTC, or ±hh:mm.
        while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
        let suffix = String(decoding: b[i...], as: UTF8.self)
        let offsetSeconds: Int
        if suffix.isEmpty {
            guard let t = zone.instant(day: day, secondsIntoDay: seconds) else {
                throw Invalid("\(datePart) \(String(decoding: b[11..<16], as: UTF8.self)) does not exist in \(zone.identifier) (the clocks skip it that day); give another time, or an offset such as +11:00")
            }
            return .instant(t)
        } else if suffix == "Z" || suffix == "z" || suffix == "UTC" {
            offsetSeconds = 0
        } else if suffix.hasPrefix("+") || suffix.hasPrefix("-") {
            offsetSeconds = try offset(suffix)
        } else {
            throw Invalid("\"\(suffix)\" after the time: expected nothing (board time, \(zone.identifier)), Z, UTC or an offset such as +11:00")
        }
        return .instant(Date(timeIntervalSince1970: Double(day.index) * 86_400 + seconds - Double(offsetSeconds)))
    }

    /// `+05:45`, `-09:30`, `+14:00` → seconds east of UTC; anything else is refused with why.
    public static func offset(_ text: String) throws -> Int {
        let b = Array(text.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h = number(b, 1, 2), let m = number(b, 4, 2) else {
            throw Invalid("\"\(text)\" is not an offset: write it as ±hh:mm, e.g. +05:00 or -09:30")
        }
        guard m < 60, h * 60 + m <= maxOffsetMinutes else {
            throw Invalid("\(text) is not an offset any place uses: offsets run from -14:00 to +14:00")
        }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60)
    }

    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var v = 0
        for k in start..<(start + count) {
            guard b[k] >= 48, b[k] <= 57 else { return nil }
            v = v * 10 + Int(b[k] - 48)
        }
        return v
    }
}
