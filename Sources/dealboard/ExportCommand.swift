import ArgumentParser
import Foundation
import Pipeline
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every deal with all its fields, dates and checks, as CSV (re-importable) or JSON.",
        discussion: """
        One row per deal: id, source_id, title, company, owner, amount, currency, stage, stage_name, \
        status, created, closed, lost_reason, days_in_stage, last_activity, then close_date and the \
        custom fields, one checklist:<key> column per checklist, signals, and with --stage-history one \
        entered:<stage> column per stage. Times are UTC (as in the journal); amounts are plain numbers. \
        dealboard import --from csv reads this file back.
        """)
    @OptionGroup var board: BoardOption
    @Option(help: "csv | json") var format: ExportFormat = .csv
    @Flag(help: "Include won and lost deals.") var includeClosed = false
    @Flag(help: "One column per stage with the time the deal last entered it.") var stageHistory = false

    func run() throws {
        try guarded {
            let store = try board.open()
            let t = try now()
            let options = DealExport.Options(includeClosed: includeClosed, stageHistory: stageHistory)
            switch format {
            case .csv: printOut(try DealExport.csv(store.state, pipeline: store.pipeline, now: t, options: options))
            case .json: printJSON(DealExport.json(store.state, pipeline: store.pipeline, now: t, options: options))
            }
        }
    }
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}
