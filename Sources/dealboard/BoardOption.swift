import ArgumentParser
import Foundation
import Pipeline
import Store

/// `--board PATH`, shared by every command that works on a board.
struct BoardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The board folder.", discussion: "Default: $DEALBOARD_BOARD, else the board folder you are in (or above), else board = in ~/.config/dealboard/config.toml, else $XDG_DATA_HOME/dealboard/default.", valueName: "path"),
            completion: .directory)
    var board: String?

    /// The board this command works on (see `BoardLocation` for the order). `discover`: look
    /// for a board around the current folder (not for `init`, which makes one).
    func folder(discover: Bool = true) throws -> String {
        let found = try BoardLocation.locate(option: board, discover: discover, config: {
            do { return try UserSettings.load().board } catch { throw Failure.error("\(error)") }
        })
        if let skipped = found.skipped { warn("note: " + skipped) }
        return found.folder
    }

    /// Opens the board; damaged journal lines are reported on every command, not only on the
    /// board view, because the user must hear that part of the history could not be read.
    func open() throws -> BoardStore {
        let store: BoardStore
        do {
            store = try BoardStore(folder: try folder())
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure.error("\(error)")
        }
        // Never freed before the process ends: tearing down a big board's objects one by one
        // took longer than printing the answer, and exit() hands the memory back at once.
        openedStores.append(store)
        let problems = store.problems.map(\.description) + (store.incompleteTail.map { [$0.description] } ?? [])
        // One problem a line: a damaged journal line quoted in it cannot start a line of its own.
        for p in problems.prefix(5) { warn("warning: " + SafeText.line(p)) }
        if problems.count > 5 { warn("warning: … and \(problems.count - 5) more") }
        if !problems.isEmpty {
            let repairable = store.problems.contains { $0.kind != .notCredited } || store.incompleteTail != nil
            warn("warning: the board opened without those lines; dealboard check lists them" + (repairable ? ", check --repair (by the journal's author) sets damaged ones aside" : ""))
        }
        // Lines their authors could not have written through dealboard: kept, not applied, said.
        let refused = store.state.disallowed
        if let first = refused.first {
            warn("warning: " + SafeText.line(first.description))
            warn("warning: \(refused.count) journal event(s) not applied (not allowed by the board's rules); dealboard check lists them with file and line")
        }
        // Money values no dealboard wrote (1e30, -5): not read, the rest of their events applies.
        let unread = store.state.unreadValues
        if let first = unread.first {
            warn("warning: " + SafeText.line(first.description))
            if unread.count > 1 { warn("warning: \(unread.count) money values in the journal not read; dealboard check lists them with file and line") }
        }
        return store
    }
}

nonisolated(unsafe) private var openedStores: [BoardStore] = []
nonisolated(unsafe) private var keptValues: [Any] = []

/// Keeps a big value (a 10,000-deal report and its JSON) until the process ends, for the same
/// reason as the stores: freeing it object by object costs more than exit() handing it all back.
func keepUntilExit(_ value: Any) { keptValues.append(value) }

/// Runs a command through the store and reports what the store did on its own (a torn line set aside).
func perform(_ store: BoardStore, _ build: (BoardCommands) throws -> EventDraft) throws -> Event {
    let event = try store.perform(now: try now(), build)
    for notice in store.takeNotices() { warn("note: " + SafeText.line(notice)) }
    return event
}

func warn(_ text: String) {
    writeError(text)
}

/// Every message to stderr goes through here. Messages quote what people typed and what files
/// hold (a deal's title, a broken pipeline.toml line, a journal line), so their control and
/// bidi characters are shown visibly (`SafeText.lines`); the message's own line breaks stay.
func writeError(_ text: String) {
    FileHandle.standardError.write(Data(("dealboard: " + SafeText.lines(text) + "\n").utf8))
}

