import ArgumentParser
import BoardUI
import Foundation
import Pipeline
import Store
import Terminal

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a board folder from a template.",
        discussion: "Templates: " + PipelineTemplates.all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
            + ". You become the board's first manager (managers = [...] in pipeline.toml).")
    @OptionGroup var board: BoardOption
    @Option(help: "b2b (default), marketing-sales or it-services.", completion: .list(PipelineTemplates.all.map(\.name))) var template = PipelineTemplates.defaultName
    @Option(help: ArgumentHelp("Share the board with this OS group (folder 2770, files 0660).", valueName: "group")) var shared: String?
    @Option(help: ArgumentHelp("The board's currency, an ISO 4217 code (default: your locale's, else USD).", valueName: "code")) var currency: String?
    @Option(help: ArgumentHelp("How amounts are typed and shown: \"1,234.56\", \"1.234,56\" or \"1 234,56\" (default: your locale's).", valueName: "style")) var numberStyle: String?
    @Flag(help: "Make the board a git work tree to sync between machines (dealboard sync).") var git = false
    @Option(help: ArgumentHelp("With --git on a shared board: this machine's name in its journals' names (user@NAME.jsonl; default: the host's name).", valueName: "name")) var machine: String?
    @Argument(help: ArgumentHelp("With --git: the remote to push the new board to (an empty bare repository: a shared path or ssh://host/path).", valueName: "remote")) var remote: String?

    func run() throws {
        try guarded {
            let zone = ServerTimeZone.detect()
            var (money, locale) = BoardInit.moneyDefaults()
            if let currency {
                guard let c = Currency.iso(currency) else { throw Failure.error("--currency \"\(currency)\" is not an ISO 4217 currency code; for example USD, EUR, GBP, CHF, JPY") }
                money.currency = c
            }
            if let numberStyle {
                guard let style = NumberStyle(named: numberStyle) else { throw Failure.error("--number-style \"\(numberStyle)\": expected one of \(NumberStyle.names)") }
                money.style = style
            }
            if remote != nil, !git { throw Failure.error("a remote is given only with --git: dealboard init --git \(remote!)") }
            let remote = self.remote.map { BoardSync.resolvedRemote($0, from: FileManager.default.currentDirectoryPath) }
            let existing = BoardFiles(folder: try board.folder(discover: false))
            if machine != nil, !git || (shared == nil && !existing.isShared) {
                throw Failure.error("--machine names a team server's journals: it goes with --git on a shared board (--shared GROUP)")
            }
            if git, FileManager.default.fileExists(atPath: existing.pipeline) {
                // A board that is already here (with its history) becomes a git work tree.
                guard existing.owner == geteuid() else {
                    throw Failure.error("only the board's owner (\(existing.owner.map(BoardFiles.userName) ?? "?")) makes it a git work tree: its sync writes every author's journal")
                }
                var st = stat()
                if lstat(existing.folder + "/.git", &st) == 0 {
                    if st.st_uid != geteuid() { throw Failure.error("\(existing.folder)/.git belongs to \(BoardFiles.userName(st.st_uid)), not to you; dealboard ignores it. Remove it (you own the folder): rm -rf \(shellQuoted(existing.folder + "/.git")), then run init again") }
                    throw Failure.error("\(existing.folder) is a git work tree already; sync it with: dealboard sync")
                }
                if shared != nil, !existing.isShared { throw Failure.error("\(existing.folder) is a board already, not shared; init does not share an existing board") }
                try syncing { try BoardSync(files: existing, batch: sshBatch).initialise(remote: remote, machine: machine) }
                printOut("\(existing.folder): now a git work tree, with its journals in the first commit" + (remote.map { "; pushed to \($0); other machines join with: dealboard init --git \($0) --board FOLDER" } ?? "; add a remote (git remote add origin URL), then: dealboard sync"))
                if existing.isShared { printOut(teamServerNote(existing)) }
                return
            }
            if git, let remote, try syncing({ try BoardSync.remoteHasBoard(remote, batch: sshBatch) }) {
                // The board exists already: this machine joins it.
                let files = try syncing { try BoardSync.join(remote: remote, folder: try board.folder(discover: false), batch: sshBatch, sharedGroup: shared, machine: machine) }
                printOut("joined the board at \(remote) in \(files.folder); dealboard sync sends this machine's events and takes the others'")
                if files.isShared { printOut(teamServerNote(files)) }
                return
            }
            let files = try BoardInit.create(folder: existing.folder, template: template, sharedGroup: shared, timeZone: zone.name, money: money)
            printOut("created board \(files.folder) (template \(template)\(shared.map { ", shared with group \($0)" } ?? "")); time zone \(zone.said)")
            if git {
                do { try BoardSync(files: files, batch: sshBatch).initialise(remote: remote, machine: machine) } catch let e as BoardSync.Failure { throw Failure.error("the board is made, but git: \(e.description)") } catch { throw Failure.error("the board is made, but git: \(error)") }
                printOut(remote.map { "git: pushed to \($0); other machines join with: dealboard init --git \($0) --board FOLDER" } ?? "git: a work tree; add a remote (git remote add origin URL), then: dealboard sync")
                if files.isShared { printOut(teamServerNote(files)) }
            }
            let from = currency == nil || numberStyle == nil ? locale.map { " (from the locale \($0))" } ?? "" : ""
            printOut("money: \(money.currency.code), written \(money.style.rawValue)\(from); currency and number_style in pipeline.toml change them")
            // The hint must work when pasted: the board named as it was named here.
            let at = board.board == nil ? "" : " --board \(shellQuoted(files.folder))"
            printOut("next: dealboard add \"First deal\" --company Acme --amount 12000\(at)   (edit stages in \(files.pipeline))")
        }
    }
}

