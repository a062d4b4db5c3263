import ArgumentParser
import Foundation
import Pipeline

@main
struct Dealboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealboard",
        abstract: "A terminal kanban board for B2B sales pipelines, kept in plain files.",
        discussion: """
        The board lives in a folder: pipeline.toml (stages, exit criteria, fields, thresholds) \
        and journal/<user>.jsonl (one event per line, append-only). Board location: --board PATH, \
        else $DEALBOARD_BOARD, else the board folder you are in (or one above it), else \
        board = "PATH" in ~/.config/dealboard/config.toml, else $XDG_DATA_HOME/dealboard/default \
        (~/.local/share/dealboard/default).

        Exit status: 0 success; 1 a move (or a new deal's entry into a later stage) refused by \
        exit criteria (each unmet criterion is printed, under its stage) or not permitted (an undo that would take away others' work included); 2 any other error (bad input, bad files); 64 bad usage.

        New here? Run: dealboard demo
        """,
        version: DealboardVersion.line,
        subcommands: [
            OpenCommand.self, InitCommand.self, DemoCommand.self,
            AddCommand.self, EditCommand.self, CheckItemCommand.self, LogCommand.self,
            MoveCommand.self, WonCommand.self, LostCommand.self, ReopenCommand.self, UndoCommand.self,
            ShowCommand.self, ListCommand.self, HistoryCommand.self, ReportCommand.self, ReviewDoneCommand.self, ExportCommand.self, ImportCommand.self, CheckCommand.self, SyncCommand.self, UpgradeCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )

    /// `dealboard --board PATH log 5 call x` reads as naturally as `dealboard log 5 call x
    /// --board PATH`; the argument parser only takes options after the subcommand, so a
    /// leading `--board PATH` (or `--board=PATH`) is moved behind the subcommand's name.
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        // The shell asking for completions (see `Complete`): the parser answers it.
        if args.first == "---completion" {
            Complete.bound()
            main(args)
            return
        }
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        var leading: [String] = []
        while let first = args.first, first == "--board" || first.hasPrefix("--board=") {
            leading.append(args.removeFirst())
            if first == "--board", !args.isEmpty { leading.append(args.removeFirst()) }
        }
        // `dealboard mvoe`: the board view takes no words, so a word that names no command is a
        // typo of one; say which, instead of the parser's "Unexpected argument".
        let helpTopic = args.first == "help" && args.count > 1 ? args[1] : nil
        if let word = helpTopic ?? args.first, !word.hasPrefix("-"), !names.contains(word) {
            let commands = configuration.subcommands.map { $0._commandName }
            writeError("\"\(word)\" is not a dealboard command; \(Suggestion.didYouMean(word, in: commands))commands: "
                       + commands.joined(separator: ", ") + " (dealboard --help)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        if args == ["--help"] || args == ["-h"] || args == ["help"] {
            FileHandle.standardOutput.write(Data((rootHelp() + "\n").utf8))
            return
        }
        if !leading.isEmpty, let sub = args.first, names.contains(sub) {
            args = [sub] + leading + args.dropFirst()
        } else {
            args = leading + args
        }
        main(args)
    }

    /// The parser's help, with the options that work without a command — those of the board
    /// view (`--board`, which every command takes, `--text`, `--theme`) — in its OPTIONS, taken
    /// from `open`'s own help so the two never drift.
    static func rootHelp() -> String {
        let root = helpMessage()
        let open = OpenCommand.helpMessage().components(separatedBy: "\n")
        guard let start = open.firstIndex(of: "OPTIONS:") else { return root }
        let options = open[(start + 1)...].prefix { !$0.isEmpty }
            .filter { !$0.contains("-h, --help") }
            .map { $0.replacingOccurrences(of: "The board folder.", with: "The board folder (every command takes it).") }
        // The version first, as tig and less show it.
        var lines = [DealboardVersion.line, ""] + root.components(separatedBy: "\n")
        if let at = lines.firstIndex(of: "OPTIONS:") { lines.insert(contentsOf: options, at: at + 1) }
        if let usage = lines.firstIndex(of: "USAGE: dealboard <subcommand>") {
            lines[usage] = "USAGE: dealboard [--board <path>] [--text] [--theme <name>]\n       dealboard <subcommand> [--board <path>] [<options>]"
        }
        return lines.joined(separator: "\n")
    }
}
