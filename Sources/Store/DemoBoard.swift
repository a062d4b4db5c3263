import Foundation
import Pipeline

/// Builds a realistic sample board: deals spread over every stage with history, activities,
/// stale and over-target deals, wins and losses with reasons. Used by `dealboard demo` and,
/// scaled up, by the benchmark.
///
/// Every step goes through `BoardCommands`, exactly as a user's command would, so the history
/// obeys the exit criteria (nothing in the demo was moved past an unmet gate).
public struct DemoBoard {
    public var deals: Int
    public var days: Int
    public var seed: UInt64
    public var user: String
    /// How far deals get through the pipeline, 0–1 (1: spread over every stage). The benchmark
    /// lowers it to get about ten events a deal.
    public var progress: Double

    public init(deals: Int = 60, days: Int = 90, seed: UInt64 = 2026, user: String, progress: Double = 1) {
        self.deals = deals
        self.days = days
        self.seed = seed
        self.user = user
        self.progress = progress
    }

    static let owners = ["alice", "bob", "chen", "dana", "emeka"]
    static let companies = [
        "Acme Logistics", "Northwind Traders", "Globex", "Initech", "Umbrella Health", "Stark Freight", "Wayne Foods",
        "Hooli", "Vandelay Imports", "Soylent Labs", "Tyrell Systems", "Cyberdyne Retail", "Wonka Confectionery",
        "Oceanic Air", "Massive Dynamic", "Pied Piper", "Aperture Science", "Gringotts Bank", "Nakatomi Trading",
        "Monarch Solutions", "Blue Sun", "Dunder Mifflin", "Sterling Cooper", "Bluth Company", "Prestige Worldwide",
        "Los Pollos Hermanos", "Krusty Foods", "Planet Express", "Zorg Industries", "Rekall", "Yoyodyne", "Omni Consumer",
        "Buy n Large", "Virtucon", "Weyland Mining", "InGen", "Gekko & Co", "Duff Brewing", "Spacely Sprockets",
        "Cogswell Cogs", "Ollivanders", "Kwik-E-Mart", "Bumblebee Tuna", "Müller Maschinenbau", "Société Générale de Test",
        "東京テクノ", "São Paulo Têxtil", "Nordisk Energi", "Øresund Shipping", "Zürich Versicherung",
    ]
    static let products = ["CRM rollout", "renewal", "expansion", "pilot", "platform licence", "data migration",
                           "support upgrade", "analytics add-on", "EMEA rollout", "multi-year deal", "security review", "onboarding"]
    static let people = ["Dana Lee", "Sam Ortiz", "Priya Nair", "Jonas Berg", "Mei Tanaka", "Oluwaseun Ade", "Clara Rossi",
                         "Tom Becker", "Aisha Khan", "Luis García"]
    static let notes: [String: [String]] = [
        "call": ["Intro call, good energy", "Follow-up call on pricing", "Call with procurement", "Checked in on timeline", "Left voicemail, then spoke briefly"],
        "email": ["Sent case studies", "Sent proposal PDF", "Answered security questionnaire", "Recap email after meeting", "Shared implementation plan"],
        "meeting": ["Discovery meeting on site", "Demo for the ops team", "Workshop with IT", "Exec sponsor meeting", "Negotiation meeting with legal"],
        "note": ["Champion is keen, CFO sceptical", "Competitor also in the deal", "Budget moves to next quarter?", "Needs SSO before signing"],
    ]