/// The clock for this run (DEALBOARD_NOW fixes it).
func now() throws -> Date {
    do { return try BoardClock.now() } catch { throw Failure.error("\(error)") }
}

/// Errors that end a command with a message on stderr and a meaningful exit status.
enum Failure: Error, CustomStringConvertible {
    /// A move refused by exit criteria, or an action this user may not take: status 1.
    case refused(String)
    /// Anything else: status 2.
    case error(String)

    var description: String {
        switch self {
        case .refused(let m), .error(let m): return m
        }
    }

    var code: Int32 {
        switch self {
        case .refused: return 1
        case .error: return 2
        }
    }
}

extension ParsableCommand {
    /// Runs a command body, turning our errors into a message and an exit status.
    /// `paging`: a long output, through the pager on a terminal (see `Pager`); the pager is
    /// done with before an error is written, so the message is not lost behind it.
    func guarded(paging: PagerOption? = nil, _ body: () throws -> Void) throws {
        if let paging, let pager = Pager.forTerminal(disabled: paging.noPager) {
            return try guarded { try pager.run(body) }
        }
        // What the store noticed on its own and nobody has said yet (a lock it cannot use, met
        // while opening for a read): once, at the end of the command.
        defer { for store in openedStores { for notice in store.takeNotices() { warn("note: " + SafeText.line(notice)) } } }
        do {
            try body()
        } catch let f as Failure {
            writeError(f.description)
            throw ExitCode(f.code)
        } catch CommandError.unchanged(let message) {
            // Nothing to do is not a failure: said on stdout, status 0, nothing written.
            printOut(SafeText.line(message))
        } catch let e as CommandError {
            let f = Failure.from(e)
            writeError(f.description)
            throw ExitCode(f.code)
        } catch let e as ExitCode {
            throw e
        } catch {
            writeError("\(error)")
            throw ExitCode(2)
        }
    }
}

extension Failure {
    static func from(_ e: CommandError) -> Failure {
        // A refusal lists its criteria one per line (each already one safe line); every other
        // message is one line by design, so a line break in the value it quotes is shown as ⏎.
        switch e {
        case .refused: return .refused(e.description)
        case .notPermitted: return .refused(SafeText.line(e.description))
        case .noSuchDeal, .invalid, .unchanged: return .error(SafeText.line(e.description))
        case .needsConfirmation: return .refused(SafeText.line(e.description + "; if it is right, run the command again with --yes"))
        }
    }
}

/// Output formats of the reading commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, text, csv, json
}

/// Every line the command line prints goes through here. The renderers have already shown
/// each value's control characters visibly, one field at a time (`SafeText.line`: a line break
/// typed into a title is `⏎`, so it cannot forge a line of `history`); this is the last line of
/// defence for anything that slipped through: controls other than our own line breaks and tabs
/// are shown visibly too. Already safe text passes unchanged.
func printOut(_ text: String) {
    let safe = SafeText.lines(text)
    let data = Data((safe + (safe.hasSuffix("\n") ? "" : "\n")).utf8)
    if let pager = Pager.current { pager.write(data) } else { FileHandle.standardOutput.write(data) }
}

/// JSON goes out as the encoder's bytes. The encoder escapes every character `SafeText` would
/// show visibly (controls, C1, bidi controls, line separators) as \uXXXX, so the last line of
/// defence has nothing to change there; going through it copied a 10,000-deal report's 4 MB
/// (43 MB at 100,000 deals) into new strings three times.
func printJSON(_ value: JSONValue) {
    printJSON { $0.value(value) }
}

/// JSON written as it is made, a chunk at a time: a 100,000-deal report (43 MB) never sits
/// whole in memory.
func printJSON(_ write: (inout JSONStream) -> Void) {
    var out = JSONStream { bytes in
        let data = Data(bytes)
        if let pager = Pager.current { pager.write(data) } else { FileHandle.standardOutput.write(data) }
    }
    write(&out)
    out.finishLine()
}
