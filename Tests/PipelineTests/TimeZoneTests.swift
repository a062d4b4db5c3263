import Foundation
import Testing
@testable import Pipeline

/// Days are the board's: the same instants, on a board in Sydney (UTC+11 in December), one in
/// Los Angeles (UTC-8) and one in UTC, around midnight UTC. Every expectation is worked out by
/// hand from those offsets.
@Suite struct TimeZoneTests {
    static let utc = BoardTimeZone.utc
    static let sydney = BoardTimeZone(identifier: "Australia/Sydney")!
    static let losAngeles = BoardTimeZone(identifier: "America/Los_Angeles")!

    static func t(_ text: String) -> Date { Timestamp.parse(text)! }
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func pipeline(_ zone: BoardTimeZone) -> PipelineDefinition {
        var p = Fixture.pipeline
        p.timeZone = zone
        return p
    }

    /// Deal #1 created at `created` on a board in `zone`.
    static func board(_ zone: BoardTimeZone, created: Date) throws -> Fixture.Board {
        var b = Fixture.Board()
        b.pipeline = pipeline(zone)
        b.state.rules = b.pipeline
        try b.run(at: created) { try $0.create(title: "Acme", company: "Acme", amount: "12000", owner: "alice", stage: nil) }
        return b
    }

    // MARK: Today

    @Test(arguments: [
        // zone, now, today there
        (utc, "2026-12-04T21:00:00Z", "2026-12-04"),
        (sydney, "2026-12-04T21:00:00Z", "2026-12-05"),     // 08:00 on the 5th in Sydney
        (losAngeles, "2026-12-04T21:00:00Z", "2026-12-04"), // 13:00 on the 4th
        (utc, "2026-12-05T00:30:00Z", "2026-12-05"),
        (sydney, "2026-12-05T00:30:00Z", "2026-12-05"),
        (losAngeles, "2026-12-05T00:30:00Z", "2026-12-04"), // 16:30 on the 4th
        (sydney, "2026-12-04T12:59:59Z", "2026-12-04"),     // 23:59:59
        (sydney, "2026-12-04T13:00:00Z", "2026-12-05"),     // midnight
        (losAngeles, "2026-12-05T07:59:59Z", "2026-12-04"),
        (losAngeles, "2026-12-05T08:00:00Z", "2026-12-05"),
        (sydney, "2026-07-01T13:59:59Z", "2026-07-01"),     // winter: UTC+10
        (sydney, "2026-07-01T14:00:00Z", "2026-07-02"),
    ])
    func today(zone: BoardTimeZone, now: String, expected: String) {
        #expect(zone.day(Self.t(now)) == Self.day(expected))
    }

    @Test func startOfDayIncludingTransitionDays() {
        #expect(Self.sydney.start(of: Self.day("2026-12-05")) == Self.t("2026-12-04T13:00:00Z"))
        #expect(Self.losAngeles.start(of: Self.day("2026-12-05")) == Self.t("2026-12-05T08:00:00Z"))
        #expect(Self.utc.start(of: Self.day("2026-12-05")) == Self.t("2026-12-05T00:00:00Z"))
        // Sydney moves its clocks forward at 02:00 on 2026-10-04: the day still starts at +10:00.
        #expect(Self.sydney.start(of: Self.day("2026-10-04")) == Self.t("2026-10-03T14:00:00Z"))
        #expect(Self.sydney.start(of: Self.day("2026-10-05")) == Self.t("2026-10-04T13:00:00Z"))
        // Santiago skipped midnight on 2022-09-11: that day began at 01:00 (-03:00).
        let santiago = BoardTimeZone(identifier: "America/Santiago")!
        #expect(santiago.start(of: Self.day("2022-09-11")) == Self.t("2022-09-11T04:00:00Z"))
    }

    @Test func shownWithTheirZone() throws {
        let now = Self.t("2026-12-04T21:00:00Z")
        #expect(Self.sydney.minute(now) == "2026-12-05 08:00 +11:00")
        #expect(Self.losAngeles.minute(now) == "2026-12-04 13:00 -08:00")
        #expect(Self.utc.minute(now) == "2026-12-04 21:00 UTC")
        #expect(BoardTimeZone(identifier: "Asia/Kathmandu")!.minute(now) == "2026-12-05 02:45 +05:45")
        // What is shown reads back as the same instant.
        #expect(try TypedTime.instant(Self.sydney.minute(now), zone: Self.losAngeles) == now)
        #expect(try TypedTime.instant(Self.utc.minute(now), zone: Self.sydney) == now)
    }

