import ArgumentParser
import Foundation
import Pipeline
import Store

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send this machine's new events to the board's git remote and take the others'.",
        discussion: """
        The board folder is a git work tree with a remote (dealboard init --git REMOTE). sync commits \
        the journals' new lines (one commit, saying how many events by whom), fetches, merges (the \
        journals merge by keeping both sides' lines), and pushes, once more if the push was \
        rejected. Only the board's owner syncs. A change of the rules (pipeline.toml) travels as a \
        commit of its own; two different rule changes are a conflict for a manager and nothing is \
        merged. Exit status 2 when nothing could be synced.
        """)
    @OptionGroup var board: BoardOption
    @Flag(help: "Say what waits to be sent and when the last sync was; change nothing.") var status = false

    func run() throws {
        try guarded {
            let store = try board.open()
            let sync = BoardSync(files: store.files, batch: sshBatch)
            let flaggedBefore = store.state.disallowed.count
            let notesBefore = store.state.notes.count
            do {
                if status {
                    let s = try sync.status()
                    let who = s.waiting.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    printOut("remote: \(s.upstream ?? s.remote.map { "\($0) (no branch there yet)" } ?? "none (git remote add origin URL)")")
                    printOut("waiting to be sent: \(s.waitingTotal) event\(s.waitingTotal == 1 ? "" : "s")\(who.isEmpty ? "" : " (\(who))")\(s.ahead > 0 ? ", and \(s.ahead) commit\(s.ahead == 1 ? "" : "s") not pushed" : "")")
                    if s.behind > 0 { printOut("on the remote, not merged here: \(s.behind) commit\(s.behind == 1 ? "" : "s") (as of the last fetch)") }
                    let zone = store.pipeline.timeZone
                    printOut("last sync: \(s.lastSync.map { zone.minute($0) } ?? "never")")
                    return
                }
                let t = try now()
                let r = try sync.sync(now: t) { body in try store.withLock(body) }
                func said(_ counts: [String: Int]) -> String {
                    let total = counts.values.reduce(0, +)
                    guard total > 0 else { return "no events" }
                    return "\(total) event\(total == 1 ? "" : "s") (" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
                }
                printOut("sent \(said(r.sent)), received \(said(r.received)); up to date with \(r.upstream)\(r.retried ? " (pushed again after a rejected push)" : "")")
                if r.rulesChanged { printOut("the rules (pipeline.toml) changed on another machine: they apply from now") }
                // What the merged board holds that its rules did not allow (a move on one machine
                // whose criteria were unticked on another): kept, and said.
                // The open store catches up with what the merge appended (and new rules), rather
                // than a second open of the whole board.
                _ = store.reloadPipelineIfChanged()
                _ = try store.refresh()
                _ = store.takeNotices()     // each one is counted in the summary below; check lists them
                if !r.received.isEmpty || r.rulesChanged { store.saveSnapshot() }
                let merged = store
                let flagged = merged.state.disallowed.count - flaggedBefore
                let noted = merged.state.notes.count - notesBefore
                if noted > 0 { printOut("\(noted) change\(noted == 1 ? "" : "s") made apart on two machines (renumbered deals, edits of the same field): dealboard check lists them") }
                if flagged > 0 { printOut("\(flagged) merged event\(flagged == 1 ? "" : "s") did not hold under the rules (kept, not applied): dealboard check lists them") }
            } catch let e as BoardSync.Failure {
                throw Failure.error(e.description)
            }
        }
    }
}
