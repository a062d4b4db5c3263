import ArgumentParser
import Foundation
import Pipeline
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import deals, with their history, from a Pipedrive, HubSpot or Salesforce export or dealboard's own CSV.",
        discussion: """
        The format is found from the header row unless --from says it. A mapping file (--map) says \
        which board stage, person, loss reason and custom field each CRM value means; --write-map \
        writes a starting one listing every value the file holds. --dry-run prints what each row \
        would do (create, update, unchanged, error) and writes nothing. Without --dry-run the \
        import is written all or nothing under one lock of the board: a row in error writes \
        nothing (exit status 2, every problem listed) unless --skip-bad, which writes the good \
        rows and the bad ones to a rejects CSV (--rejects, default FILE.rejects.csv). New deals \
        keep the CRM's created, stage-entry and won/lost dates; importing the same file again \
        changes nothing, a newer export updates the deals it has. Only a manager's import may \
        put deals past unmet exit criteria (exit status 1 otherwise). `dealboard undo` takes \
        the whole import back.
        """)
    @OptionGroup var board: BoardOption
    @Argument(help: ArgumentHelp("The export file (CSV).", valueName: "file")) var file: String
    @Option(help: "The file's format (csv: dealboard's own export); default: found from the header row.") var from: CRMFormat?
    @Option(help: ArgumentHelp("The mapping file (TOML).", valueName: "mapping.toml")) var map: String?
    @Option(help: ArgumentHelp("Write a starting mapping file for FILE and stop.", valueName: "mapping.toml")) var writeMap: String?
    @Flag(help: "Print what each row would do; write nothing.") var dryRun = false
    @Flag(help: "Write the good rows and put the bad ones in the rejects file (default: nothing is written if a row is bad).") var skipBad = false
    @Option(help: ArgumentHelp("Where --skip-bad writes the bad rows (default: FILE.rejects.csv next to FILE).", valueName: "file")) var rejects: String?
    @Flag(help: "Replace an existing rejects file.") var overwriteRejects = false

    func validate() throws {
        if !skipBad, rejects != nil || overwriteRejects {
            throw ValidationError("--rejects and --overwrite-rejects go with --skip-bad (without it, a bad row writes nothing and no rejects file)")
        }
    }

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
                return try write(plan, table: table, mapping: mapping, name: name, store: store)
            }
            printOut(ImportReport.text(plan, file: name, pipeline: store.pipeline))
            if !plan.problems.isEmpty { throw ExitCode(2) }
        }
    }

    /// The real import: the bad rows are refused or set aside first (they do not depend on the
    /// board), then the plan is made again under the lock, against the board as it is then, and
    /// written whole.
    func write(_ first: ImportPlan, table: CSVTable, mapping: ImportMapping, name: String, store: BoardStore) throws {
        let problems = first.problems
        if !problems.isEmpty, !skipBad {
            throw Failure.error("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(name); nothing was written (--skip-bad writes the good rows "
                                + "and the bad ones to a rejects file):\n" + problems.map { "\(name): \($0)" }.joined(separator: "\n"))
        }
        var rejectsPath: String?
        if !problems.isEmpty {
            let path = rejects ?? ImportRejects.defaultPath(for: file)
            try ImportRejects.write(try ImportRejects.text(table: table, plan: first), to: path, overwrite: overwriteRejects)
            rejectsPath = path
        }
        var counts = ImportWrite.Counts()
        let events: [Event]
        do {
            events = try store.performAll(now: try now()) { cmds in
                let plan = ImportPlan.make(table: table, format: first.format, mapping: mapping, pipeline: cmds.pipeline, state: cmds.state)
                let write = ImportWrite(plan: plan, file: name, batch: BoardStore.newID(), skipBad: skipBad)
                counts = write.counts
                return try write.drafts(cmds, newID: BoardStore.newID)
            }
        } catch {
            // The rejects file belongs to an import that did not happen.
            if let rejectsPath { unlink(rejectsPath) }
            guard let e = error as? CommandError else { throw error }
            // Each line of the message is one row's: shown one safe line each.
            let text = e.description.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.line(String($0)) }.joined(separator: "\n")
            if case .notPermitted = e { throw Failure.refused(text) }
            throw Failure.error(text)
        }
        for notice in store.takeNotices() { warn("note: " + SafeText.line(notice)) }
        var parts = ["\(counts.created) created", "\(counts.updated) updated", "\(counts.unchanged) unchanged"]
        if counts.skipped > 0 { parts.append("\(counts.skipped) skipped (bad rows in \(SafeText.line(rejectsPath ?? "")))") }
        let what = events.isEmpty ? "nothing to write" : "\(events.count) event\(events.count == 1 ? "" : "s") written"
        printOut("imported \(name) (\(first.format.rawValue)): " + parts.joined(separator: ", ") + "; \(what)"
                 + (events.isEmpty ? "" : " (dealboard undo takes the import back)"))
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