    // MARK: Zone names

    @Test(arguments: ["Australia/Sydney", "America/Los_Angeles", "UTC", "Etc/UTC", "Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires"])
    func knownZones(name: String) {
        #expect(BoardTimeZone(identifier: name)?.identifier == name)
    }

    @Test(arguments: ["australia/sydney", "Sydney", "Mars/Olympus", "GMT+5", "+11:00", "", "Australia/Sydney\u{1B}[2J"])
    func unknownZones(name: String) {
        #expect(BoardTimeZone(identifier: name) == nil)
    }

    @Test func suggestions() {
        #expect(BoardTimeZone.suggestion(for: "australia/sydney") == "Australia/Sydney")
        #expect(BoardTimeZone.suggestion(for: "europe/berlin") == "Europe/Berlin")
        #expect(BoardTimeZone.suggestion(for: "Mars/Olympus") == nil)
        #expect(BoardTimeZone.suggestion(for: "Tokyo") == "Asia/Tokyo")
        #expect(BoardTimeZone.suggestion(for: "utc") == "UTC")
    }

    // MARK: What people type

    @Test(arguments: [
        // text, the instant it names (on a board in Sydney)
        ("2026-12-05T08:00Z", "2026-12-05T08:00:00Z"),
        ("2026-12-05T08:00+00:00", "2026-12-05T08:00:00Z"),
        ("2026-12-05T08:00+05:45", "2026-12-05T02:15:00Z"),
        ("2026-12-05T08:00-09:30", "2026-12-05T17:30:00Z"),
        ("2026-12-05T08:00+14:00", "2026-12-04T18:00:00Z"),
        ("2026-12-05T08:00-14:00", "2026-12-05T22:00:00Z"),
        ("2026-12-05 08:00 +11:00", "2026-12-04T21:00:00Z"),
        ("2026-12-05 08:00 UTC", "2026-12-05T08:00:00Z"),
        ("2026-12-05T08:00:30.250Z", "2026-12-05T08:00:30.250Z"),
        ("2026-12-05T08:00", "2026-12-04T21:00:00Z"),    // board time
        ("2026-12-05", "2026-12-04T13:00:00Z"),          // the day's first moment, board time
    ])
    func validTimes(text: String, instant: String) throws {
        #expect(try TypedTime.instant(text, zone: Self.sydney) == Self.t(instant))
    }

    @Test(arguments: [
        // text, what the refusal says
        ("2026-12-05T08:00+99:00", "+99:00 is not an offset any place uses: offsets run from -14:00 to +14:00"),
        ("2026-12-05T08:00+14:30", "+14:30 is not an offset any place uses"),
        ("2026-12-05T08:00-14:01", "-14:01 is not an offset any place uses"),
        ("2026-12-05T08:00+05:60", "+05:60 is not an offset any place uses"),
        ("2026-12-05T08:00+5:00", "\"+5:00\" is not an offset: write it as ±hh:mm"),
        ("2026-12-05T08:00+0530", "\"+0530\" is not an offset: write it as ±hh:mm"),
        ("2026-12-05T08:00+05", "\"+05\" is not an offset"),
        ("2026-12-05T08:00 AEDT", "\"AEDT\" after the time"),
        ("0000-01-01", "0000-01-01 is outside the dates dealboard accepts (1970-01-01 to 2999-12-31)"),
        ("1969-12-31", "1969-12-31 is outside the dates dealboard accepts"),
        ("3000-01-01T00:00Z", "3000-01-01 is outside the dates dealboard accepts"),
        ("2026-02-30", "2026-02-30 is not a date"),
        ("2026-12-05T24:00", "24:00 is not a time of day"),
        ("2026-12-05T08:00:61Z", "seconds are written :SS, 00 to 59"),
        ("yesterday", "expected a date YYYY-MM-DD, or a time such as 2026-12-05T08:00 (board time, Australia/Sydney)"),
        ("2026-10-04T02:30", "2026-10-04 02:30 does not exist in Australia/Sydney"),   // clocks skip 02:00–03:00
    ])
    func invalidTimes(text: String, message: String) {
        do {
            _ = try TypedTime.parse(text, zone: Self.sydney)
            Issue.record("\(text) was accepted")
        } catch {
            #expect("\(error)".contains(message), "\(text): \(error)")
        }
    }

