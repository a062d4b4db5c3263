import ArgumentParser
import BoardUI
import Foundation
import Pipeline
import Store

/// Parses `key=value` arguments.
func assignments(_ args: [String]) throws -> [(String, String)] {
    try args.map { arg in
        guard let eq = arg.firstIndex(of: "="), eq != arg.startIndex else {
            throw Failure.error("\"\(arg)\" is not key=value (for example budget=50000 or close_date=2026-12-15)")
        }
        return (String(arg[..<eq]).trimmingCharacters(in: .whitespaces), String(arg[arg.index(after: eq)...]))
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a deal; prints its number.")
    @OptionGroup var board: BoardOption
    @Argument(help: "The deal's title (- reads it from stdin).") var title: String?
    @Option(help: ArgumentHelp("Read the title from a file (- for stdin) instead of the command line.", valueName: "path"), completion: .file()) var titleFile: String?
    @Option(help: "The buyer's company.") var company = ""
    @Option(help: "Deal value in the board's currency and number style (12000, 12,000 or 12.000, 12k).") var amount = ""
    @Option(help: "Owner (default: you).", completion: .custom(Complete.owners)) var owner: String?
    @Option(help: "Starting stage (default: the first); the gates of every stage before it are checked with the values given.", completion: .custom(Complete.stages)) var stage: String?
    @Argument(help: "More fields as key=value.") var fields: [String] = []
    @Option(help: ArgumentHelp("A field's value from a file (- for stdin): key=PATH; repeatable.", valueName: "key=path")) var fieldFile: [FieldFile] = []
    @Option(help: ArgumentHelp("Tick a checklist item or buyer signal by its label; repeatable.", valueName: "label"), completion: .custom(Complete.checkLabels)) var check: [String] = []
    @Option(help: ArgumentHelp("Log an activity with the deal: call|email|meeting|note=TEXT; repeatable.", valueName: "kind=text")) var log: [String] = []
    @Flag(help: "Managers only: create it in --stage although the gates on the way are unmet (needs --reason).") var force = false
    @Option(help: "Why the entry is forced (- reads it from stdin).") var reason: String?
    @Option(help: ArgumentHelp("Read the reason from a file (- for stdin).", valueName: "path"), completion: .file()) var reasonFile: String?
    @Flag(help: "Write an amount more than 100 times the largest open deal (refused without it).") var yes = false

    func validate() throws {
        if title == nil, titleFile == nil { throw ValidationError("give the deal's title: add TITLE, add - (read from stdin) or add --title-file PATH") }
    }

    func run() throws {
        try guarded {
            // With --title-file, the first argument (if any) is already a key=value field.
            let inline = titleFile == nil ? title : nil
            let more = titleFile == nil ? fields : (title.map { [$0] } ?? []) + fields
            guard let title = try TextInput.resolve(inline, file: titleFile, name: "the title", fileOption: "--title-file") else {
                throw Failure.error("give the deal's title: dealboard add TITLE, or add - (read from stdin), or add --title-file PATH")
            }
            let pairs = try assignments(more) + FieldFile.read(fieldFile)
            let logged = try log.map { arg -> (kind: String, text: String) in
                guard let eq = arg.firstIndex(of: "="), eq != arg.startIndex else {
                    throw Failure.error("--log \"\(arg)\" is not kind=text (for example --log meeting=\"Discovery call with Dana\")")
                }
                return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
            }
            let reason = try TextInput.resolve(reason, file: reasonFile, name: "--reason", fileOption: "--reason-file")
            let store = try board.open()
            let event: Event
            do {
                event = try perform(store) {
                    try $0.create(title: title, company: company, amount: amount, owner: owner, stage: stage, fields: pairs,
                                  checks: check, activities: logged, force: force, reason: reason, confirmed: yes)
                }
            } catch CommandError.refused(let refusal) {
                throw Failure.refused(refusal.description + "\ngive what is missing (key=value, --check LABEL, --log KIND=TEXT), or, as a manager, --force --reason TEXT")
            }
            let number = store.state.deal(uid: event.id)?.number ?? event.number ?? 0
            if let created = event.created, created.forced {
                let stage = created.stage.map { store.pipeline.stage($0)?.name ?? $0 } ?? "?"
                let n = created.unmet.count
                warn("#\(number) created in \(stage), forced past \(n) unmet criteri\(n == 1 ? "on" : "a") (recorded in the journal with your reason)")
            }
            printOut("\(number)")
        }
    }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Set fields of a deal: dealboard edit 7 budget=50000 close_date=2026-12-15.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Argument(help: "key=value pairs; an empty value clears the field.") var values: [String] = []
    @Option(help: ArgumentHelp("A field's value from a file (- for stdin): key=PATH; repeatable.", valueName: "key=path")) var fieldFile: [FieldFile] = []
    @Flag(help: "Write an amount more than 100 times the largest open deal (refused without it).") var yes = false

    func run() throws {
        try guarded {
            let pairs = try assignments(values) + FieldFile.read(fieldFile)
            let store = try board.open()
            let e = try perform(store) { try $0.edit(deal, assignments: pairs, confirmed: yes) }
            // What was saved, by the field's key: money as it was read, in the board's currency
            // and style (12.000,50 → €12.000,50), so a misread shows at once.
            let p = store.pipeline
            let set = e.edited?.set ?? []
            let saved = set.map { f in
                "\(SafeText.line(f.key))=\(SafeText.line(DealText.value(f.text, of: p.field(f.key), p)))"
            }
            // Values the deal already had were left out of the event: say which.
            let same = pairs.compactMap { store.pipeline.findField($0.0)?.key }.filter { key in !set.contains { $0.key == key } }
            let unchanged = same.isEmpty ? "" : "  (unchanged: " + same.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ") + ")"
            printOut("#\(deal) updated: " + saved.joined(separator: " ") + unchanged)
        }
    }
}

