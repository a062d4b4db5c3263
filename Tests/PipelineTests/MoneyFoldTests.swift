import Foundation
import Testing
@testable import Pipeline

/// Amounts in the journal: the fold reads exactly what dealboard writes, reports everything
/// else (and keeps the deal's value), and no amount in range can make a reader trap.
@Suite struct MoneyFoldTests {
    static func created(_ id: String, _ number: Int, amount: JSONValue?, fields: [(String, JSONValue)] = []) -> Event {
        Event(id: id, timestamp: Fixture.at(0), user: "mallory", type: EventType.dealCreated, number: number,
              data: .obj([("title", .string("Deal \(number)")), ("stage", .string("prospecting")), ("amount", amount),
                          ("fields", fields.isEmpty ? nil : .object(fields))]))
    }

    static func edited(_ id: String, of deal: String, _ number: Int, _ set: [(String, JSONValue)]) -> Event {
        Event(id: id, timestamp: Fixture.at(1), user: "mallory", type: EventType.dealEdited, deal: deal, number: number,
              data: .object([("set", .object(set))]))
    }

    static func folded(_ events: [Event]) -> BoardState {
        var s = BoardState()
        s.rules = Fixture.pipeline
        for e in events { s.apply(e) }
        return s
    }

    /// Each bad value: as a creation's amount, an edit's amount and a money field's value.
    @Test(arguments: [
        (JSONValue.string("1e30"), "not an amount as dealboard writes them"),
        (.string("99999999999999999999999"), "more than the largest amount"),
        (.string("10000000000000.01"), "not an amount as dealboard writes them"),
        (.string("-5"), "not an amount"),
        (.string("12,000"), "not an amount"),
        (.string("1.50"), "not an amount"),
        (.string("12.34567"), "not an amount"),
        (.number(1e30), "a JSON number"),
        (.number(12000), "a JSON number"),
        (.bool(true), "not text"),
    ])
    func aValueDealboardNeverWritesIsReportedNotRead(_ value: JSONValue, _ why: String) {
        let s = Self.folded([
            Self.created("c1", 1, amount: value, fields: [("budget", value)]),
            Self.created("c2", 2, amount: .string("12000")),
            Self.edited("e1", of: "c2", 2, [("amount", value), ("budget", value), ("decision_maker", .string("Dana"))]),
        ])
        #expect(s.deal(number: 1)?.amount == .zero)
        #expect(s.deal(number: 1)?.value("budget") == "")
        #expect(s.deal(number: 2)?.value("amount") == "12000")          // keeps its amount
        #expect(s.deal(number: 2)?.value("decision_maker") == "Dana")   // the rest of the event applies
        #expect(s.deal(number: 2)?.fieldChanges.isEmpty == true)        // no "amount changed" from a value not read
        #expect(s.unreadValues.count == 4)
        #expect(s.unreadValues.allSatisfy { $0.reason.contains(why) })
        #expect(s.unreadValues.map(\.field) == ["budget", "amount", "amount", "budget"])
        #expect(s.unreadValues[1].description.contains("the deal has no amount"))
        #expect(s.unreadValues[2].description.contains("mallory's deal.edited of #2 (event e1"))
        #expect(s.unreadValues[2].description.contains("the deal keeps its amount"))
        #expect(s.disallowed.isEmpty)
    }

    /// Journals written before this version hold "12000", "40000.5", "" and nothing else: read
    /// as they always were.
    @Test func oldJournalsReadUnchanged() {
        let s = Self.folded([
            Self.created("c1", 1, amount: .string("12000")),
            Self.created("c2", 2, amount: .string("40000.5")),
            Self.created("c3", 3, amount: .string("")),
            Self.created("c4", 4, amount: nil),
            Self.edited("e1", of: "c1", 1, [("amount", .string("0.25")), ("budget", .string("50000"))]),
        ])
        #expect(s.unreadValues.isEmpty)
        #expect(s.deal(number: 1)?.value("amount") == "0.25")
        #expect(s.deal(number: 1)?.value("budget") == "50000")
        #expect(s.deal(number: 2)?.value("amount") == "40000.5")
        #expect(s.deal(number: 3)?.amount == .zero)
        #expect(s.deal(number: 4)?.amount == .zero)
    }

