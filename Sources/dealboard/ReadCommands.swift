import ArgumentParser
import BoardUI
import CSV
import Foundation
import Pipeline
import Store

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one deal: fields, exit criteria, checks, activities, stage history.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Option(help: "text | json", completion: .list(["text", "json"])) var format: OutputFormat = .text
    @OptionGroup var pager: PagerOption

    func run() throws {
        try guarded(paging: pager) {
            let store = try board.open()
            let t = try now()
            guard let d = store.state.deal(number: deal) else { throw CommandError.noSuchDeal(deal) }
            switch format {
            case .json: printJSON(DealJSON.deal(d, pipeline: store.pipeline, now: t, withCriteria: true))
            case .text, .table: printOut(DealText.deal(d, pipeline: store.pipeline, now: t))
            case .csv: throw Failure.error("show supports --format text or json")
            }
        }
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List deals as a table, CSV or JSON.")
    @OptionGroup var board: BoardOption
    @Option(help: "Only deals in this stage (key or name).", completion: .custom(Complete.stages)) var stage: String?
    @OptionGroup var owners: OwnerOptions
    @Flag(help: "Include won and lost deals.") var all = false
    @Option(help: "table | csv | json", completion: .list(["table", "csv", "json"])) var format: OutputFormat = .table

    func run() throws {
        try guarded {
            let store = try board.open()
            let t = try now()
            let p = store.pipeline
            var deals = store.state.liveDeals
            if let stage {
                guard let s = p.findStage(stage) else { throw Failure.error("no stage \"\(stage)\"; stages: " + p.stages.map(\.key).joined(separator: ", ")) }
                deals = deals.filter { $0.stage == s.key }
            } else if !all {
                deals = deals.filter { p.stage($0.stage)?.isOpen ?? true }
            }
            if let key = try owners.resolve(store) {
                deals = deals.filter { p.ownerKey($0.owner) == key }
            }
            // Board order: by stage, then by number.
            let order = Dictionary(uniqueKeysWithValues: p.stages.enumerated().map { ($1.key, $0) })
            deals.sort { (order[$0.stage] ?? 999, $0.number) < (order[$1.stage] ?? 999, $1.number) }
            switch format {
            case .table, .text:
                printOut(deals.isEmpty ? "no deals" : DealText.table(deals, pipeline: p, now: t))
            case .json:
                printJSON(.array(deals.map { DealJSON.deal($0, pipeline: p, now: t, withCriteria: false) }))
            case .csv:
                printOut(try csv(deals, pipeline: p, now: t))
            }
        }
    }

    func csv(_ deals: [Deal], pipeline p: PipelineDefinition, now t: Date) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        let custom = p.allFields.filter { !BuiltInField.dealProperties.contains($0.key) }
        try writer.write(row: (["id", "title", "company", "owner", "amount", "stage", "days_in_stage", "badges"] + custom.map(\.key)).map(SafeText.csvCell))
        for d in deals {
            let h = p.health(of: d, now: t)
            // Every cell through the CSV guard: controls shown visibly, and text that a
            // spreadsheet would run as a formula (=, +, -, @ …) prefixed with '. Plain numbers
            // (amounts, days, number fields) stay numbers.
            let row = ["\(d.number)", d.title, d.company, d.owner, d.value("amount"), d.stage, "\(h.daysInStage)",
                       h.badges.joined(separator: " ")] + custom.map { d.value($0.key) }
            try writer.write(row: row.map(SafeText.csvCell))
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The board's events, newest last (or one deal's).")
    @OptionGroup var board: BoardOption
    @Argument(help: ArgumentHelp("Only this deal (7 or #7).", valueName: "deal")) var number: DealNumber?
    var deal: Int? { number?.value }
    @Option(help: "Show only the last N events.") var last: Int?
    @Option(help: "text | json (one event per line, as in the journal)", completion: .list(["text", "json"])) var format: OutputFormat = .text
    @OptionGroup var pager: PagerOption

    func run() throws {
        try guarded(paging: pager) {
            let store = try board.open()
            var events = try store.events()
            if let deal {
                guard let d = store.state.deal(number: deal) else { throw CommandError.noSuchDeal(deal) }
                events = events.filter { $0.deal == d.uid || $0.id == d.uid }
            }
            if let last { events = Array(events.suffix(max(0, last))) }
            switch format {
            case .json, .csv:
                for var e in events {
                    // The line as in the journal, plus `not_allowed` when replay did not apply it;
                    // a key of that name written into the journal by hand is not passed on.
                    e.extra["not_allowed"] = nil
                    e.extraOrder.removeAll { $0 == "not_allowed" }
                    if let d = store.state.disallowed(eventID: e.id) {
                        e.extra["not_allowed"] = .obj([("kind", .string(d.kind.rawValue)), ("reason", .string(d.reason)),
                                                       ("unmet", d.unmet.isEmpty ? nil : .array(d.unmet.map { .string($0) }))])
                        e.extraOrder.append("not_allowed")
                    }
                    printOut(EventCodec.encode(e))
                }
            case .text, .table: for e in events { printOut(DealText.event(e, state: store.state, pipeline: store.pipeline)) }
            }
            if events.isEmpty, format != .json { printOut("no events") }
        }
    }
}