struct CheckItemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-item", abstract: "Tick a checklist item or buyer signal by its label (again: re-confirm).")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Argument(help: "The item's label, e.g. \"Company size fits\".", completion: .custom(Complete.checkLabels)) var label: String
    @Flag(help: "Untick instead.") var uncheck = false

    func run() throws {
        try guarded {
            let store = try board.open()
            let event = try perform(store) { try $0.setCheck(deal, label: label, checked: !uncheck) }
            printOut("#\(deal): \(uncheck ? "☐" : "☑") \(SafeText.line(event.checkSet?.label ?? label))")
        }
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Log an activity: call, email, meeting or note.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Argument(help: "call | email | meeting | note", completion: .list(ActivityKind.allCases.map(\.rawValue))) var kind: String
    @Argument(help: "What happened (- reads it from stdin).") var text: String?
    @Option(help: ArgumentHelp("Read what happened from a file (- for stdin), keeping it out of the command line.", valueName: "path"), completion: .file()) var textFile: String?
    @Option(help: "When it happened: a day YYYY-MM-DD, a board-time 2026-11-20T14:30, or with an offset (2026-11-20T14:30+11:00, 2026-11-20T03:30Z); default now.") var date: String?

    func validate() throws {
        if text == nil, textFile == nil { throw ValidationError("say what happened: log N KIND \"text\", or - (read from stdin), or --text-file PATH") }
    }

    func run() throws {
        try guarded {
            guard let text = try TextInput.resolve(text, file: textFile, name: "the text", fileOption: "--text-file") else {
                throw Failure.error("say what happened: dealboard log N KIND \"text\", or - (read from stdin), or --text-file PATH")
            }
            let store = try board.open()
            var when: Date?
            if let date {
                do { when = try TypedTime.instant(date, zone: store.pipeline.timeZone) } catch let e as TypedTime.Invalid {
                    throw Failure.error("--date \"\(date)\": \(e)")
                }
            }
            _ = try perform(store) { try $0.logActivity(deal, kind: kind, text: text, date: when) }
            printOut("#\(deal): \(SafeText.line(kind.lowercased())) logged")
        }
    }
}

