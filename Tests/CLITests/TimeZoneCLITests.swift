import Foundation
import Testing

/// Days are the board's, through the real binary: boards in Sydney (UTC+11 in December), Los
/// Angeles (UTC-8) and UTC, the clock fixed around midnight UTC with DEALBOARD_NOW.
@Suite struct TimeZoneCLITests {
    static let zones = ["UTC", "Australia/Sydney", "America/Los_Angeles"]

    /// A board made by `init` on a server whose `TZ` is `zone`, with deal #1 created at `created`.
    static func board(_ zone: String, created: String = "2026-12-01T12:30:00Z") throws -> CLI {
        var cli = try CLI()
        cli.env["TZ"] = zone
        let made = try cli.run("init")
        #expect(made.status == 0, "\(made.err)")
        // Everyone else on the board has their own TZ: it changes nothing.
        cli.env["TZ"] = "Asia/Tokyo"
        #expect(try cli.run("add", "Acme", "--amount", "12000", now: created).status == 0)
        return cli
    }

    func pipelineText(_ cli: CLI) throws -> String { try String(contentsOfFile: cli.board + "/pipeline.toml", encoding: .utf8) }

    @Test(arguments: [
        // TZ at init, the zone written
        ("Australia/Sydney", "Australia/Sydney"),
        (":America/Los_Angeles", "America/Los_Angeles"),
        ("/usr/share/zoneinfo/Europe/Berlin", "Europe/Berlin"),
        ("Etc/UTC", "UTC"),
    ])
    func initWritesTheServersZone(tz: String, written: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli.run("init", extraEnv: ["TZ": tz])
        #expect(r.status == 0)
        #expect(r.out.contains("; time zone \(written), from TZ\n"))
        let lines = try pipelineText(cli).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("timezone = \"\(written)\"") })
        #expect(try cli.run("check").status == 0)
    }

    @Test(arguments: [
        // zone, whether `log --date 2026-12-05` is accepted at 2026-12-04T21:00Z
        ("Australia/Sydney", true),     // 08:00 on 5 December there: today
        ("UTC", false),
        ("America/Los_Angeles", false),
    ])
    func theRepInSydneyAtEight(zone: String, accepted: Bool) throws {
        let cli = try Self.board(zone)
        defer { cli.cleanUp() }
        let r = try cli.run("log", "1", "call", "Intro call", "--date", "2026-12-05", now: "2026-12-04T21:00:00Z")
        if accepted {
            #expect(r.status == 0, "\(r.err)")
            let show = try cli.run("show", "1", now: "2026-12-04T21:00:00Z").out
            #expect(show.contains("  2026-12-05  call     Intro call"))
        } else {
            #expect(r.status == 2)
            #expect(r.err.contains("the date 2026-12-05 is in the future: log what happened (today is 2026-12-04 in \(zone))"))
        }
    }

    @Test(arguments: [
        // zone, days in stage and stale at 2026-12-03T13:30Z of a deal created 2026-11-20T12:30Z
        ("UTC", 13, false),
        ("Australia/Sydney", 14, true),     // 23:30 on 11-20 → 00:30 on 12-04
        ("America/Los_Angeles", 13, false), // 04:30 on 11-20 → 05:30 on 12-03
    ])
    func daysInStageAndStaleBadge(zone: String, days: Int, stale: Bool) throws {
        let cli = try Self.board(zone, created: "2026-11-20T12:30:00Z")
        defer { cli.cleanUp() }
        let r = try cli.run("list", "--format", "json", now: "2026-12-03T13:30:00Z")
        let deal = (try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]])[0]
        #expect(deal["days_in_stage"] as? Int == days)
        #expect((deal["badges"] as! [String]).contains("stale") == stale)
        let board = try cli.run("--text", now: "2026-12-03T13:30:00Z").out
        #expect(board.contains("\(days)d"))
    }

    @Test(arguments: [
        // zone, the default week's start, --since 2026-12-01 and --until 2026-12-03 (UTC instants), the text header
        ("UTC", "2026-11-27T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "2026-12-04T00:00:00.000Z",
         "Period 2026-11-27 → now (2026-12-04 21:00 UTC), 7.9 days"),
        ("Australia/Sydney", "2026-11-27T13:00:00.000Z", "2026-11-30T13:00:00.000Z", "2026-12-03T13:00:00.000Z",
         "Period 2026-11-28 → now (2026-12-05 08:00 +11:00), 7.3 days"),
        ("America/Los_Angeles", "2026-11-27T08:00:00.000Z", "2026-12-01T08:00:00.000Z", "2026-12-04T08:00:00.000Z",
         "Period 2026-11-27 → now (2026-12-04 13:00 -08:00), 7.5 days"),
    ])
    func reportPeriodBoundaries(zone: String, weekSince: String, since: String, until: String, header: String) throws {
        var cli = try Self.board(zone)
        defer { cli.cleanUp() }
        cli.env["DEALBOARD_NOW"] = "2026-12-04T21:00:00Z"
        let week = try cli.json("report", "--format", "json") as! [String: Any]
        let period = week["period"] as! [String: Any]
        #expect(period["since"] as? String == weekSince)
        #expect(period["until"] as? String == "2026-12-04T21:00:00.000Z")
        #expect(week["timezone"] as? String == zone)
        let asked = (try cli.json("report", "--format", "json", "--since", "2026-12-01", "--until", "2026-12-03") as! [String: Any])["period"] as! [String: Any]
        #expect(asked["since"] as? String == since)
        #expect(asked["until"] as? String == until)
        #expect(asked["days"] as? Double == 3)
        #expect(try cli.run("report").out.contains(header))
        #expect(try cli.run("report", "--since", "2026-12-01", "--until", "2026-12-03").out.contains("Period 2026-12-01 through 2026-12-03, 3 days"))
    }

    @Test(arguments: ["Z", "+00:00", "+05:45", "-09:30", "+14:00", "-14:00", " +11:00", " UTC"])
    func validOffsetsEverywhere(offset: String) throws {
        var cli = try Self.board("Australia/Sydney")
        defer { cli.cleanUp() }
        cli.env["DEALBOARD_NOW"] = "2026-12-04T21:00:00" + offset
        let time = "2026-12-03T08:00" + offset
        let log = try cli.run("log", "1", "call", "x", "--date", time)
        #expect(log.status == 0, "\(log.err)")
        let report = try cli.run("report", "--since", time, "--until", "2026-12-04T08:00" + offset)
        #expect(report.status == 0, "\(report.err)")
        #expect(try cli.run("list").status == 0)
    }

    @Test(arguments: [
        // offset, what the refusal says
        ("+99:00", "+99:00 is not an offset any place uses: offsets run from -14:00 to +14:00"),
        ("+14:30", "+14:30 is not an offset any place uses"),
        ("-15:00", "-15:00 is not an offset any place uses"),
        ("+5:00", "\"+5:00\" is not an offset: write it as ±hh:mm, e.g. +05:00 or -09:30"),
        ("+0530", "\"+0530\" is not an offset: write it as ±hh:mm"),
        ("+11", "\"+11\" is not an offset"),
        (" AEDT", "\"AEDT\" after the time: expected nothing (board time"),
    ])
    func invalidOffsetsAreRefusedEverywhere(offset: String, message: String) throws {
        let cli = try Self.board("Australia/Sydney")
        defer { cli.cleanUp() }
        let time = "2026-12-03T08:00" + offset
        let log = try cli.run("log", "1", "call", "x", "--date", time, now: "2026-12-04T21:00:00Z")
        #expect(log.status == 2)
        #expect(log.err.contains("--date \"\(time)\": \(message)"), "\(log.err)")
        for option in ["--since", "--until"] {
            let report = try cli.run("report", option, time, now: "2026-12-04T21:00:00Z")
            #expect(report.status == 2)
            #expect(report.err.contains("\(option) \"\(time)\": \(message)"), "\(report.err)")
        }
        let clock = try cli.run("list", now: time)
        #expect(clock.status == 2)
        #expect(clock.err.contains("DEALBOARD_NOW=\"\(time)\": \(message)"), "\(clock.err)")
        // Nothing was written by the refused log.
        #expect(cli.journalLines().count == 1)
    }

    @Test func datesHaveARange() throws {
        let cli = try Self.board("Australia/Sydney")
        defer { cli.cleanUp() }
        let now = "2026-12-04T21:00:00Z"
        let range = "0000-01-01 is outside the dates dealboard accepts (1970-01-01 to 2999-12-31)"
        let log = try cli.run("log", "1", "call", "x", "--date", "0000-01-01", now: now)
        #expect(log.status == 2)
        #expect(log.err.contains("--date \"0000-01-01\": \(range)"))
        let edit = try cli.run("edit", "1", "close_date=0000-01-01", now: now)
        #expect(edit.status == 2)
        #expect(edit.err.contains("expected a date from 1970-01-01 to 2999-12-31"))
        #expect(try cli.run("report", "--since", "0000-01-01", now: now).err.contains(range))
        #expect(try cli.run("list", now: "0000-01-01").err.contains("DEALBOARD_NOW=\"0000-01-01\": \(range)"))
        // Created at 23:30 on 2026-12-01 in Sydney: the day before is refused, that day is fine.
        let before = try cli.run("log", "1", "call", "x", "--date", "2026-11-30", now: now)
        #expect(before.status == 2)
        #expect(before.err.contains("the date 2026-11-30 is before #1 was created (2026-12-01): an activity is dated from the deal's creation through today"))
        #expect(try cli.run("log", "1", "call", "x", "--date", "2026-12-01", now: now).status == 0)
        #expect(cli.journalLines().count == 2)
        // A line dated before its deal (written by hand, or by an older version) is reported.
        let journal = try String(contentsOfFile: cli.journal, encoding: .utf8)
        #expect(journal.contains("\"date\":\"2026-11-30T13:00:00.000Z\""))   // midnight of 12-01 in Sydney
        try journal.replacingOccurrences(of: "\"date\":\"2026-11-30T13:00:00.000Z\"", with: "\"date\":\"2026-11-20T13:00:00.000Z\"")
            .write(toFile: cli.journal, atomically: false, encoding: .utf8)
        let check = try cli.run("check", now: now)
        #expect(check.out.contains("journal/\(CLI.user).jsonl:2: activity.logged of #1 by \(CLI.user) is dated 2026-11-21, before #1 was created (2026-12-01)"), "\(check.out)")
    }

    @Test func aFutureStampedEventIsReportedAndStretchesNoPeriod() throws {
        let cli = try Self.board("Australia/Sydney")
        defer { cli.cleanUp() }
        // A writer whose clock runs five days fast.
        #expect(try cli.run("add", "Fast clock", now: "2026-12-10T00:00:00Z").status == 0)
        let now = "2026-12-04T21:00:00Z"
        let report = try JSONSerialization.jsonObject(with: Data(try cli.run("report", "--format", "json", now: now).out.utf8)) as! [String: Any]
        let period = report["period"] as! [String: Any]
        #expect(period["until"] as? String == "2026-12-04T21:00:00.000Z")
        #expect(period["days"] as? Double == 7.33)
        // Already in the journal, so it counts — as happening now.
        let created = (report["changes"] as! [String: Any])["created"] as! [[String: Any]]
        #expect(created.map { $0["title"] as? String } == ["Acme", "Fast clock"])
        let check = try cli.run("check", now: now)
        #expect(check.status == 0)
        #expect(check.out.contains("journal/\(CLI.user).jsonl:2: deal.created of #2 by \(CLI.user) is stamped 2026-12-10T00:00:00.000Z, 5 days after now (2026-12-04T21:00:00.000Z): a clock running fast?; reports count it as happening now"), "\(check.out)")
        #expect(check.out.contains("ok with 1 warning(s)"))
        // Once the real clock has caught up, nothing is left to report.
        #expect(try cli.run("check", now: "2026-12-10T00:00:01Z").out.hasPrefix("ok:"))
    }

    @Test func anOldBoardWithoutTheKeyCountsUTCDays() throws {
        let cli = try Self.board("Australia/Sydney", created: "2026-11-20T12:30:00Z")
        defer { cli.cleanUp() }
        let path = cli.board + "/pipeline.toml"
        let old = try pipelineText(cli).split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("timezone = ") }
        try old.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try cli.run("check", now: "2026-12-03T13:30:00Z").out.hasPrefix("ok:"))
        let deal = (try JSONSerialization.jsonObject(with: Data(try cli.run("list", "--format", "json", now: "2026-12-03T13:30:00Z").out.utf8)) as! [[String: Any]])[0]
        #expect(deal["days_in_stage"] as? Int == 13)
        #expect(try cli.run("log", "1", "call", "x", "--date", "2026-12-05", now: "2026-12-04T21:00:00Z").err.contains("(today is 2026-12-04 in UTC)"))
        #expect(try cli.run("history", now: "2026-12-04T21:00:00Z").out.contains("2026-11-20 12:30 UTC"))
    }

    @Test(arguments: [
        // the line in pipeline.toml, what check says about it
        ("timezone = \"australia/sydney\"", "timezone: unknown time zone \"australia/sydney\"; did you mean \"Australia/Sydney\"? expected a name of the tz database"),
        ("timezone = \"Australia/Sidney\"", "timezone: unknown time zone \"Australia/Sidney\"; expected a name of the tz database such as \"Australia/Sydney\""),
        ("timezone = \"GMT+5\"", "timezone: unknown time zone \"GMT+5\""),
        ("timezone = 11", "timezone: expected a time zone name in quotes, such as \"Europe/Berlin\", found int"),
    ])
    func anUnknownZoneIsAPipelineError(line: String, message: String) throws {
        let cli = try Self.board("UTC")
        defer { cli.cleanUp() }
        let path = cli.board + "/pipeline.toml"
        var lines = try pipelineText(cli).components(separatedBy: "\n")
        let at = lines.firstIndex { $0.hasPrefix("timezone = ") }!
        lines[at] = line
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let check = try cli.run("check")
        #expect(check.status == 1)
        #expect(check.out.contains("pipeline.toml:\(at + 1): \(message)"), "\(check.out)")
        let list = try cli.run("list")
        #expect(list.status == 2)
        #expect(list.err.contains("pipeline.toml:\(at + 1): \(message)"), "\(list.err)")
    }

    @Test func timesAreShownWithTheirZone() throws {
        let cli = try Self.board("Australia/Sydney")
        defer { cli.cleanUp() }
        let now = "2026-12-04T21:00:00Z"
        #expect(try cli.run("history", now: now).out.contains("2026-12-01 23:30 +11:00"))
        #expect(try cli.run("review-done", now: now).out.contains("review marked done at 2026-12-05 08:00 +11:00 by"))
        let text = try cli.run("report", now: now).out
        #expect(text.contains("Last review 2026-12-05 08:00 +11:00 by"))
        let markdown = try cli.run("report", "--format", "markdown", now: now).out
        #expect(markdown.contains("now (2026-12-05 08:00 +11:00)"))
        // What is shown is what --since reads.
        #expect(try cli.run("report", "--since", "2026-12-05 08:00 +11:00", "--format", "json", now: "2026-12-05T21:00:00Z").status == 0)
    }
}
