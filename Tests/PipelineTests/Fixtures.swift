import Foundation
import Testing
@testable import Pipeline

/// A small pipeline, built in code, with one stage per criterion kind.
enum Fixture {
    static let day0 = Day(year: 2026, month: 11, day: 2)!.start(in: .utc).addingTimeInterval(9 * 3600) // Mon 2026-11-02 09:00Z

    static func at(_ days: Double) -> Date { day0.addingTimeInterval(days * 86_400) }

    static let pipeline: PipelineDefinition = {
        let icp = Checklist(key: "icp", label: "ICP", items: ["Company size fits", "Tech stack fits", "Budget signal", "Decision-maker access", "Live pain point"]
            .map { ChecklistItem(key: "icp.\(slug($0))", label: $0) })
        let bant = Checklist(key: "bant", label: "BANT", items: ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]
            .map { ChecklistItem(key: "bant.\(slug($0))", label: $0) })
        return PipelineDefinition(
            name: "Test",
            stages: [
                Stage(key: "prospecting", name: "Prospecting", probability: 10, targetDays: 5, kind: .open,
                      exitCriteria: [ExitCriterion(.checklist("icp", atLeast: 4), label: "Fits the ICP (4 of 5)")]),
                Stage(key: "qualification", name: "Qualification", probability: 20, targetDays: 7, kind: .open,
                      exitCriteria: [ExitCriterion(.field("decision_maker"), label: "Economic buyer named"),
                                     ExitCriterion(.minimum(field: "budget", min: 10_000), label: "Budget at least 10k")]),
                Stage(key: "discovery", name: "Discovery", probability: 30, targetDays: 14, kind: .open,
                      exitCriteria: [ExitCriterion(.activity(.meeting), label: "Discovery meeting held"),
                                     ExitCriterion(.signal("signal.demo_agreed"), label: "Buyer agreed to a demo")]),
                Stage(key: "proposal", name: "Proposal", probability: 60, targetDays: 21, kind: .open,
                      exitCriteria: [ExitCriterion(.futureDate(field: "review_by", withinDays: 30), label: "Review-by date within 30 days")]),
                Stage(key: "negotiation", name: "Negotiation", probability: 80, targetDays: 30, kind: .open,
                      exitCriteria: [ExitCriterion(.field("written"), label: "Agreed in writing")]),
                Stage(key: "won", name: "Won", probability: 100, targetDays: nil, kind: .won),
                Stage(key: "lost", name: "Lost", probability: 0, targetDays: nil, kind: .lost),
            ],
            customFields: [FieldDefinition(key: "decision_maker", label: "Economic buyer", type: .text),
                           FieldDefinition(key: "budget", label: "Budget", type: .money),
                           FieldDefinition(key: "review_by", label: "Review by", type: .date),
                           FieldDefinition(key: "written", label: "In writing", type: .yesNo),
                           FieldDefinition(key: "segment", label: "Segment", type: .choice(["SMB", "Enterprise"]))],
            checklists: [icp, bant],
            signals: [BuyerSignal(key: "signal.demo_agreed", label: "Buyer agreed to a demo")],
            lossReasons: ["Price", "No decision"],
            requalifyChecklist: "bant",
            managers: ["maria"]
        )
    }()

    /// A board where commands run as `user` at a given time, like the store does under its lock.
    struct Board {
        var pipeline = Fixture.pipeline
        /// Held to the pipeline's rules at replay, as the store's fold is: every event a command
        /// writes must be applied (see `run`).
        var state: BoardState = { var s = BoardState(); s.rules = Fixture.pipeline; return s }()
        var counter = 0

        func commands(_ user: String, at time: Date) -> BoardCommands {
            BoardCommands(pipeline: pipeline, state: state, user: user, now: time)
        }

        @discardableResult
        mutating func run(_ user: String = "alice", at time: Date, _ build: (BoardCommands) throws -> EventDraft) throws -> Event {
            counter += 1
            let event = try build(commands(user, at: time)).stamped(id: String(format: "ev%06d", counter), timestamp: time, user: user)
            let refused = state.disallowed.count
            state.apply(event)
            // What dealboard writes, replay never refuses.
            for d in state.disallowed.dropFirst(refused) { Issue.record("a command's own event was not applied: \(d)") }
            return event
        }

        func deal(_ n: Int) -> Deal { state.deal(number: n)! }
    }

    /// Deal #1 created at day 0 in Prospecting.
    static func boardWithDeal() throws -> Board {
        var b = Board()
        try b.run(at: at(0)) { try $0.create(title: "Acme renewal", company: "Acme", amount: "12000", owner: "alice", stage: nil) }
        return b
    }
}
