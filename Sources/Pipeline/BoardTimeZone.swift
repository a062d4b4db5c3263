import Foundation

/// The board's time zone (`timezone` in pipeline.toml, an IANA name such as `Australia/Sydney`):
/// which calendar day an instant falls on for this team, and how times are shown to them.
///
/// The journal stores UTC instants and keeps doing so; only how instants become days ("today",
/// days in stage, due dates, the report's periods) and how they are shown depends on the zone.
/// The zone comes from the pipeline definition, never from the process's environment, so every
/// member of a team — and replay — counts the same days.
public struct BoardTimeZone: Equatable, Sendable, CustomStringConvertible {
    /// The name as pipeline.toml spells it.
    public let identifier: String
    public let timeZone: TimeZone
    /// UTC (or one of its aliases): no look-up, for boards made before the `timezone` key are
    /// UTC, and replay and the review convert thousands of instants.
    public let isUTC: Bool

    public static let utc = BoardTimeZone(checked: "UTC", TimeZone(secondsFromGMT: 0)!, isUTC: true)

    /// Names that all mean UTC; `init` writes these as `UTC`.
    static let utcNames: Set<String> = ["UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu",
                                        "GMT0", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich"]

    private init(checked identifier: String, _ timeZone: TimeZone, isUTC: Bool) {
        self.identifier = identifier
        self.timeZone = timeZone
        self.isUTC = isUTC
    }

    /// A zone of the tz database by its exact name (case matters, as in the database); nil for
    /// anything else. Foundation also accepts forms such as `GMT+5`, which are not zone names
    /// (and whose sign people read backwards): those are refused too.
    public init?(identifier: String) {
        if Self.utcNames.contains(identifier) {
            self.init(checked: identifier, TimeZone(secondsFromGMT: 0)!, isUTC: true)
            return
        }
        guard !identifier.hasPrefix("GMT+"), !identifier.hasPrefix("GMT-"),
              identifier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) }),
              let tz = TimeZone(identifier: identifier), tz.identifier == identifier else { return nil }
        self.init(checked: identifier, tz, isUTC: false)
    }

    /// The zone name closest to a wrong one (`australia/sydney`, `Sydney`), for "did you mean".
    public static func suggestion(for text: String) -> String? {
        let wanted = text.lowercased().replacingOccurrences(of: " ", with: "_")
        guard !wanted.isEmpty else { return nil }
        let known = TimeZone.knownTimeZoneIdentifiers
        if let same = known.first(where: { $0.lowercased() == wanted }) { return same }
        if wanted == "utc" || wanted == "gmt" || wanted == "z" { return "UTC" }
        let city = wanted.split(separator: "/").last.map(String.init) ?? wanted
        return known.first { $0.lowercased().split(separator: "/").last.map(String.init) == city }
    }

    public var description: String { identifier }

    /// Seconds east of UTC at that instant (daylight saving included).
    public func offset(at date: Date) -> Int {
        isUTC ? 0 : timeZone.secondsFromGMT(for: date)
    }

    /// The board's calendar day an instant falls on.
    public func day(_ date: Date) -> Day {
        Day(index: Int(((date.timeIntervalSince1970 + Double(offset(at: date))) / 86_400).rounded(.down)))
    }

    /// The first instant of a day: its midnight, or — in a zone whose clocks skip midnight —
    /// the moment the day begins.
    public func start(of day: Day) -> Date {
        let utcMidnight = Double(day.index) * 86_400
        if isUTC { return Date(timeIntervalSince1970: utcMidnight) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Local noon of that day, whatever the offset, then back to where the day starts.
        let noon = utcMidnight + 43_200
        return calendar.startOfDay(for: Date(timeIntervalSince1970: noon - Double(offset(at: Date(timeIntervalSince1970: noon)))))
    }

    /// The instant a wall-clock time of the board's zone names (`secondsIntoDay` after its
    /// midnight); the earlier one when clocks fall back and it happens twice; nil when clocks
    /// skip it (spring forward).
    public func instant(day: Day, secondsIntoDay: Double) -> Date? {
        let local = Double(day.index) * 86_400 + secondsIntoDay
        if isUTC { return Date(timeIntervalSince1970: local) }
        // The offsets in force a day either side are the only ones a transition can mix.
        let offsets = Set([offset(at: Date(timeIntervalSince1970: local - 86_400)), offset(at: Date(timeIntervalSince1970: local + 86_400)),
                           offset(at: Date(timeIntervalSince1970: local))])
        return offsets.map { ($0, Date(timeIntervalSince1970: local - Double($0))) }.filter { offset(at: $0.1) == $0.0 }.map(\.1).min()
    }

    /// How the zone is written after a time: `UTC` on a UTC board, else the offset in force
    /// then, `+11:00` — the form `--date`, `--since` and `--until` read back, where an
    /// abbreviation (`CST`: three zones) would be ambiguous.
    public func label(at date: Date) -> String {
        isUTC ? "UTC" : Self.offsetText(offset(at: date))
    }

    /// `+11:00`, `-09:30`, `+00:00`.
    public static func offsetText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + Day.digits(minutes / 60, 2) + ":" + Day.digits(minutes % 60, 2)
    }

    /// A time as people read it, in the board's zone and with it: `2026-12-05 08:00 +11:00`,
    /// `2026-11-23 13:20 UTC`.
    public func minute(_ date: Date) -> String {
        let local = Date(timeIntervalSince1970: date.timeIntervalSince1970 + Double(offset(at: date)))
        return Timestamp.format(local).prefix(16).replacingOccurrences(of: "T", with: " ") + " " + label(at: date)
    }
}

extension Day {
    /// The day an instant falls on in the board's zone.
    public init(_ date: Date, in zone: BoardTimeZone) { self = zone.day(date) }

    /// The first instant of this day in the board's zone.
    public func start(in zone: BoardTimeZone) -> Date { zone.start(of: self) }
}
