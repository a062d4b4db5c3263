import Foundation
import Pipeline
import Store
import Terminal
import BoardUI   // not @testable: the golden tests use only what the terminal loop uses

/// The board the golden screens show: a real board in a temp folder whose history was written
/// through the store at fixed times, by alice and bob, from the end of September to the
/// morning of `now` — so days in stage, the badges, the detail's logs and the weekly review
/// all have content, and the same content on every machine.
///
/// Deals, in creation order (the number is the order), and where they are at `now`:
///  1 Massive Dynamic        Prospecting since 09-30, no amount, never worked: dormant, stale, over
///  2 Soylent contract       won on 11-18, through every gate
///  3 Oscorp licences        Negotiation since 11-10, every exit criterion met: ready
///  4 Wayne security audit   Proposal since 11-13; amount raised and close date slipped on 11-20
///  5 Stark upgrade          Demo since 11-05: over its 14 days
///  6 Vandelay import        back to Discovery on 11-19 (with a reason), its gates met: ready
///  7 Umbrella expansion     Discovery since 11-02: over, next step due 11-20: due!; the detail's deal
///  8 Globex pilot           Prospecting since 11-02, never worked: stale, over
///  9 Cyberdyne trial        lost on 11-17 (Price)
/// 10 東京オフィス移転        Qualification since 11-17, BANT 2 of 4: the refused move's panel
/// 11 Initech rollout        Prospecting, ICP ticked: ready
/// 12 Acme renewal           Prospecting, 3 days
/// 13 Pied Piper compression Prospecting, created this morning, no company
final class GoldenBoard {
    static let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    let folder: String
    let app: BoardApp
    let width: Int
    let height: Int

