import Foundation
import Pipeline
import Store

/// What the title bar says about a board synced through git.
struct SyncInfo {
    var waiting: Int
    var lastSync: Date?
}

/// `S`: the board synced through git from the full-screen board, as `dealboard sync` does.
extension BoardApp {
    /// Says "syncing…" first: the sync itself (the network) runs once that frame is drawn.
    func requestSync() {
        guard store.files.gitOwner != nil else {
            say("not a board synced through git: dealboard init --git REMOTE makes it one (see the README)", error: true)
            return
        }
        hasPendingWork = true
        say("syncing…")
    }

    /// The work a key asked for that takes long (a sync): run by the terminal loop right after
    /// the frame that says so.
    public func doPendingWork() {
        guard hasPendingWork else { return }
        hasPendingWork = false
        // No password prompt may write over the board: ssh runs in batch mode.
        let sync = BoardSync(files: store.files, batch: true)
        let refusedBefore = store.state.disallowed.count, notesBefore = store.state.notes.count
        do {
            let r = try sync.sync(now: clock()) { body in try store.withLock(body) }
            let sent = r.sent.values.reduce(0, +), received = r.received.values.reduce(0, +)
            _ = foldOthers()
            if received > 0 || r.rulesChanged { store.saveSnapshot() }
            // What the merge brought that the rules did not allow, or that was changed on two
            // machines apart: said now, listed by dealboard check.
            let refused = store.state.disallowed.count - refusedBefore, noted = store.state.notes.count - notesBefore
            let conflicts = refused + noted
            say("synced with \(r.upstream): sent \(sent) event\(sent == 1 ? "" : "s"), received \(received)"
                + (r.rulesChanged ? "; the rules changed on another machine" : "")
                + (conflicts > 0 ? "; \(conflicts) conflict\(conflicts == 1 ? "" : "s") settled by the rules: dealboard check" : ""),
                error: conflicts > 0)
        } catch {
            say("sync: \(error)", error: true)
        }
        syncCheckedAt = -1
        settle()
    }

    /// Asks git what waits to go out, when the board has changed since it last asked.
    /// Runs after every key (`settle`): it costs nothing until the board gains an event.
    func refreshSyncInfo() {
        let events = store.state.eventCount
        guard syncCheckedAt != events else { return }
        syncCheckedAt = events
        guard store.files.gitOwner != nil, let pending = BoardSync(files: store.files, batch: true).pending() else {
            syncInfo = nil
            return
        }
        syncInfo = SyncInfo(waiting: pending.waiting, lastSync: pending.lastSync)
    }

    /// "3 to sync · synced 14:02", for the title bar.
    var syncTitle: String? {
        guard let info = syncInfo else { return nil }
        // Today: the time; before: the day ("synced 14:02", "synced 2026-11-30").
        let last = info.lastSync.map { at -> String in
            let when = pipeline.timeZone.minute(at).split(separator: " ")
            let today = pipeline.timeZone.minute(clock()).split(separator: " ").first
            return "synced " + String(when.count >= 2 && when.first == today ? when[1] : when.first ?? "")
        } ?? "never synced"
        return info.waiting == 0 ? last : "\(info.waiting) to sync \(glyphs.dot) \(last)"
    }
}
