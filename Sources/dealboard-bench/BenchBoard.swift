import Foundation
import Pipeline
import Store

/// The bench's board: N deals with realistic history (the demo's), topped up with activities to
/// the event count, written through the store in chunks of 1,000 events, each chunk by the next
/// author into that author's own journal. Made once per folder; a folder that has a
/// pipeline.toml is reused as it is.
enum BenchBoard {
    /// The instant the board's history ends at (and the fixed "now" of the processes timed on it).
    static let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    /// The authors of a board with `authors` journals: simulated reps (journal/repNN.jsonl), or
    /// with one author the user running the bench, so that the real binary credits the journal
    /// to a Unix user and opens it as that user.
    static func reps(authors: Int) -> [String] {
        authors == 1 ? [ProcessInfo.processInfo.userName] : (1...authors).map { String(format: "rep%02d", $0) }
    }

    static func makeIfMissing(dir: String, deals: Int, events targetEvents: Int, authors: Int) throws {
        guard !FileManager.default.fileExists(atPath: dir + "/pipeline.toml") else { return }
        let reps = reps(authors: authors)
        let t = monotonic()
        try BoardInit.create(folder: dir, template: "b2b", sharedGroup: nil)
        let store = try BoardStore(folder: dir, user: reps[0], snapshots: .off)
        var events = DemoBoard(deals: deals, days: 365, seed: 42, user: store.user, progress: 0.3).events(pipeline: store.pipeline, now: now)
        // Top up with activities on random deals so the journal has the event count asked for.
        var rng = SplitMix64(seed: 7)
        let created = events.filter { $0.type == EventType.dealCreated }
        var extra: [Event] = []
        while events.count + extra.count < targetEvents {
            let d = created[Int(rng.next(below: UInt64(created.count)))]
            let ts = d.timestamp.addingTimeInterval(Double(rng.next(below: UInt64(max(1, now.timeIntervalSince(d.timestamp))))))
            extra.append(Event(id: BoardStore.newID(), timestamp: ts, user: store.user, type: EventType.activityLogged, deal: d.id, number: d.number,
                               data: .obj([("kind", "call"), ("text", "Follow-up call about the proposal and next steps")])))
        }
        events += extra
        events.sort { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
        // In chunks, each by the next rep, through that rep's own store (their own journal file).
        let stores = try [store] + reps.dropFirst().map { try BoardStore(folder: dir, user: $0, snapshots: .off) }
        var at = 0
        var turn = 0
        while at < events.count {
            let author = stores[turn % stores.count]
            let chunk = events[at..<min(events.count, at + 1000)].map { e -> Event in var e = e; e.user = author.user; return e }
            try author.append(chunk)
            at += chunk.count
            turn += 1
        }
        say("generated \(dir) in \(String(format: "%.1f", monotonic() - t)) s")
    }
}
