import Foundation
import Pipeline
import Terminal

/// What the board screen remembers: the selected column and card, the filter, "my deals", the
/// folded Won/Lost columns, and how far each column is scrolled (settled in the update).
struct BoardSelection {
    var column = 0
    var firstColumn = 0
    var cardIndex: [String: Int] = [:]
    var firstCard: [String: Int] = [:]
    var filter = ""
    var myDeals = false
    /// Won and Lost columns folded away (their counts stay in the title bar).
    var closedFolded = false
    /// The selected deal, so the selection stays on it when the board changes under it.
    var selectedNumber: Int?
}

/// The board's columns and its selected deal, as every screen and action sees them.
extension BoardApp {
    var column: Int { get { board.column } set { board.column = newValue } }
    var firstColumn: Int { get { board.firstColumn } set { board.firstColumn = newValue } }
    var cardIndex: [String: Int] { get { board.cardIndex } set { board.cardIndex = newValue } }
    var firstCard: [String: Int] { get { board.firstCard } set { board.firstCard = newValue } }
    var filter: String { get { board.filter } set { board.filter = newValue } }
    var myDeals: Bool { get { board.myDeals } set { board.myDeals = newValue } }
    var closedFolded: Bool { get { board.closedFolded } set { board.closedFolded = newValue } }
    var selectedNumber: Int? { get { board.selectedNumber } set { board.selectedNumber = newValue } }

    /// The columns on screen: every stage, or only the open ones when Won/Lost are folded.
    /// Asked for many times per key and frame: built once per change of the board, the rules
    /// or the fold of Won/Lost.
    var stages: [Stage] {
        let key = StagesKey(stateChanges: store.stateChanges, pipeline: pipelineGeneration, folded: closedFolded)
        if let cached = stagesCache, cached.key == key { return cached.stages }
        let declared = closedFolded ? pipeline.stages.filter(\.isOpen) : pipeline.stages
        let all = declared + orphanStages
        stagesCache = (key, all)
        return all
    }

    /// Deals whose stage pipeline.toml no longer declares (a key renamed or removed) get a
    /// column of their own at the end, so they never silently drop off the board.
    var orphanStages: [Stage] {
        let declared = pipeline.stages.map(\.key)
        var keys: [String] = []
        // By index: a `for d in` copies every deal (a large value) just to read its stage. A
        // scan of the few stage keys, not a hash of each deal's.
        let deals = store.state.deals
        var last = ""
        for i in deals.indices where !deals[i].deleted {
            let stage = deals[i].stage
            if stage == last { continue }
            last = stage
            if !declared.contains(stage), !keys.contains(stage) { keys.append(stage) }
        }
        return keys.sorted().map { Stage(key: $0, name: "? \($0) (not in pipeline.toml)", probability: 0, targetDays: nil, kind: .open) }
    }

    /// The cards of a stage, after the filter and "my deals".
    func deals(in stage: Stage) -> StageCards {
        refreshCards()
        return StageCards(store: store, positions: cardsCache.cards[stage.key] ?? [])
    }

    /// The total of a stage's cards (after the filter), as its column header shows it.
    func total(in stage: Stage) -> MoneySum {
        refreshCards()
        return cardsCache.totals[stage.key] ?? .zero
    }

    private func refreshCards() {
        // Keyed on every change of the state, not its event count: the columns hold positions
        // in the state's deals, which a replay after a replaced journal may renumber.
        let key = (store.stateChanges, filter, myDeals, pipelineGeneration)
        guard key != cardsCache.key else { return }
        // Each column keeps the positions of its deals, not copies of them: copying 10,000
        // deals (a dozen reference counts each) was most of building the columns, and the
        // copies a fifth of a 100,000-deal board's memory.
        var keys: [String] = []
        var lists: [[Int32]] = []
        var sums: [MoneySum] = []
        var slot = -1
        let needle = filter.lowercased()
        let deals = store.state.deals
        for i in deals.indices where !deals[i].deleted {
            // Mine: owned by my login, or by my name in [[people]].
            if myDeals, !pipeline.isOwned(by: store.user, owner: deals[i].owner) { continue }
            if !needle.isEmpty {
                let d = deals[i]
                let hay = "#\(d.number) \(d.title) \(d.company) \(d.owner)".lowercased()
                if !hay.contains(needle) { continue }
            }
            // The few stage keys scanned, the last one first (deals of a stage often come together).
            let stage = deals[i].stage
            if slot < 0 || keys[slot] != stage {
                if let found = keys.firstIndex(of: stage) {
                    slot = found
                } else {
                    keys.append(stage)
                    lists.append([])
                    sums.append(.zero)
                    slot = keys.count - 1
                }
            }
            lists[slot].append(Int32(i))
            sums[slot] += deals[i].amount
        }
        cardsCache = (key, Dictionary(uniqueKeysWithValues: zip(keys, lists)), Dictionary(uniqueKeysWithValues: zip(keys, sums)))
    }

    var currentStage: Stage { stages[min(column, stages.count - 1)] }

    /// The deal an action works on: the walk's current deal while walking stuck deals, else
    /// the selected card.
    var actingDeal: Deal? {
        if let w = home as? Walk { return store.state.deal(number: w.current) }
        if let d = home as? DetailScreen { return store.state.deal(number: d.number) }
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

    func click(x: Int, y: Int) {
        guard let hit = boardLayout().hit(x: x, y: y) else { return }
        column = hit.column
        if let card = hit.card { cardIndex[stages[hit.column].key] = card }
        selectedNumber = selectedDeal?.number
    }


}