    /// The events, oldest first, ending at `now`.
    public func events(pipeline: PipelineDefinition, now: Date) -> [Event] {
        var rng = SplitMix64(seed: seed)
        var state = BoardState()
        // The person trying the demo owns a share of the deals, so "my deals" (m) shows some.
        let owners = Self.owners.contains(user) ? Self.owners : Array(Self.owners.dropLast()) + [user]
        var out: [Event] = []
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        // Creation times, oldest first, so numbers follow creation order.
        var created = (0..<deals).map { _ in start.addingTimeInterval(Double(rng.next(below: UInt64(days * 86_400 - 3 * 86_400)))) }
        created.sort()
        let open = pipeline.stages.filter(\.isOpen)
        for (i, t0) in created.enumerated() {
            var t = t0
            var lastStamp = Date.distantPast
            // Where this deal ends up: spread over every open stage, some won and some lost.
            let roll = rng.next(below: 100)
            var goal: Int  // number of forward moves to try
            var outcome: String? = nil
            if roll < 14 { outcome = "won"; goal = open.count } else if roll < 26 { outcome = "lost"; goal = Int(rng.next(below: UInt64(open.count))) } else {
                goal = Int(rng.next(below: UInt64(open.count)))
            }
            if progress < 1 {
                goal = Int((Double(goal) * progress).rounded(.down))
                if outcome == "won" { outcome = nil }
            }
            let company = Self.companies[(i * 7 + Int(rng.next(below: 5))) % Self.companies.count]
            let words = company.split(separator: " ")
            let short = words.count > 1 && (words[0].count <= 3 || words[1] == "&") ? words.prefix(2).joined(separator: " ") : String(words.first ?? "Deal")
            let title = "\(short) \(Self.products[Int(rng.next(below: UInt64(Self.products.count)))])"
            let amount = Int(rng.next(below: 60) + 2) * 1_000 * (rng.next(below: 10) == 0 ? 10 : 1)
            let owner = owners[Int(rng.next(below: UInt64(owners.count)))]
            func emit(_ at: Date, _ build: (BoardCommands) throws -> EventDraft) -> Bool {
                // Strictly increasing within a deal, so sorting all deals by time keeps each deal's order;
                // validated at the time written on it, as the store does (replay judges it there).
                let stamp = max(at, lastStamp.addingTimeInterval(0.001))
                guard at <= now, let draft = try? build(BoardCommands(pipeline: pipeline, state: state, user: user, now: stamp)) else { return false }
                lastStamp = stamp
                let e = draft.stamped(id: BoardStore.newID(), timestamp: stamp, user: user)
                state.apply(e)
                out.append(e)
                return true
            }
            // A second generator for what the review shows (close dates, slips, amount changes), so
            // the main sequence — and with it every deal's stage and history — stays as it was.
            var extra = SplitMix64(seed: seed &+ 0x5EED &+ UInt64(i))
            let soonest: Day = pipeline.day(t0) + 30 + Int(extra.next(below: 90))
            let close = max(soonest, pipeline.day(now) + 5 + Int(extra.next(below: 100)))
            // Generated amounts range over 300×: meant, not a slip, so no confirmation is asked.
            guard emit(t, { try $0.create(title: title, company: company, amount: "\(amount)", owner: owner, stage: nil,
                                          fields: [("close_date", close.description)], confirmed: true) }) else { continue }
            let number = state.nextNumber - 1
            var moves = 0
            while moves < goal {
                guard let deal = state.deal(number: number), let stage = pipeline.stage(deal.stage), stage.isOpen else { break }
                let target = stage.targetDays ?? 7
                // Days spent working the stage: mostly near target, some well over it.
                let spend = max(1, Int(rng.next(below: UInt64(target + 2))) + (rng.next(below: 6) == 0 ? target : 0))
                let step = Double(spend) * 86_400 / 4
                t = t.addingTimeInterval(step)
                let kind = ["call", "email", "meeting", "note"][Int(rng.next(below: 4))]
                _ = emit(t) { try $0.logActivity(number, kind: kind, text: note(kind, &rng), date: nil) }
                // Satisfy each unmet criterion the way a rep would.
                for r in pipeline.evaluateExit(of: stage.key, for: deal, now: t) where !r.met {
                    t = t.addingTimeInterval(step / 2)
                    satisfy(r.criterion, number: number, at: t, today: pipeline.day(t), rng: &rng, emit: emit)
                }
                t = t.addingTimeInterval(step)
                if outcome == "lost", moves == goal - 1 || goal == 0 { break }
                guard emit(t, { try $0.move(number, to: .next, reason: nil, force: false) }) else { break }
                moves += 1
            }
            if outcome == "lost" {
                t = t.addingTimeInterval(Double(rng.next(below: 5) + 1) * 86_400)
                let reason = pipeline.lossReasons.isEmpty ? "" : pipeline.lossReasons[Int(rng.next(below: UInt64(pipeline.lossReasons.count)))]
                _ = emit(t) { try $0.lost(number, reason: reason) }
            } else if outcome == nil, rng.next(below: 5) == 0, let deal = state.deal(number: number),
                      pipeline.stage(deal.stage)?.isOpen == true, pipeline.previousStage(before: deal.stage) != nil {
                // A few deals slip back a stage, with a reason.
                t = t.addingTimeInterval(86_400 * 2)
                _ = emit(t) { try $0.move(number, to: .back, reason: "Buyer paused the evaluation", force: false) }
            }
            // Recent touches on some open deals keep them fresh; the rest go stale.
            if outcome == nil, rng.next(below: 3) > 0 {
                let recent = now.addingTimeInterval(-Double(rng.next(below: 10 * 86_400)))
                if recent > t { _ = emit(recent) { try $0.logActivity(number, kind: "call", text: note("call", &rng), date: nil) } }
            }
            // This week's news for the review: some close dates slip, some amounts change.
            if outcome == nil, let deal = state.deal(number: number), pipeline.stage(deal.stage)?.isOpen == true {
                let when = now.addingTimeInterval(-Double(extra.next(below: 6 * 86_400)))
                if when > t, extra.next(below: 5) == 0, let old = Day(iso: deal.value("close_date")) {
                    let later = old + 14 + Int(extra.next(below: 30))
                    _ = emit(when) { try $0.edit(number, assignments: [("close_date", later.description)]) }
                } else if when > t, extra.next(below: 7) == 0 {
                    let changed = max(1_000, amount + (Int(extra.next(below: 21)) - 10) * 1_000)
                    _ = emit(when) { try $0.edit(number, assignments: [("amount", "\(changed)")], confirmed: true) }
                }
            }
        }
        out.sort { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
        return out
    }

    func note(_ kind: String, _ rng: inout SplitMix64) -> String {
        let list = Self.notes[kind] ?? Self.notes["note"]!
        return list[Int(rng.next(below: UInt64(list.count)))]
    }

    func satisfy(_ c: ExitCriterion, number: Int, at t: Date, today: Day, rng: inout SplitMix64, emit: (Date, (BoardCommands) throws -> EventDraft) -> Bool) {
        switch c.kind {
        case .field(let key), .minimum(let key, _), .futureDate(let key, _):
            let value = sampleValue(c, key: key, today: today, rng: &rng, pipeline: nil)
            _ = emit(t) { cmds in
                let v = value ?? sampleValue(c, key: key, today: today, rng: &rng, pipeline: cmds.pipeline) ?? "x"
                return try cmds.edit(number, assignments: [(key, v)], confirmed: true)
            }
        case .checklist(let key, let atLeast):
            // One tick per step until the gate holds (a step that is not needed writes nothing).
            for _ in 0..<atLeast {
                _ = emit(t) { cmds in
                    guard let list = cmds.pipeline.checklist(key), let deal = cmds.state.deal(number: number) else { throw CommandError.invalid("") }
                    let missing = list.items.filter { !deal.isChecked($0.key) }
                    guard list.items.count - missing.count < atLeast, let item = missing.first else { throw CommandError.invalid("") }
                    return try cmds.setCheck(number, label: item.key)
                }
            }
        case .signal(let key):
            _ = emit(t) { try $0.setCheck(number, label: key) }
        case .activity(let kind):
            _ = emit(t) { try $0.logActivity(number, kind: kind.rawValue, text: Self.notes[kind.rawValue]?.first ?? "Meeting", date: nil) }
        case .requalify(let key, _):
            _ = emit(t) { cmds in
                guard let list = cmds.pipeline.checklist(key) else { throw CommandError.invalid("") }
                return try cmds.setCheck(number, label: list.items[0].key)
            }
            for _ in 0..<8 {
                _ = emit(t) { cmds in
                    guard let list = cmds.pipeline.checklist(key), let deal = cmds.state.deal(number: number) else { throw CommandError.invalid("") }
                    let quiet = cmds.pipeline.dormancyStart(deal, afterDays: cmds.pipeline.dormantAfterDays, now: t) ?? t
                    let due = quiet.addingTimeInterval(Double(cmds.pipeline.dormantAfterDays) * 86_400)
                    guard let item = list.items.first(where: { (deal.checks[$0.key] ?? .distantPast) < due }) else { throw CommandError.invalid("") }
                    return try cmds.setCheck(number, label: item.key)
                }
            }
        }
    }

    func sampleValue(_ c: ExitCriterion, key: String, today: Day, rng: inout SplitMix64, pipeline: PipelineDefinition?) -> String? {
        switch c.kind {
        case .minimum(_, let min): return "\(min * Decimal(1 + Int(rng.next(below: 3))))"
        case .futureDate(_, let within): return (today + min(within ?? 21, 5 + Int(rng.next(below: 20)))).description
        default: break
        }
        switch key {
        case "decision_maker", "next_step_owner", "stakeholders": return Self.people[Int(rng.next(below: UInt64(Self.people.count)))]
        case "next_step": return ["Legal review of MSA", "Security sign-off", "Send revised quote", "Pricing call with CFO"][Int(rng.next(below: 4))]
        case "close_date", "next_step_date": return (today + 7 + Int(rng.next(below: 20))).description
        default: break
        }
        guard let def = pipeline?.field(key) else { return nil }
        switch def.type {
        case .money: return "\(Int(rng.next(below: 90) + 10) * 1000)"
        case .number: return "\(Int(rng.next(below: 60)) + 40)"
        case .date: return (today + 10).description
        case .yesNo: return "yes"
        case .choice(let options): return options[Int(rng.next(below: UInt64(options.count)))]
        case .text: return ["Manual reporting takes 3 days a month", "Data silos across 4 regions", "Compliance audit findings",
                            "Churn in onboarding", "Scaling support team"][Int(rng.next(below: 5))]
        }
    }
}

/// A small deterministic random generator, so the demo board is the same every time.
public struct SplitMix64 {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func next(below n: UInt64) -> UInt64 { n == 0 ? 0 : next() % n }
}
