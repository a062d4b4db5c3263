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
    public private(set) var wantsQuit = false

    var mode: Mode = .board
    /// The screen that overlays (prompts, pickers, the panel, help) return to when they close:
    /// the board, the review screen, or the walk through stuck deals.
    var home: Mode = .board
    /// Where Esc goes from a deal's detail: the board, or the review screen it was opened from.
    /// (While the detail is open, `home` is the detail itself, so what its keys open — a
    /// prompt, a picker, the fill-in panel — comes back to it.)
    var detailReturn: Mode = .board
    var column = 0
    var firstColumn = 0
    var cardIndex: [String: Int] = [:]
    var firstCard: [String: Int] = [:]
    var filter = ""
    var myDeals = false
    /// Won and Lost columns folded away (their counts stay in the title bar).
    var closedFolded = false
    /// Opens the user's $EDITOR on a text and returns the edited text (set by the terminal loop;
    /// nil in tests and where no editor can run).
    public var editText: ((String) -> Result<String, EditorFailure>)?
    /// The last review computed, and the size the review screen was drawn at (for paging).
    var reviewCache: (key: ReviewCacheKey, report: ReviewReport)?
    var stagesCache: (key: StagesKey, stages: [Stage])?
    /// The terminal's size: it arrives as an event (`resize`), and every scroll offset is
    /// settled against it in the update, so a frame is a function of the state.
    public private(set) var size = Size(width: 80, height: 24)
    /// Too small to draw anything but a message.
    var tooSmall: Bool { size.width < Self.minWidth || size.height < Self.minHeight }
    /// Ctrl-L: the terminal should repaint every cell (something else wrote over the screen).
    public var wantsRepaint = false

    /// A prompt or form holds text the user typed: leaving now would lose it.
    public var hasTypedInput: Bool {
        switch mode {
        case .prompt(let p): return p.guardsInput || (p.typed && !p.text.isEmpty && p.changed == nil)
        case .form(let f): return f.changed
        case .panel(let p): if case .create = p.purpose { return true } else { return false }
        default: return false
        }
    }
    /// The period the review screen showed last: coming back keeps it.
    var reviewWindow: ReviewWindow = .week
    /// The rep the review screen is narrowed to (`o`), or nil for the whole team.
    var reviewOwner: String?
    /// Counts reloads of pipeline.toml, so figures computed under the old rules are not reused.
    var pipelineGeneration = 0
    var reviewLinesCache: (key: ReviewCacheKey?, width: Int, lines: [ReportLine])?
    /// The selected deal, so the selection stays on it when the board changes under it.
    var selectedNumber: Int?

    public init(store: BoardStore, keymap: Keymap = .defaults, unicode: Bool = true, clock: @escaping () -> Date) {
        self.store = store
        self.keymap = keymap
        self.unicode = unicode
        self.clock = clock
        if let first = stages.firstIndex(where: { !deals(in: $0).isEmpty }) { column = first }
        selectedNumber = selectedDeal?.number
        let refused = store.state.disallowed.count
        let unread = store.state.unreadValues.count
        if refused > 0 {
            say("\(store.state.liveDeals.count) deals; \(refused) journal event(s) not applied (not allowed by the rules): dealboard check", error: true)
        } else if unread > 0 {
            say("\(store.state.liveDeals.count) deals; \(unread) money value(s) in the journal not read (out of range or not an amount): dealboard check", error: true)
        } else {
            say("\(store.state.liveDeals.count) deals. ? for help, q to quit")
        }
    }

    var pipeline: PipelineDefinition { store.pipeline }
    /// The marks to draw with: Unicode, or ASCII where the terminal has none.
    var glyphs: Glyphs { .of(unicode: unicode) }
    /// The columns on screen: every stage, or only the open ones when Won/Lost are folded.
    /// Asked for many times per key and frame: built once per change of the board, the rules
    /// or the fold of Won/Lost.
    var stages: [Stage] {
        let key = StagesKey(events: store.state.eventCount, pipeline: pipelineGeneration, folded: closedFolded)
        if let cached = stagesCache, cached.key == key { return cached.stages }
        let declared = closedFolded ? pipeline.stages.filter(\.isOpen) : pipeline.stages
        let all = declared + orphanStages
        stagesCache = (key, all)
        return all
    }

    /// Deals whose stage pipeline.toml no longer declares (a key renamed or removed) get a
    /// column of their own at the end, so they never silently drop off the board.
    var orphanStages: [Stage] {
        let declared = Set(pipeline.stages.map(\.key))
        var keys = Set<String>()
        for d in store.state.deals where !d.deleted && !declared.contains(d.stage) { keys.insert(d.stage) }
        return keys.sorted().map { Stage(key: $0, name: "? \($0) (not in pipeline.toml)", probability: 0, targetDays: nil, kind: .open) }
    }

    // MARK: Columns

    private var cacheKey: (Int, String, Bool, Int) = (-1, "", false, -1)
    private var cache: [String: [Deal]] = [:]

    /// The cards of a stage, after the filter and "my deals".
    func deals(in stage: Stage) -> [Deal] {
        let key = (store.state.eventCount, filter, myDeals, pipelineGeneration)
        if key != cacheKey {
            cache = [:]
            let needle = filter.lowercased()
            for d in store.state.deals where !d.deleted {
                // Mine: owned by my login, or by my name in [[people]].
                if myDeals, !pipeline.isOwned(by: store.user, owner: d.owner) { continue }
                if !needle.isEmpty {
                    let hay = "#\(d.number) \(d.title) \(d.company) \(d.owner)".lowercased()
                    if !hay.contains(needle) { continue }
                }
                cache[d.stage, default: []].append(d)
            }
            cacheKey = key
        }
        return cache[stage.key] ?? []
    }

    var currentStage: Stage { stages[min(column, stages.count - 1)] }

    /// The deal an action works on: the walk's current deal while walking stuck deals, else
    /// the selected card.
    var actingDeal: Deal? {
        if case .walk(let w) = home { return store.state.deal(number: w.current) }
        if case .detail(let n, _) = home { return store.state.deal(number: n) }
        return selectedDeal
    }

    var selectedDeal: Deal? {
        let list = deals(in: currentStage)
        guard !list.isEmpty else { return nil }
        let i = min(max(0, cardIndex[currentStage.key] ?? 0), list.count - 1)
        return list[i]
    }

    /// Puts the selection on a deal (after it moved, or changed under us).
    func select(number: Int) {
        guard let d = store.state.deal(number: number), let col = stages.firstIndex(where: { $0.key == d.stage }) else { return }
        column = col
        if let i = deals(in: stages[col]).firstIndex(where: { $0.number == number }) { cardIndex[d.stage] = i }
        selectedNumber = number
    }

    /// A message for the status line from outside (the demo says where its board lives).
    public func announce(_ text: String) { say(text) }

    /// After a filter: if the selected column has no match but another has, go there, so the
    /// deal keys act on a match instead of answering "no deal selected".
    func followMatches() {
        guard deals(in: currentStage).isEmpty, let col = stages.firstIndex(where: { !deals(in: $0).isEmpty }) else { return }
        column = col
        selectedNumber = selectedDeal?.number
    }

    /// After the visible cards changed (filter, my deals): stay on the selected deal if it is
    /// still shown, else keep the index within the column.
    func reselect() {
        if let n = selectedNumber, let i = deals(in: currentStage).firstIndex(where: { $0.number == n }) {
            cardIndex[currentStage.key] = i
        } else {
            cardIndex[currentStage.key] = min(cardIndex[currentStage.key] ?? 0, max(0, deals(in: currentStage).count - 1))
        }
    }

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

    func dispatch(_ key: KeyEvent) {
        switch mode {
        case .board: handleBoard(key)
        case .help(let scroll): handleScroll(key, scroll: scroll) { .help(scroll: $0) }
        case .detail(let n, let scroll): handleDetail(key, number: n, scroll: scroll)
        case .panel(let panel): handlePanel(key, panel)
        case .prompt(let prompt): handlePrompt(key, prompt)
        case .picker(let picker): handlePicker(key, picker)
        case .review(let review): handleReview(key, review)
        case .walk(let walk): handleWalk(key, walk)
        case .form(let form): handleForm(key, form)
        case .notice: handleNotice(key)
        }
    }

    func handleBoard(_ key: KeyEvent) {
        home = .board
        if case .mouse(let x, let y) = key { click(x: x, y: y); return }
        if key == .resize { return }
        guard let action = keymap.action(for: key, in: .board) else {
            if case .char(let c) = key { say("\(c): no such key here (? shows them)") }
            return
        }
        let list = deals(in: currentStage)
        let index = min(cardIndex[currentStage.key] ?? 0, max(0, list.count - 1))
        switch action {
        case .left: column = max(0, column - 1)
        case .right: column = min(stages.count - 1, column + 1)
        case .up: cardIndex[currentStage.key] = max(0, index - 1)
        case .down: cardIndex[currentStage.key] = max(0, min(list.count - 1, index + 1))
        case .pageUp: cardIndex[currentStage.key] = max(0, index - boardGeometry().perColumn)
        case .pageDown: cardIndex[currentStage.key] = max(0, min(list.count - 1, index + boardGeometry().perColumn))
        case .halfPageUp: cardIndex[currentStage.key] = max(0, index - max(1, boardGeometry().perColumn / 2))
        case .halfPageDown: cardIndex[currentStage.key] = max(0, min(list.count - 1, index + max(1, boardGeometry().perColumn / 2)))
        case .first: cardIndex[currentStage.key] = 0
        case .last: cardIndex[currentStage.key] = max(0, list.count - 1)
        case .open:
            if let d = selectedDeal { openDetail(d.number) } else { say("no deal selected") }
        case .cancel:
            if !filter.isEmpty || myDeals {
                filter = ""
                myDeals = false
                reselect()
                say("filter cleared")
            }
        case .moveForward: moveSelected(.next)
        case .moveBack: moveBackSelected()
        case .won: wonSelected()
        case .lost: lostSelected()
        case .tickChecks: openChecks()
        case .newDeal: newDeal()
        case .edit: editSelected()
        case .logActivity: logActivitySelected()
        case .undo: undo()
        case .filter: openFilter()
        case .myDeals:
            myDeals.toggle()
            reselect()
            say((myDeals ? "showing only deals owned by \(store.user)" : "showing everyone's deals") + (filter.isEmpty ? "" : " matching \"\(filter)\""))
            followMatches()
        case .review: openReview()
        case .help: mode = .help(scroll: 0)
        case .quit: wantsQuit = true
        case .collapse:
            let keep = selectedNumber
            closedFolded.toggle()
            column = min(column, stages.count - 1)
            if let keep, let d = store.state.deal(number: keep), stages.contains(where: { $0.key == d.stage }) { select(number: keep) }
            say(closedFolded ? "Won and Lost folded (z unfolds)" : "Won and Lost shown")
        case .force, .walk, .stuckList, .period, .owner, .reviewDone, .nextDeal, .previousDeal, .nextStep, .repaint: break
        }
        if case .board = mode { selectedNumber = selectedDeal?.number }
    }

    func handleScroll(_ key: KeyEvent, scroll: Int, _ make: (Int) -> Mode) {
        switch keymap.action(for: key, in: .panel) {
        case .up: mode = make(max(0, scroll - 1))
        case .down: mode = make(scroll + 1)
        case .pageUp: mode = make(max(0, scroll - 10))
        case .pageDown: mode = make(scroll + 10)
        case .halfPageUp: mode = make(max(0, scroll - Self.halfPage(size.height - 4)))
        case .halfPageDown: mode = make(scroll + Self.halfPage(size.height - 4))
        case .first: mode = make(0)
        case .cancel, .quit, .open, .help: mode = home
        default:
            if key == .resize { return }
            mode = make(scroll)
        }
    }

    /// A deal in full, over the screen it was opened from.
    func openDetail(_ number: Int) {
        detailReturn = home
        mode = .detail(number: number, scroll: 0)
    }

    /// The deal keys that act on the deal whose detail is open, as they do on the selected card.
    static let detailActions: [Action] = [.moveForward, .moveBack, .edit, .logActivity, .tickChecks, .won, .lost]

    /// The detail scrolls like any long text; the deal keys act on the deal shown (not on
    /// whatever card is selected under it), and what they open comes back to the detail.
    func handleDetail(_ key: KeyEvent, number: Int, scroll: Int) {
        if let action = keymap.action(for: key, in: .board), Self.detailActions.contains(action) {
            home = .detail(number: number, scroll: scroll)
            switch action {
            case .moveForward: moveSelected(.next)
            case .moveBack: moveBackSelected()
            case .edit: editSelected()
            case .logActivity: logActivitySelected()
            case .tickChecks: openChecks()
            case .won: wonSelected()
            case .lost: lostSelected()
            default: break
            }
            return
        }
        switch keymap.action(for: key, in: .panel) {
        case .cancel, .quit, .open:
            closeDetail()
        case .help:
            home = .detail(number: number, scroll: scroll)
            mode = .help(scroll: 0)
        default:
            handleScroll(key, scroll: scroll) { .detail(number: number, scroll: $0) }
        }
    }

    func closeDetail() {
        mode = detailReturn
        home = detailReturn
    }

    func click(x: Int, y: Int) {
        guard let hit = boardLayout().hit(x: x, y: y) else { return }
        column = hit.column
        if let card = hit.card { cardIndex[stages[hit.column].key] = card }
        selectedNumber = selectedDeal?.number
    }


    // MARK: Live changes

    /// Folds in what other writers appended. Returns true when the board changed.
    @discardableResult
    public func tick() -> Bool {
        let hadProblem = store.pipelineProblem
        if store.reloadPipelineIfChanged() {
            pipelineGeneration += 1
            column = min(column, stages.count - 1)
            if case .panel(let p) = mode { rebuild(p, byOthers: true) }
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
            // "bob #7 moved Discovery → Demo": the history line without its date and time.
            let text = DealText.event(last, state: store.state, pipeline: pipeline)
            let what = text.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).joined(separator: " ")
            say(fresh.count == 1 ? what : "\(what)  (+\(fresh.count - 1) more change\(fresh.count == 2 ? "" : "s"))")
        }
        if let keep, store.state.deal(number: keep) != nil { select(number: keep) }
        if case .panel(let p) = mode { rebuild(p, byOthers: true) }
        return true
    }
}

/// Why the editor gave nothing back (not found, or it exited with an error): said in the prompt.
public struct EditorFailure: Error, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

struct StagesKey: Equatable {
    var events: Int
    var pipeline: Int
    var folded: Bool
}