    /// Without pipeline.toml's rules a custom field's type is unknown: its text is kept as it is
    /// (readers treat what is not an amount as text), and the built-in amount is still checked.
    @Test func withoutRulesOnlyTheAmountIsChecked() {
        var s = BoardState()
        s.apply(Self.created("c1", 1, amount: .string("1e30"), fields: [("budget", .string("lots"))]))
        #expect(s.unreadValues.map(\.field) == ["amount"])
        #expect(s.deal(number: 1)?.value("budget") == "lots")
    }

    /// The review over deals at the largest amount, many times over, in every stage: exact sums,
    /// no trap (two deals of 5×10^16 used to crash `report`).
    @Test func theReviewOfManyLargestDealsDoesNotTrap() {
        var events: [Event] = []
        for n in 1...2_000 {
            events.append(Self.created("c\(n)", n, amount: .string("10000000000000")))
        }
        let s = Self.folded(events)
        #expect(s.unreadValues.isEmpty)
        let period = ReviewPeriod.lastDays(7, now: Fixture.at(2), zone: .utc)
        var pipeline = Fixture.pipeline
        pipeline.quota = Money(canonical: "1")!
        let r = ReviewReport.compute(state: s, pipeline: pipeline, period: period, now: Fixture.at(2))
        #expect(r.open.value == MoneySum(micros: Int128(2_000) * Int128(Money.max.units) * 100))
        #expect(r.open.weightedValue == r.open.value.weighted(percent: 10))
        #expect(r.open.averageValue == MoneySum(Money.max))
        #expect(pipeline.money.text(r.open.value) == "$20,000,000,000,000,000")
        #expect(r.coverage == 2e16)
        #expect(r.stuck.allSatisfy { $0.amount == Money.max })
    }

    /// An amount far outside the board's usual ones (more than 100× the largest open deal)
    /// needs a confirmation; a board with no amounts yet has nothing to compare with.
    @Test func anOutlierNeedsAConfirmation() throws {
        var b = Fixture.Board()
        try b.run(at: Fixture.at(0)) { try $0.create(title: "First", company: "", amount: "9m", owner: nil, stage: nil) }
        try b.run(at: Fixture.at(0)) { try $0.create(title: "Small", company: "", amount: "12000", owner: nil, stage: nil) }
        // 9m is the largest open deal: 100× that is 900m.
        #expect(throws: CommandError.needsConfirmation("Amount $1,000,000,000 is more than 100 times the largest open deal (#1, $9,000,000)")) {
            try b.commands("alice", at: Fixture.at(0)).create(title: "Huge", company: "", amount: "1000000000", owner: nil, stage: nil)
        }
        try b.run(at: Fixture.at(0)) { try $0.create(title: "Huge", company: "", amount: "1000000000", owner: nil, stage: nil, confirmed: true) }
        // Editing the largest deal compares with the others, not with itself.
        #expect(throws: CommandError.needsConfirmation("Budget $200,000,000,000 is more than 100 times the largest open deal (#3, $1,000,000,000)")) {
            try b.commands("alice", at: Fixture.at(1)).edit(2, assignments: [("budget", "200000000000")])
        }
        try b.run(at: Fixture.at(1)) { try $0.edit(3, assignments: [("amount", "900m")]) }
        // A value that does not change is not asked about again.
        try b.run(at: Fixture.at(1)) { try $0.edit(3, assignments: [("amount", "900m"), ("decision_maker", "Dana")]) }
        #expect(b.deal(3).value("decision_maker") == "Dana")
    }
}
