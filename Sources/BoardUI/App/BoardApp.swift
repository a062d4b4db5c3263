import Foundation
import Pipeline
import Store
import Terminal

/// The board's state and its update function: keys in, commands to the store, state out.
/// Views draw it into a `Screen`; nothing here touches the terminal, so tests drive it with
/// key events and read the screen as text.
public final class BoardApp {
    public let store: BoardStore
    public var keymap: Keymap
    let clock: () -> Date
    /// Whether the terminal shows Unicode; else ASCII fallbacks for marks and badges.
    public var unicode: Bool
    public private(set) var status = ""
    public private(set) var statusIsError = false
    public internal(set) var wantsQuit = false

    /// The screen on top: it gets the keys.
    var mode: AppScreen = BoardScreen()
    /// The screen that overlays (prompts, pickers, the panel, help) return to when they close:
    /// the board, the review screen, or the walk through stuck deals.
    var home: AppScreen = BoardScreen()
    /// Where Esc goes from a deal's detail: the board, or the review screen it was opened from.
    /// (While the detail is open, `home` is the detail itself, so what its keys open — a
    /// prompt, a picker, the fill-in panel — comes back to it.)
    var detailReturn: AppScreen = BoardScreen()
    /// The board's selection, filter and scroll offsets (the board is always under the other
    /// screens, and every deal action works on its selected deal).
    var board = BoardSelection()
    /// Opens the user's $EDITOR on a text and returns the edited text (set by the terminal loop;
    /// nil in tests and where no editor can run).
    public var editText: ((String) -> Result<String, EditorFailure>)?
    /// The last review computed, and the size the review screen was drawn at (for paging).
    var reviewCache: (key: ReviewCacheKey, report: ReviewReport)?
    var stagesCache: (key: StagesKey, stages: [Stage])?
    /// The cards of each column after the filter, built once per change of the board or filter.
    /// Each stage's cards after the filter, and their total, for one state of the board: kept
    /// until an event, the filter or the pipeline changes, so a cursor key neither filters nor
    /// re-sums 10,000 deals.
    var cardsCache: (key: (stateChanges: Int, filter: String, mine: Bool, pipeline: Int), cards: [String: [Int32]], totals: [String: MoneySum]) = ((-1, "", false, -1), [:], [:])
    /// What each drawn card says (`CardText`), kept while the board, the rules and the minute
    /// stay the same: working out a card's health (its exit criteria) on every frame was most
    /// of a cursor key's work.
    var cardTexts: (key: CardText.Key, texts: [String: CardText]) = (CardText.Key(stateChanges: -1, pipeline: -1, minute: 0), [:])
    /// The terminal's size: it arrives as an event (`resize`), and every scroll offset is
    /// settled against it in the update, so a frame is a function of the state.
    public private(set) var size = Size(width: 80, height: 24)
    /// Too small to draw anything but a message.
    var tooSmall: Bool { size.width < Self.minWidth || size.height < Self.minHeight }
    /// Ctrl-L: the terminal should repaint every cell (something else wrote over the screen).
    public var wantsRepaint = false

    /// A prompt or form holds text the user typed: leaving now would lose it.
    public var hasTypedInput: Bool { mode.holdsTypedInput }
    /// The period the review screen showed last: coming back keeps it.
    var reviewWindow: ReviewWindow = .week
    /// The rep the review screen is narrowed to (`o`), or nil for the whole team.
    var reviewOwner: String?
    /// Counts reloads of pipeline.toml, so figures computed under the old rules are not reused.
    var pipelineGeneration = 0
    var reviewLinesCache: (key: ReviewCacheKey?, width: Int, lines: [ReportLine])?
    /// On a board synced through git: how many events wait to go out and when the last sync
    /// was, worked out again when the board gains events (`BoardApp+Sync`). nil elsewhere.
    var syncInfo: SyncInfo?
    /// The board's event count when `syncInfo` was worked out: a new event means asking again.
    var syncCheckedAt = -1
    /// `S` was pressed: the sync runs after the "syncing…" frame is drawn (`doPendingWork`).
    public internal(set) var hasPendingWork = false