/// Prints the result of a move and what happens next.
func reportMove(_ event: Event, store: BoardStore) {
    let line = "#\(event.number ?? 0): " + (event.moved?.summary(by: event.user, in: store.pipeline) ?? "?")
    printOut(SafeText.line(line)) // stage names and the reason are typed text: one line, controls visible
}

struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a deal: next, back, or a stage key/name. Forward moves check exit criteria.",
        discussion: "A refused move exits with status 1 and prints every unmet criterion. Managers may --force with --reason.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Argument(help: "next | back | <stage key or name>", completion: .custom(Complete.moveTargets)) var target: String
    @Option(help: "Why (required for back moves and forced moves; - reads it from stdin).") var reason: String?
    @Option(help: ArgumentHelp("Read the reason from a file (- for stdin).", valueName: "path"), completion: .file()) var reasonFile: String?
    @Flag(help: "Move although exit criteria are unmet (managers only; needs --reason).") var force = false

    func run() throws {
        try guarded {
            let reason = try TextInput.resolve(reason, file: reasonFile, name: "--reason", fileOption: "--reason-file")
            let store = try board.open()
            let t: BoardCommands.MoveTarget
            switch target.lowercased() {
            case "next", "forward", ">": t = .next
            case "back", "previous", "<": t = .back
            default: t = .stage(target)
            }
            let event = try perform(store) { try $0.move(deal, to: t, reason: reason, force: force) }
            reportMove(event, store: store)
        }
    }
}

struct WonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "won", abstract: "Mark a deal won (exit criteria of the remaining stages are checked).")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Option(help: "A note, or the reason for a forced move (- reads it from stdin).") var reason: String?
    @Option(help: ArgumentHelp("Read the reason from a file (- for stdin).", valueName: "path"), completion: .file()) var reasonFile: String?
    @Flag(help: "Managers only: close although criteria are unmet (needs --reason).") var force = false

    func run() throws {
        try guarded {
            let reason = try TextInput.resolve(reason, file: reasonFile, name: "--reason", fileOption: "--reason-file")
            let store = try board.open()
            let event = try perform(store) { try $0.won(deal, reason: reason, force: force) }
            reportMove(event, store: store)
        }
    }
}

struct LostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lost", abstract: "Mark a deal lost, with a reason code from pipeline.toml's loss_reasons.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }
    @Option(help: "Loss reason code (see loss_reasons in pipeline.toml; - reads it from stdin).", completion: .custom(Complete.lossReasons)) var reason: String = ""
    @Option(help: ArgumentHelp("Read the reason code from a file (- for stdin).", valueName: "path"), completion: .file()) var reasonFile: String?

    func run() throws {
        try guarded {
            let reason = try TextInput.resolve(reason.isEmpty ? nil : reason, file: reasonFile, name: "--reason", fileOption: "--reason-file") ?? ""
            let store = try board.open()
            let event = try perform(store) { try $0.lost(deal, reason: reason) }
            reportMove(event, store: store)
        }
    }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a won or lost deal in the stage it closed from.")
    @OptionGroup var board: BoardOption
    @OptionGroup var number: DealArgument
    var deal: Int { number.value }

    func run() throws {
        try guarded {
            let store = try board.open()
            let event = try perform(store) { try $0.reopen(deal) }
            reportMove(event, store: store)
        }
    }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Undo your last change (appends a compensating event; nothing is rewritten).",
        discussion: "Refused (exit status 1, naming who did what) when others have worked on the deal since: undo never takes away someone else's work.")
    @OptionGroup var board: BoardOption

    func run() throws {
        try guarded {
            let store = try board.open()
            let event = try perform(store) { try $0.undo() }
            // The summary quotes titles and values: one line, controls visible.
            printOut(SafeText.line(undoneMessage(event)))
        }
    }
}

/// "undid the edit of #62: Amount 12,000 → 10,000": what came back, as the board says it.
func undoneMessage(_ event: Event) -> String {
    (event.undo?.summary ?? "undo").replacingOccurrences(of: "undo ", with: "undid the ", options: .anchored)
}