/// What a team server's owner needs to know once its board syncs.
func teamServerNote(_ files: BoardFiles) -> String {
    "this machine is \"\(files.machineName)\": its authors' journals are journal/USER@\(files.machineName).jsonl; only you (the board's owner) run dealboard sync"
}

/// ssh asks for a passphrase or about an unknown host key only when someone can answer: stdin
/// is a terminal. From a script or cron (stdin elsewhere, even with a terminal around) it fails
/// at once, with ssh's reason, instead of waiting at a prompt nobody sees.
var sshBatch: Bool { isatty(STDIN_FILENO) != 1 }

/// Runs a sync step, its failure said as a command error (status 2).
func syncing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as BoardSync.Failure { throw Failure.error(e.description) } catch let e as Failure { throw e } catch { throw Failure.error("\(error)") }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the board files; list every problem with its file and line. Exits 1 if any error.",
        discussion: "--repair moves the damaged lines and a torn last line of your own journal to its side file (journal/USER.rejected; journal.rejected on a board with one journal), never deleting a byte, rewrites it atomically, and removes temp files a killed repair of yours left behind.")
    @OptionGroup var board: BoardOption
    @Flag(help: "Move your journal's damaged lines to its side file.") var repair = false

    func run() throws {
        try guarded {
            let folder = try board.folder()
            if repair {
                let result = try BoardCheck.repair(folder: folder)
                for leftover in result.removedLeftovers { printOut("removed \(leftover) (left behind by a repair that was killed)") }
                if result.movedLines.isEmpty {
                    printOut("nothing to repair in your journal")
                } else {
                    printOut("moved \(result.movedLines.count) line(s) (\(result.movedBytes) bytes) to \(result.sideFile): lines " + result.movedLines.map(String.init).joined(separator: ", "))
                }
            }
            let report = BoardCheck.inspect(folder: folder, now: try now())
            let findings = report.findings
            // One finding a line: what it quotes from the files (a journal line, a stage key)
            // cannot start a line of its own, and its controls are shown visibly.
            for f in findings { printOut(SafeText.line(f.description)) }
            let errors = findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                let journal = errors.contains { $0.message.hasPrefix("journal") && $0.message.contains("damaged line") || $0.message.contains("incomplete last line") }
                printOut("\(errors.count) error(s)" + (journal ? "; dealboard check --repair (run by the journal's author) sets damaged lines aside" : ""))
            } else {
                printOut(findings.isEmpty ? "ok: \(folder)" : "ok with \(findings.count) warning(s): \(folder)")
            }
            // A suggestion, not a problem: after the verdict, which stays the first line of a clean board.
            if let people = report.suggestedPeople {
                printOut("")
                printOut("note: pipeline.toml has no [[people]] list, so any name is taken as an owner. The people on this board,")
                printOut("ready to paste into pipeline.toml (fill in names and e-mails; owners are then checked against it):")
                printOut("")
                printOut(people)
            }
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}

struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Move a board with one shared journal.jsonl to per-author journals (the board's owner runs it once).",
        discussion: "Nothing is lost: journal.jsonl keeps every byte and becomes the read-only record of the events from before the upgrade; new events go to journal/USER.jsonl, which only USER can write. The folder gets the sticky bit.")
    @OptionGroup var board: BoardOption

    func run() throws {
        try guarded {
            let folder = try board.folder()
            let result = try BoardUpgrade.run(folder: folder)
            printOut("upgraded \(folder) to per-author journals: the \(result.legacyEvents) line(s) of journal.jsonl are kept, read-only"
                     + (result.copied ? " (copied into a file of yours, byte for byte)" : "") + "; new events go to journal/<user>.jsonl")
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Build a realistic sample board in a temporary folder and open it.")
    @Option(help: "Number of deals.") var deals = 60
    @Option(help: "Template to build it from.", completion: .list(PipelineTemplates.all.map(\.name))) var template = PipelineTemplates.defaultName
    @Option(help: ArgumentHelp("Build it here instead of a new temporary folder.", valueName: "path"), completion: .directory) var board: String?
    @OptionGroup var theme: ThemeOption

    func run() throws {
        try guarded {
            guard (1...100_000).contains(deals) else { throw Failure.error("--deals must be between 1 and 100000") }
            let folder: String
            if let board {
                folder = BoardLocation.resolve(option: board)
            } else {
                let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
                var template = Array((base + "/dealboard-demo-XXXXXX").utf8CString)
                guard mkdtemp(&template) != nil else { throw Failure.error("cannot create a temporary folder in \(base)") }
                folder = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            }
            let t = try now()
            try BoardInit.create(folder: folder, template: template, sharedGroup: nil)
            let store = try BoardStore(folder: folder)
            let events = DemoBoard(deals: deals, user: store.user).events(pipeline: store.pipeline, now: t)
            try store.append(events)
            if TerminalCheck.verdict() == .ok {
                try BoardLoop.run(store, theme: theme.name, greeting: "demo board in \(folder) — point the CLI at it with --board")
                printOut("demo board: \(folder)  (\(store.state.liveDealCount) deals, \(events.count) events)")
                printOut("reopen it: dealboard --board \(folder)")
                return
            }
            try OpenCommand.show(store, now: t)
            printOut("")
            printOut("demo board: \(folder)  (\(store.state.liveDealCount) deals, \(events.count) events)")
            // Name the binary as it was run (swift run, a build folder), so the hint can be pasted.
            let me = CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : "dealboard"
            printOut("next:  export DEALBOARD_BOARD=\(folder)")
            printOut("       \(me) list;  \(me) show 1;  \(me) move 1 next;  \(me) --help")
        }
    }
}

/// `dealboard` with no command: the full-screen board in a terminal; the board as text
/// (stage by stage) when output is not a terminal.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the board (the default command); as text when not in a terminal.")
    @OptionGroup var board: BoardOption
    @Flag(help: "Print the board as text even in a terminal.") var text = false
    @OptionGroup var theme: ThemeOption

    func run() throws {
        try guarded {
            let store = try board.open()
            if text { try Self.show(store, now: try now()) } else { try BoardLoop.openOrPrint(store, now: try now(), theme: theme.name) }
        }
    }

    static func show(_ store: BoardStore, now: Date) throws {
        printOut("\(store.pipeline.name) — \(store.files.folder)")
        printOut(DealText.board(store.state, pipeline: store.pipeline, now: now))
    }
}

/// A path as a shell reads it back: as is when it is plain, else in single quotes.
func shellQuoted(_ path: String) -> String {
    if !path.isEmpty, path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+~,=:@".contains($0)) }) { return path }
    return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// `--theme NAME` of the board view and `demo`, declared once.
struct ThemeOption: ParsableArguments {
    @Option(name: .customLong("theme"),
            help: ArgumentHelp("Colour theme: default, light, high-contrast, mono, or a .toml path (else $DEALBOARD_THEME, config.toml).", valueName: "name"),
            completion: .list(Themes.shippedNames))
    var name: String?
}