    public init(store: BoardStore, keymap: Keymap = .defaults, unicode: Bool = true, clock: @escaping () -> Date) {
        self.store = store
        self.keymap = keymap
        self.unicode = unicode
        self.clock = clock
        if let first = stages.firstIndex(where: { !deals(in: $0).isEmpty }) { column = first }
        selectedNumber = selectedDeal?.number
        refreshSyncInfo()
        let refused = store.state.disallowed.count
        let unread = store.state.unreadValues.count
        if refused > 0 {
            say("\(store.state.liveDealCount) deals; \(refused) journal event(s) not applied (not allowed by the rules): dealboard check", error: true)
        } else if unread > 0 {
            say("\(store.state.liveDealCount) deals; \(unread) money value(s) in the journal not read (out of range or not an amount): dealboard check", error: true)
        } else {
            say("\(store.state.liveDealCount) deals. ? for help, q to quit")
        }
    }

    var pipeline: PipelineDefinition { store.pipeline }
    /// The marks to draw with: Unicode, or ASCII where the terminal has none.
    var glyphs: Glyphs { .of(unicode: unicode) }
    /// A message for the status line from outside (the demo says where its board lives).
    public func announce(_ text: String) { say(text) }

    func say(_ text: String, error: Bool = false) {
        status = text
        statusIsError = error
    }

    // MARK: Input

    /// The terminal has a new size: every scroll offset is settled against it.
    public func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        settle()
    }

    /// Handles one key. Returns false when the app wants to quit.
    @discardableResult
    public func handle(_ key: KeyEvent) -> Bool {
        if tooSmall, key != .resize {
            if keymap.action(for: key, in: .everywhere) == .quit, !hasTypedInput { wantsQuit = true }
            return !wantsQuit
        }
        if keymap.action(for: key, in: .everywhere) == .repaint {
            wantsRepaint = true
            return true
        }
        dispatch(key)
        settle()
        return !wantsQuit
    }

    /// The screen on top gets the key.
    func dispatch(_ key: KeyEvent) {
        mode.update(key, self)
    }

    /// A deal in full, over the screen it was opened from.
    func openDetail(_ number: Int) {
        detailReturn = home
        mode = DetailScreen(number: number, scroll: 0)
    }


    func closeDetail() {
        mode = detailReturn
        home = detailReturn
    }

    // MARK: Live changes

    /// Folds in what other writers appended. Returns true when the board changed (and settles
    /// the screens on the new board, as a key does).
    @discardableResult
    public func tick() -> Bool {
        let changed = foldOthers()
        if changed { settle() }
        return changed
    }

    func foldOthers() -> Bool {
        let hadProblem = store.pipelineProblem
        if store.reloadPipelineIfChanged() {
            pipelineGeneration += 1
            column = min(column, stages.count - 1)
            if let p = mode as? Panel { rebuild(p, byOthers: true) }
            let orphans = orphanStages
            // The journal was folded again under the new rules: say if they refuse some of it.
            let refused = store.state.disallowed.count
            let notApplied = refused == 0 ? "" : "; \(refused) journal event(s) not applied under these rules: dealboard check"
            say((orphans.isEmpty ? "pipeline.toml changed: the board now uses its new stages and rules"
                 : "pipeline.toml changed; deals in stages it no longer has are in the last column(s): " + orphans.map(\.key).joined(separator: ", ")) + notApplied,
                error: !orphans.isEmpty || refused > 0)
            return true
        }
        if let problem = store.pipelineProblem, problem != hadProblem {
            say("pipeline.toml no longer loads; changes are refused until it is fixed (dealboard check): \(problem)", error: true)
            return true
        }
        let fresh: [Event]
        do { fresh = try store.refresh() } catch {
            say("cannot read the board: \(error)", error: true)
            return false
        }
        // A journal replaced or cut short, a damaged line, a line nobody can be credited with:
        // said on the status line at once, not only after quitting.
        let notices = store.takeNotices()
        if let last = notices.last {
            say(notices.count == 1 ? last : "\(last)  (+\(notices.count - 1) more: dealboard check)", error: true)
            if fresh.isEmpty {
                column = min(column, stages.count - 1)
                return true
            }
        }
        guard !fresh.isEmpty else { return false }
        let keep = selectedNumber
        if let last = fresh.last {
            let what = DealText.eventLine(last, state: store.state, pipeline: pipeline)
            say(fresh.count == 1 ? what : "\(what)  (+\(fresh.count - 1) more change\(fresh.count == 2 ? "" : "s"))")
        }
        if let keep, store.state.deal(number: keep) != nil { select(number: keep) }
        if let p = mode as? Panel { rebuild(p, byOthers: true) }
        return true
    }
}

/// Why the editor gave nothing back (not found, or it exited with an error): said in the prompt.
public struct EditorFailure: Error, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

struct StagesKey: Equatable {
    var stateChanges: Int
    var pipeline: Int
    var folded: Bool
}
