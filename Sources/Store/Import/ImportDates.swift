import Foundation
import Pipeline

/// Dates and times as CRM exports write them, read strictly: a value that is not exactly one
/// of these shapes, or not a real date, is an error, never a guess.
/// - `2026-10-31`, `2026-10-31 14:03`, `2026-10-31 14:03:22` (Pipedrive; board time);
/// - `2026-10-31T14:03:22.000Z` or with an offset (dealboard's export; an instant);
/// - month first, only in the US-style exports (HubSpot, Salesforce): `10/31/2026`,
///   `10/31/2026 2:03 PM`, `10/31/2026 14:03`.
/// A date without a time is midnight of that day in the board's time zone.
enum ImportDates {
    struct DateProblem: Error { var why: String }

    static func parse(_ raw: String, monthFirst: Bool, zone: BoardTimeZone) -> Result<Date, DateProblem> {
        let text = raw.trimmedCell
        if text.contains("T"), let t = Timestamp.parse(text) ?? ISO8601DateFormatter().date(from: text) {
            guard TypedTime.inRange(zone.day(t)) else { return .failure(DateProblem(why: "outside the dates dealboard accepts (\(TypedTime.rangeText))")) }
            return .success(t)
        }
        let expected = monthFirst ? "a date as MM/DD/YYYY or YYYY-MM-DD, with an optional time HH:MM[:SS] [AM|PM]"
                                  : "a date as YYYY-MM-DD, with an optional time HH:MM[:SS]"
        var parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty else { return .failure(DateProblem(why: "expected \(expected)")) }
        var meridiem: String?
        if parts.count == 3, ["AM", "PM"].contains(parts[2].uppercased()), monthFirst { meridiem = parts.removeLast().uppercased() }
        guard parts.count <= 2 else { return .failure(DateProblem(why: "expected \(expected)")) }
        let day: Day?
        if let d = Day(iso: parts[0]) {
            day = d
        } else if monthFirst {
            let n = parts[0].split(separator: "/", omittingEmptySubsequences: false)
            if n.count == 3, n.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }), n[2].count == 4,
               let m = Int(n[0]), let d = Int(n[1]), let y = Int(n[2]) {
                day = Day(year: y, month: m, day: d)
            } else {
                day = nil
            }
        } else {
            day = nil
        }
        guard let day else { return .failure(DateProblem(why: "expected \(expected)")) }
        guard TypedTime.inRange(day) else { return .failure(DateProblem(why: "\(day) is outside the dates dealboard accepts (\(TypedTime.rangeText))")) }
        var seconds = 0.0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }), var h = hms[0], let m = hms[1] else {
                return .failure(DateProblem(why: "expected \(expected)"))
            }
            let s = hms.count == 3 ? hms[2]! : 0
            if let meridiem {
                guard (1...12).contains(h) else { return .failure(DateProblem(why: "expected \(expected)")) }
                h = h % 12 + (meridiem == "PM" ? 12 : 0)
            }
            guard (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return .failure(DateProblem(why: "expected \(expected)")) }
            seconds = Double(h * 3600 + m * 60 + s)
        } else if meridiem != nil {
            return .failure(DateProblem(why: "expected \(expected)"))
        }
        guard let t = zone.instant(day: day, secondsIntoDay: seconds) else { return .failure(DateProblem(why: "a time the clocks skip in \(zone.identifier)")) }
        return .success(t)
    }
}