    /// The board at `width`x`height`, drawn once as the terminal loop does on start.
    init(width: Int, height: Int, unicode: Bool = true) throws {
        var t = Array((NSTemporaryDirectory() + "/dealboard-golden-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        folder = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "/board"
        try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: "maria", timeZone: "UTC")
        try Self.writeHistory(folder: folder)
        // Opened afresh, as a user opening the board this morning: the journals replayed.
        let store = try BoardStore(folder: folder, user: "alice")
        app = BoardApp(store: store, unicode: unicode, clock: { GoldenBoard.now })
        self.width = width
        self.height = height
        _ = app.render(width: width, height: height)
    }

    deinit { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }

    /// Keys as the terminal loop gives them: each handled, then a frame drawn (drawing keeps
    /// scroll positions in view, so a frame between keys is part of the behaviour).
    func press(_ keys: KeyEvent...) { press(keys) }
    func press(_ keys: [KeyEvent]) {
        for k in keys {
            app.handle(k)
            _ = app.render(width: width, height: height)
        }
    }
    func type(_ text: String) { press(text.map { KeyEvent.char($0) }) }

    var screen: Screen { app.render(width: width, height: height) }

    // MARK: The history

    /// "2026-11-02 10:00" in UTC (the board's zone).
    static func at(_ text: String) -> Date { Timestamp.parse(text.replacingOccurrences(of: " ", with: "T") + ":00Z")! }

    static func writeHistory(folder: String) throws {
        let alice = try BoardStore(folder: folder, user: "alice")
        let bob = try BoardStore(folder: folder, user: "bob")
        var numbers: [String: Int] = [:]

        func create(_ title: String, _ company: String, _ amount: String, owner: String, at time: String, by store: BoardStore) throws {
            let e = try store.perform(now: at(time)) { try $0.create(title: title, company: company, amount: amount, owner: owner, stage: nil) }
            numbers[title] = e.number
        }
        func n(_ title: String) -> Int { numbers[title]! }
        func tick(_ title: String, _ labels: [String], at time: String, by store: BoardStore = alice) throws {
            for label in labels { _ = try store.perform(now: at(time)) { try $0.setCheck(n(title), label: label) } }
        }
        func edit(_ title: String, _ set: [(String, String)], at time: String, by store: BoardStore = alice) throws {
            _ = try store.perform(now: at(time)) { try $0.edit(n(title), assignments: set) }
        }
        func log(_ title: String, _ kind: String, _ text: String, at time: String, by store: BoardStore = alice) throws {
            _ = try store.perform(now: at(time)) { try $0.logActivity(n(title), kind: kind, text: text, date: nil) }
        }
        func move(_ title: String, _ target: BoardCommands.MoveTarget = .next, reason: String? = nil, at time: String, by store: BoardStore = alice) throws {
            _ = try store.perform(now: at(time)) { try $0.move(n(title), to: target, reason: reason, force: false) }
        }
        let icp = ["Company size fits", "Tech stack fits", "Budget signal", "Decision-maker access"]
        let bant = ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]
        /// Meets the exit criteria of each stage on the way (as a rep would), then moves on.
        func pass(_ title: String, _ stages: [(stage: String, time: String)], by store: BoardStore = alice) throws {
            for (stage, time) in stages {
                switch stage {
                case "prospecting": try tick(title, icp, at: time, by: store)
                case "qualification":
                    try tick(title, bant, at: time, by: store)
                    try edit(title, [("budget", "50000"), ("decision_maker", "Dana Lee")], at: time, by: store)
                case "discovery":
                    try log(title, "meeting", "Discovery meeting with the buying team", at: time, by: store)
                    try edit(title, [("pain", "Manual reconciliation"), ("stakeholders", "CFO, IT lead")], at: time, by: store)
                    try tick(title, ["Buyer agreed to a demo"], at: time, by: store)
                case "demo": try tick(title, ["Buyer asked about pricing or implementation"], at: time, by: store)
                case "proposal":
                    try tick(title, ["Buyer acknowledged receipt of the proposal"], at: time, by: store)
                    try edit(title, [("review_by", "2026-12-04")], at: time, by: store)
                case "negotiation":
                    try edit(title, [("outstanding_issue", "Liability cap"), ("next_step", "Legal call"), ("next_step_owner", "maria"),
                                     ("written_agreement", "yes")], at: time, by: store)
                case "closing":
                    try tick(title, ["Metrics quantified", "Economic buyer engaged", "Decision criteria known", "Decision process mapped",
                                     "Champion confirmed"], at: time, by: store)
                    try edit(title, [("close_date", "2026-11-30")], at: time, by: store)
                default: fatalError("no such stage in the fixture: \(stage)")
                }
                try move(title, at: time, by: store)
            }
        }

        // In time order: the store stamps an event no earlier than the one before it.
        try create("Massive Dynamic", "Massive Dynamic Inc", "", owner: "carol", at: "2026-09-30 10:00", by: alice)
        try create("Soylent contract", "Soylent", "22000", owner: "bob", at: "2026-10-05 09:00", by: bob)
        try pass("Soylent contract", [("prospecting", "2026-10-06 09:00"), ("qualification", "2026-10-08 09:00"), ("discovery", "2026-10-15 09:00"),
                                      ("demo", "2026-10-22 09:00")], by: bob)
        try create("Oscorp licences", "Oscorp", "90000", owner: "carol", at: "2026-10-07 11:00", by: alice)
        try pass("Oscorp licences", [("prospecting", "2026-10-08 11:00"), ("qualification", "2026-10-14 11:00"), ("discovery", "2026-10-21 11:00")])
        try create("Wayne security audit", "Wayne Enterprises", "55000", owner: "alice", at: "2026-10-12 14:00", by: alice)
        try pass("Wayne security audit", [("prospecting", "2026-10-13 14:00"), ("qualification", "2026-10-16 14:00")])
        try create("Stark upgrade", "Stark Industries", "120000", owner: "carol", at: "2026-10-20 09:30", by: alice)
        try pass("Stark upgrade", [("prospecting", "2026-10-21 09:30"), ("qualification", "2026-10-23 09:30")])
        try pass("Wayne security audit", [("discovery", "2026-10-25 14:00")])
        try create("Vandelay import", "Vandelay Industries", "18000", owner: "bob", at: "2026-10-25 16:00", by: bob)
        try create("Umbrella expansion", "Umbrella Corp", "45000", owner: "alice", at: "2026-10-26 10:00", by: alice)
        try pass("Vandelay import", [("prospecting", "2026-10-27 16:00")], by: bob)
        try pass("Umbrella expansion", [("prospecting", "2026-10-28 10:00")])
        try pass("Soylent contract", [("proposal", "2026-10-29 09:00")], by: bob)
        try create("Globex pilot", "Globex", "30000", owner: "bob", at: "2026-11-02 08:00", by: bob)
        try pass("Umbrella expansion", [("qualification", "2026-11-02 10:00")])
        try pass("Vandelay import", [("qualification", "2026-11-03 16:00")], by: bob)
        try pass("Oscorp licences", [("demo", "2026-11-04 11:00")])
        try pass("Stark upgrade", [("discovery", "2026-11-05 09:30")])
        try create("Cyberdyne trial", "Cyberdyne Systems", "15000", owner: "alice", at: "2026-11-05 13:00", by: alice)
        try edit("Umbrella expansion", [("pain", "Month-end close takes six days of manual reconciliation"), ("timeline", "Next quarter"),
                                        ("segment", "Enterprise")], at: "2026-11-06 10:00")
        try log("Umbrella expansion", "email", "Sent the case study and pricing overview", at: "2026-11-06 10:30")
        try pass("Cyberdyne trial", [("prospecting", "2026-11-09 13:00")])
        try pass("Soylent contract", [("negotiation", "2026-11-09 15:00")], by: bob)
        try pass("Oscorp licences", [("proposal", "2026-11-10 11:00")])
        try log("Umbrella expansion", "call",
                "Intro call with Dana Lee (CFO): budget approved for Q1, wants SSO and an audit trail before any pilot starts",
                at: "2026-11-10 15:00")
        try edit("Umbrella expansion", [("next_step", "Send the security questionnaire"), ("next_step_owner", "alice"),
                                        ("next_step_date", "2026-11-20")], at: "2026-11-10 15:05")
        try log("Vandelay import", "meeting", "Discovery workshop in Newark", at: "2026-11-11 10:00", by: bob)
        try pass("Vandelay import", [("discovery", "2026-11-12 16:00")], by: bob)
        try log("Stark upgrade", "call", "Pepper wants the demo on their own data", at: "2026-11-12 17:00")
        try pass("Wayne security audit", [("demo", "2026-11-13 14:00")])
        try edit("Wayne security audit", [("close_date", "2026-12-10")], at: "2026-11-13 14:05")
        try create("東京オフィス移転", "Hooli 株式会社", "25000", owner: "alice", at: "2026-11-16 02:00", by: alice)
        try log("Wayne security audit", "email", "Sent the proposal to Lucius", at: "2026-11-16 09:00")
        try pass("東京オフィス移転", [("prospecting", "2026-11-17 02:00")])
        _ = try alice.perform(now: at("2026-11-17 16:00")) { try $0.lost(n("Cyberdyne trial"), reason: "Price") }
        try tick("東京オフィス移転", ["Budget confirmed", "Need confirmed"], at: "2026-11-18 03:00")
        try pass("Soylent contract", [("closing", "2026-11-18 11:00")], by: bob)   // the move after Closing is Won
        try create("Initech rollout", "Initech", "8000", owner: "alice", at: "2026-11-18 14:00", by: alice)
        try log("Oscorp licences", "call", "Legal agreed the liability cap in principle", at: "2026-11-19 10:00")
        try move("Vandelay import", .back, reason: "Demo postponed: buyer reorganising", at: "2026-11-19 12:00", by: bob)
        try edit("Oscorp licences", [("outstanding_issue", "Liability cap"), ("next_step", "Redline review"), ("next_step_owner", "carol"),
                                     ("next_step_date", "2026-11-26"), ("written_agreement", "yes")], at: "2026-11-20 09:00")
        try create("Acme renewal", "Acme", "12000", owner: "alice", at: "2026-11-20 11:00", by: alice)
        try edit("Wayne security audit", [("amount", "60000"), ("close_date", "2026-12-20")], at: "2026-11-20 16:00")
        try tick("Initech rollout", icp, at: "2026-11-21 10:00")
        try create("Pied Piper compression", "", "5000", owner: "alice", at: "2026-11-23 08:00", by: alice)
    }
}
