import ArgumentParser
import Foundation

@main
struct Dealboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealboard",
        abstract: "A terminal kanban board for B2B sales pipelines, kept in plain files.",
        discussion: """
        The board lives in a folder: pipeline.toml (stages, exit criteria, fields, thresholds) \
        and journal.jsonl (one event per line, append-only). Board location: --board PATH, \
        else $DEALBOARD_BOARD, else $XDG_DATA_HOME/dealboard/default \
        (~/.local/share/dealboard/default).

        Exit status: 0 success; 1 a move (or a new deal's entry into a later stage) refused by \
        exit criteria (each unmet criterion is printed, under its stage) or not permitted (an undo that would take away others' work included); 2 any other error (bad input, bad files); 64 bad usage.

        New here? Run: dealboard demo
        """,
        subcommands: [
            OpenCommand.self, InitCommand.self, DemoCommand.self,
            AddCommand.self, EditCommand.self, CheckItemCommand.self, LogCommand.self,
            MoveCommand.self, WonCommand.self, LostCommand.self, ReopenCommand.self, UndoCommand.self,
            ShowCommand.self, ListCommand.self, HistoryCommand.self, ReportCommand.self, ReviewDoneCommand.self, CheckCommand.self, UpgradeCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )

    /// `dealboard --board PATH log 5 call x` reads as naturally as `dealboard log 5 call x
    /// --board PATH`; the argument parser only takes options after the subcommand, so a
    /// leading `--board PATH` (or `--board=PATH`) is moved behind the subcommand's name.
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        var leading: [String] = []
        while let first = args.first, first == "--board" || first.hasPrefix("--board=") {
            leading.append(args.removeFirst())
            if first == "--board", !args.isEmpty { leading.append(args.removeFirst()) }
        }
        if !leading.isEmpty, let sub = args.first, names.contains(sub) {
            args = [sub] + leading + args.dropFirst()
        } else {
            args = leading + args
        }
        main(args)
    }
}
