import Foundation
import Pipeline
import Store
import Terminal

/// The board: a column per stage, a card per deal. Its selection and scroll offsets live in the
/// app (every deal action works on the selected deal, and the board is always under the other
/// screens); this type routes the board's keys and draws it.
struct BoardScreen: AppScreen {
    var covers: Bool { true }

    func statusKeys(_ app: BoardApp) -> StatusKeys {
        .bound([(.newDeal, "new"), (.filter, "filter"), (.logActivity, "log"), (.moveForward, "move on"), (.open, "open"), (.help, "help"), (.quit, "quit")], in: .board)
    }

    func update(_ key: KeyEvent, _ app: BoardApp) {
        app.home = BoardScreen()
        if case .mouse(let x, let y) = key { app.click(x: x, y: y); return }
        if key == .resize { return }
        guard let action = app.keymap.action(for: key, in: .board) else {
            if case .char(let c) = key { app.say("\(c): no such key here (? shows them)") }
            return
        }
        let list = app.deals(in: app.currentStage)
        let index = min(app.cardIndex[app.currentStage.key] ?? 0, max(0, list.count - 1))
        switch action {
        case .left: app.column = max(0, app.column - 1)
        case .right: app.column = min(app.stages.count - 1, app.column + 1)
        case .up: app.cardIndex[app.currentStage.key] = max(0, index - 1)
        case .down: app.cardIndex[app.currentStage.key] = max(0, min(list.count - 1, index + 1))
        case .pageUp: app.cardIndex[app.currentStage.key] = max(0, index - app.boardGeometry().perColumn)
        case .pageDown: app.cardIndex[app.currentStage.key] = max(0, min(list.count - 1, index + app.boardGeometry().perColumn))
        case .halfPageUp: app.cardIndex[app.currentStage.key] = max(0, index - max(1, app.boardGeometry().perColumn / 2))
        case .halfPageDown: app.cardIndex[app.currentStage.key] = max(0, min(list.count - 1, index + max(1, app.boardGeometry().perColumn / 2)))
        case .first: app.cardIndex[app.currentStage.key] = 0
        case .last: app.cardIndex[app.currentStage.key] = max(0, list.count - 1)
        case .open:
            if let d = app.selectedDeal { app.openDetail(d.number) } else { app.say("no deal selected") }
        case .cancel:
            if !app.filter.isEmpty || app.myDeals {
                app.filter = ""
                app.myDeals = false
                app.reselect()
                app.say("filter cleared")
            }
        case .moveForward: app.moveSelected(.next)
        case .moveBack: app.moveBackSelected()
        case .won: app.wonSelected()
        case .lost: app.lostSelected()
        case .tickChecks: app.openChecks()
        case .newDeal: app.newDeal()
        case .edit: app.editSelected()
        case .logActivity: app.logActivitySelected()
        case .undo: app.undo()
        case .filter: app.openFilter()
        case .myDeals:
            app.myDeals.toggle()
            app.reselect()
            app.say((app.myDeals ? "showing only deals owned by \(app.store.user)" : "showing everyone's deals") + (app.filter.isEmpty ? "" : " matching \"\(app.filter)\""))
            app.followMatches()
        case .review: app.openReview()
        case .sync: app.requestSync()
        case .help: app.mode = HelpScreen(scroll: 0)
        case .quit: app.wantsQuit = true
        case .collapse:
            let keep = app.selectedNumber
            app.closedFolded.toggle()
            app.column = min(app.column, app.stages.count - 1)
            if let keep, let d = app.store.state.deal(number: keep), app.stages.contains(where: { $0.key == d.stage }) { app.select(number: keep) }
            app.say(app.closedFolded ? "Won and Lost folded (z unfolds)" : "Won and Lost shown")
        default: break     // the keys of other screens (the panel's F, the review's t) mean nothing here
        }
        if app.mode is BoardScreen { app.selectedNumber = app.selectedDeal?.number }
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        app.drawTitle(&s)
        app.drawBoard(&s)
    }
}