    @Test func aTimeThatHappensTwiceIsTheEarlierOne() throws {
        // Sydney falls back from 03:00 (+11:00) to 02:00 (+10:00) on 2026-04-05.
        #expect(try TypedTime.instant("2026-04-05T02:30", zone: Self.sydney) == Self.t("2026-04-04T15:30:00Z"))
    }

    @Test func journalTimestampsRefuseImpossibleOffsetsToo() {
        #expect(Timestamp.parse("2026-11-23T10:34:58+99:00") == nil)
        #expect(Timestamp.parse("2026-11-23T10:34:58+14:30") == nil)
        #expect(Timestamp.parse("2026-11-23T10:34:58+14:00") != nil)
    }

    @Test func fieldDatesHaveARange() {
        let close = BuiltInField.closeDate
        #expect(close.canonicalValue("2026-12-15", money: .standard) == .success("2026-12-15"))
        guard case .failure(let e) = close.canonicalValue("0000-01-01", money: .standard) else {
            Issue.record("0000-01-01 accepted")
            return
        }
        #expect(e.description == "Expected close date (close_date): \"0000-01-01\" is not valid; expected a date from 1970-01-01 to 2999-12-31")
    }

    // MARK: The board's days in the rules

    @Test(arguments: [
        // zone, whether `--date 2026-12-05` at 2026-12-04T21:00Z is accepted
        (sydney, true),       // 08:00 on the 5th: today
        (utc, false),         // 21:00 on the 4th: tomorrow
        (losAngeles, false),  // 13:00 on the 4th
    ])
    func activityDatedTodayInTheBoardsZone(zone: BoardTimeZone, accepted: Bool) throws {
        var b = try Self.board(zone, created: Self.t("2026-12-01T12:00:00Z"))
        let now = Self.t("2026-12-04T21:00:00Z")
        let date = try TypedTime.instant("2026-12-05", zone: zone)
        if accepted {
            try b.run(at: now) { try $0.logActivity(1, kind: "call", text: "Intro", date: date) }
            #expect(zone.day(b.deal(1).activities[0].date) == Self.day("2026-12-05"))
        } else {
            #expect(throws: CommandError.invalid("the date 2026-12-05 is in the future: log what happened (today is 2026-12-04 in \(zone.identifier)); plan what comes next as the next step")) {
                try b.commands("alice", at: now).logActivity(1, kind: "call", text: "Intro", date: date)
            }
        }
    }

    @Test func activityCannotBeDatedBeforeTheDealWasCreated() throws {
        // Created at 23:30 on 2026-12-01 in Sydney.
        var b = try Self.board(Self.sydney, created: Self.t("2026-12-01T12:30:00Z"))
        let now = Self.t("2026-12-04T21:00:00Z")
        #expect(throws: CommandError.invalid("the date 2026-11-30 is before #1 was created (2026-12-01): an activity is dated from the deal's creation through today")) {
            try b.commands("alice", at: now).logActivity(1, kind: "call", text: "x", date: try TypedTime.instant("2026-11-30", zone: Self.sydney))
        }
        // The creation day itself is fine, from its first moment.
        try b.run(at: now) { try $0.logActivity(1, kind: "call", text: "x", date: try TypedTime.instant("2026-12-01", zone: Self.sydney)) }
    }

    @Test(arguments: [
        // zone, entered the stage, now, days in stage
        (utc, "2026-12-01T12:30:00Z", "2026-12-04T13:30:00Z", 3),
        (sydney, "2026-12-01T12:30:00Z", "2026-12-04T13:30:00Z", 4),      // 23:30 on the 1st → 00:30 on the 5th
        (losAngeles, "2026-12-01T12:30:00Z", "2026-12-04T13:30:00Z", 3),  // 04:30 on the 1st → 05:30 on the 4th
        (utc, "2026-12-01T13:30:00Z", "2026-12-05T07:30:00Z", 4),
        (sydney, "2026-12-01T13:30:00Z", "2026-12-05T07:30:00Z", 3),      // 00:30 on the 2nd → 18:30 on the 5th
        (losAngeles, "2026-12-01T13:30:00Z", "2026-12-05T07:30:00Z", 3),  // 05:30 on the 1st → 23:30 on the 4th
    ])
    func daysInStage(zone: BoardTimeZone, entered: String, now: String, days: Int) throws {
        let b = try Self.board(zone, created: Self.t(entered))
        #expect(b.pipeline.health(of: b.deal(1), now: Self.t(now)).daysInStage == days)
    }

    @Test(arguments: [
        // zone, stale (no activity for 14 of the board's days) at 2026-12-03T13:30Z
        (utc, false),         // 2026-11-20 → 2026-12-03: 13 days
        (sydney, true),       // 23:30 on 11-20 → 00:30 on 12-04: 14 days
        (losAngeles, false),  // 04:30 on 11-20 → 05:30 on 12-03: 13 days
    ])
    func staleBadge(zone: BoardTimeZone, stale: Bool) throws {
        let b = try Self.board(zone, created: Self.t("2026-11-20T12:30:00Z"))
        #expect(b.pipeline.health(of: b.deal(1), now: Self.t("2026-12-03T13:30:00Z")).stale == stale)
    }

    @Test(arguments: [
        // zone, next step due 2026-12-04 overdue at 2026-12-04T21:00Z, review-by 2026-12-05 still in the future
        (utc, false, true),
        (sydney, true, false),
        (losAngeles, false, true),
    ])
    func dueDatesAndFutureDateCriteria(zone: BoardTimeZone, overdue: Bool, reviewByAhead: Bool) throws {
        var b = try Self.board(zone, created: Self.t("2026-12-01T12:00:00Z"))
        try b.run(at: Self.t("2026-12-02T00:00:00Z")) { try $0.edit(1, assignments: [("next_step", "Call"), ("next_step_owner", "alice"),
                                                                                  ("next_step_date", "2026-12-04"), ("review_by", "2026-12-05")]) }
        let now = Self.t("2026-12-04T21:00:00Z")
        #expect(b.pipeline.health(of: b.deal(1), now: now).nextStepOverdue == overdue)
        let criterion = ExitCriterion(.futureDate(field: "review_by", withinDays: nil), label: "Review-by date in the future")
        #expect(b.pipeline.evaluate(criterion, stage: "proposal", deal: b.deal(1), now: now).met == reviewByAhead)
    }

    // MARK: The report's periods

    @Test(arguments: [
        // zone, "last 7 days" at 2026-12-04T21:00Z starts at
        (utc, "2026-11-27T00:00:00Z"),
        (sydney, "2026-11-27T13:00:00Z"),       // midnight of 11-28 in Sydney (today is the 5th there)
        (losAngeles, "2026-11-27T08:00:00Z"),   // midnight of 11-27 in Los Angeles
    ])
    func lastSevenDays(zone: BoardTimeZone, since: String) {
        let now = Self.t("2026-12-04T21:00:00Z")
        let p = ReviewPeriod.lastDays(7, now: now, zone: zone)
        #expect(p.since == Self.t(since))
        #expect(p.until == now)
    }

    @Test func anEventStampedInTheFutureCountsAsNowAndStretchesNothing() throws {
        let now = Self.t("2026-12-04T21:00:00Z")
        var b = try Self.board(Self.sydney, created: Self.t("2026-12-01T12:00:00Z"))
        // A writer whose clock runs three days fast.
        try b.run("bob", at: Self.t("2026-12-07T21:00:00Z")) { try $0.create(title: "Fast clock", company: "", amount: "", owner: "bob", stage: nil) }
        let period = ReviewPeriod.lastDays(7, now: now, zone: Self.sydney)
        let r = ReviewReport.compute(state: b.state, pipeline: b.pipeline, period: period, now: now)
        #expect(r.period.until == now)
        #expect(abs(r.period.days - (7 + 8.0 / 24)) < 1e-9)   // 13:00Z on 11-27 → 21:00Z on 12-04
        #expect(r.changes.created.map(\.title) == ["Acme", "Fast clock"])
        // A period that ends before it does not count it.
        let earlier = ReviewPeriod(since: period.since, until: now.addingTimeInterval(-60))
        #expect(!earlier.contains(Self.t("2026-12-07T21:00:00Z")))
        #expect(period.contains(Self.t("2026-12-07T21:00:00Z")))
    }
}
