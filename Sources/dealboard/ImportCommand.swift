import ArgumentParser
import Foundation
import Pipeline
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read deals from a Pipedrive, HubSpot or Salesforce export or dealboard's own CSV.",
        discussion: """
        The format is found from the header row unless --from says it. A mapping file (--map) says \
        which board stage, person, loss reason and custom field each CRM value means; --write-map \
        writes a starting one listing every value the file holds. --dry-run prints what each row \
        would do (create, update, unchanged, error) and writes nothing. Writing the import itself \
        is not built yet: run it with --dry-run.
        """)
    @OptionGroup var board: BoardOption
    @Argument(help: ArgumentHelp("The export file (CSV).", valueName: "file")) var file: String
    @Option(help: "The file's format (csv: dealboard's own export); default: found from the header row.") var from: CRMFormat?
    @Option(help: ArgumentHelp("The mapping file (TOML).", valueName: "mapping.toml")) var map: String?
    @Option(help: ArgumentHelp("Write a starting mapping file for FILE and stop.", valueName: "mapping.toml")) var writeMap: String?
    @Flag(help: "Print what each row would do; write nothing.") var dryRun = false

    func run() throws {
        try guarded {
            let name = SafeText.line((file as NSString).lastPathComponent)
            guard let data = FileManager.default.contents(atPath: file) else { throw Failure.error("cannot read \(file)") }
            let table: CSVTable
            do { table = try CSVTable.read(data, name: name) } catch let e as CSVTable.Invalid { throw Failure.error(e.description) }
            guard let format = from ?? CRMFormat.detect(table.header) else {
                throw Failure.error("\(name): the header row is not one of a Pipedrive, HubSpot or Salesforce deal export or of dealboard export "
                                    + "(it has: \(table.header.prefix(8).joined(separator: ", "))\(table.header.count > 8 ? ", …" : "")); say which with --from")
            }
            for needed in [format.columns.id, format.columns.title, format.columns.stage] where table.column(needed) == nil {
                throw Failure.error("\(name): no column \"\(needed)\", which a \(format.rawValue) export has")
            }
            let store = try board.open()
            if let writeMap {
                guard !FileManager.default.fileExists(atPath: writeMap) else { throw Failure.error("\(writeMap) exists; not overwriting it") }
                let text = MappingDraft.text(table: table, format: format, pipeline: store.pipeline, file: name)
                guard FileManager.default.createFile(atPath: writeMap, contents: Data(text.utf8)) else { throw Failure.error("cannot write \(writeMap)") }
                printOut("wrote \(writeMap): fill in every \"\" and run: dealboard import \(file) --map \(writeMap) --dry-run")
                return
            }
            var mapping = ImportMapping()
            if let map {
                guard let bytes = FileManager.default.contents(atPath: map), let text = String(data: bytes, encoding: .utf8) else {
                    throw Failure.error("cannot read the mapping file \(map)")
                }
                do { mapping = try ImportMapping.parse(text, name: (map as NSString).lastPathComponent) } catch let e as ImportMapping.Invalid {
                    throw Failure.error(e.description)
                }
            }
            let plan = ImportPlan.make(table: table, format: format, mapping: mapping, pipeline: store.pipeline, state: store.state)
            guard dryRun else {
                throw Failure.error("writing an import is not built yet; run it with --dry-run to check the file and the mapping")
            }
            printOut(ImportReport.text(plan, file: name, pipeline: store.pipeline))
            if !plan.problems.isEmpty { throw ExitCode(2) }
        }
    }
}

extension CRMFormat: ExpressibleByArgument {}

/// What `import --dry-run` prints: one line per row, then the counts.
enum ImportReport {
    static func text(_ plan: ImportPlan, file: String, pipeline p: PipelineDefinition) -> String {
        var lines = ["\(file): \(plan.format.rawValue) export, \(plan.rows.count) row\(plan.rows.count == 1 ? "" : "s")"]
        var counts = [0, 0, 0, 0]
        for (row, action) in plan.rows {
            switch action {
            case .create(let r):
                counts[0] += 1
                let amount = r.amount.isZero ? "no amount" : p.money.text(r.amount)
                lines.append("row \(row): create \"\(SafeText.line(r.title))\" in \(p.stage(r.stage)?.name ?? r.stage), \(amount), \(SafeText.line(r.owner))")
            case .update(let r, let deal, let changes):
                counts[1] += 1
                lines.append("row \(row): update #\(deal) \"\(SafeText.line(r.title))\": " + changes.map { SafeText.line($0) }.joined(separator: "; "))
            case .unchanged(let r, let deal):
                counts[2] += 1
                lines.append("row \(row): unchanged #\(deal) \"\(SafeText.line(r.title))\"")
            case .error(let problems):
                counts[3] += 1
                lines += problems.map { "\(file): \($0)" }
            }
        }
        lines.append("\(counts[0]) to create, \(counts[1]) to update, \(counts[2]) unchanged, \(counts[3]) in error (dry run: nothing written)")
        return lines.joined(separator: "\n")
    }
}
