import ArgumentParser
import BoardUI
import Foundation
import Pipeline
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The weekly pipeline review as text, Markdown or JSON (or its stage table as CSV).",
        discussion: """
        Snapshot figures (deals and value per stage, coverage, forecast, stuck deals) describe the \
        open pipeline now; flow figures (conversion, days in stage, win rate, sales cycle, velocity, \
        loss reasons) count the period, by default the last 7 days. Changes are listed since the last \
        review (dealboard review-done), or since the period's start when none was recorded.
        """)
    @OptionGroup var board: BoardOption
    @Option(help: "text (80 columns, bar charts) | markdown | json | csv (the stage table)") var format: ReportFormat = .text
    @Option(help: ArgumentHelp("Start of the period: YYYY-MM-DD (from midnight in the board's time zone), 2026-11-23T09:00 (board time) or with an offset (2026-11-23T09:00Z, 2026-11-23T09:00+11:00). Default: 7 days before --until.", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("End of the period: YYYY-MM-DD (through that whole day of the board's calendar) or a time, as --since. Default: now.", valueName: "date"))
    var until: String?
    @OptionGroup var owners: OwnerOptions
    @Option(help: ArgumentHelp("How many stuck deals text and Markdown list, most troubled first: a number or all (JSON lists all).", valueName: "n|all"))
    var stuck: StuckLimit = StuckLimit(value: 50)
    @OptionGroup var pager: PagerOption

    func run() throws {
        try guarded(paging: pager) {
            let store = try board.open()
            let t = try now()
            let period = try ReportPeriod.parse(since: since, until: until, now: t, zone: store.pipeline.timeZone)
            let owner = try owners.resolve(store)
            let report = ReviewReport.compute(state: store.state, pipeline: store.pipeline, period: period, now: t, owner: owner,
                                              keep: keepUntilExit)
            keepUntilExit(report)
            switch format {
            case .json:
                printJSON { ReportJSON.write(report, board: store.pipeline.name, to: &$0) }
            case .text:
                printOut(ReportText.text(report, pipeline: store.pipeline, unicode: TextOutput.unicode, stuckLimit: stuck.value).joined(separator: "\n"))
            case .markdown: printOut(ReportText.markdown(report, pipeline: store.pipeline, stuckLimit: stuck.value))
            case .csv: printOut(try ReportCSV.stages(report))
            }
        }
    }
}

/// `--stuck 20` or `--stuck all`.
struct StuckLimit: ExpressibleByArgument {
    var value: Int?

    init(value: Int?) { self.value = value }

    init?(argument: String) {
        if argument.lowercased() == "all" { value = nil; return }
        guard let n = Int(argument), n >= 0 else { return nil }
        value = n
    }

    var defaultValueDescription: String { value.map(String.init) ?? "all" }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, csv
}

/// `--since` / `--until` as people type them.
enum ReportPeriod {
    /// Days are the board's: `--since 2026-12-01` starts at midnight in its zone, and a time
    /// without an offset is board time.
    static func parse(since: String?, until: String?, now: Date, zone: BoardTimeZone) throws -> ReviewPeriod {
        // A bare date as --until means "through that day"; without --until the period runs up
        // to now and includes every event already written.
        let end = try until.map { try instant($0, option: "--until", endOfDay: true, zone: zone) }
        // Default: the seven whole days before the end (from midnight), as on the review screen.
        let start = try since.map { try instant($0, option: "--since", endOfDay: false, zone: zone) }
            ?? zone.start(of: zone.day(end ?? now) + -7)
        let period = end.map { ReviewPeriod(since: start, until: $0) } ?? .upToNow(since: start, now: now)
        guard period.since < period.until else {
            throw Failure.error("--since (\(zone.minute(period.since))) must be before --until (\(end == nil ? "now, " : "")\(zone.minute(period.until)))")
        }
        return period
    }

    static func instant(_ text: String, option: String, endOfDay: Bool, zone: BoardTimeZone) throws -> Date {
        do {
            switch try TypedTime.parse(text, zone: zone) {
            case .day(let d): return zone.start(of: endOfDay ? d + 1 : d)
            case .instant(let t): return t
            }
        } catch let e as TypedTime.Invalid {
            throw Failure.error("\(option) \"\(text)\": \(e)")
        }
    }
}

struct ReviewDoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-done",
        abstract: "Record that the weekly review was done (managers); \"since last review\" starts here.")
    @OptionGroup var board: BoardOption
    @Option(help: "A note kept with the event (- reads it from stdin).") var note = ""
    @Option(help: ArgumentHelp("Read the note from a file (- for stdin).", valueName: "path"), completion: .file()) var noteFile: String?

    func run() throws {
        try guarded {
            let note = try TextInput.resolve(note.isEmpty ? nil : note, file: noteFile, name: "--note", fileOption: "--note-file") ?? ""
            let store = try board.open()
            let e = try perform(store) { try $0.markReviewed(note: note) }
            printOut("review marked done at \(store.pipeline.timeZone.minute(e.timestamp)) by \(e.user)")
        }
    }
}

/// How plain-text output may look: Unicode bars and marks unless the locale says otherwise.
enum TextOutput {
    static var unicode: Bool {
        let env = ProcessInfo.processInfo.environment
        guard let locale = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap({ env[$0] }).first(where: { !$0.isEmpty }) else { return true }
        let l = locale.lowercased()
        return l.contains("utf-8") || l.contains("utf8")
    }
}
