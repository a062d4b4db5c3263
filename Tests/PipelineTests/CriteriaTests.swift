import Foundation
import Testing
@testable import Pipeline

@Suite struct CriteriaTests {
    let p = Fixture.pipeline

    /// The stage's own criteria (without the pipeline-wide re-qualification rule, tested below).
    func result(_ b: Fixture.Board, _ stage: String, at t: Double) -> [CriterionResult] {
        p.evaluateExit(of: stage, for: b.deal(1), now: Fixture.at(t)).filter { $0.criterion.kindName != "requalify" }
    }

    @Test func checklistAtLeastNOfM() throws {
        var b = try Fixture.boardWithDeal()
        for label in ["Company size fits", "Tech stack fits", "Budget signal"] {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: label) }
        }
        #expect(result(b, "prospecting", at: 1).first?.met == false)
        try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: "live pain point") } // labels match ignoring case
        #expect(result(b, "prospecting", at: 1).first?.met == true)
    }

    @Test func requiredFieldAndMinimum() throws {
        var b = try Fixture.boardWithDeal()
        var r = result(b, "qualification", at: 1)
        #expect(r.map(\.met) == [false, false])
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("decision_maker", "Dana Lee"), ("budget", "9,999")]) }
        r = result(b, "qualification", at: 1)
        #expect(r.map(\.met) == [true, false])
        #expect(r[1].needs.contains("at least"))
        try b.run(at: Fixture.at(1)) { try $0.edit(1, assignments: [("budget", "10k")]) }
        #expect(result(b, "qualification", at: 1).map(\.met) == [true, true])
    }

    @Test func dateInFutureAndWithinDays() throws {
        var b = try Fixture.boardWithDeal()
        #expect(result(b, "proposal", at: 0)[0].met == false) // not set
        try b.run(at: Fixture.at(0)) { try $0.edit(1, assignments: [("review_by", "2026-11-02")]) }
        #expect(result(b, "proposal", at: 0)[0].met == false) // today is not in the future
        try b.run(at: Fixture.at(0)) { try $0.edit(1, assignments: [("review_by", "2026-11-03")]) }
        #expect(result(b, "proposal", at: 0)[0].met == true)
        #expect(result(b, "proposal", at: 2)[0].met == false) // time passed: the date is now in the past
        try b.run(at: Fixture.at(0)) { try $0.edit(1, assignments: [("review_by", "2026-12-03")]) } // 31 days out
        #expect(result(b, "proposal", at: 0)[0].met == false)
        #expect(result(b, "proposal", at: 1)[0].met == true) // 30 days out from 2026-11-03
    }

    @Test func buyerSignal() throws {
        var b = try Fixture.boardWithDeal()
        #expect(result(b, "discovery", at: 0)[1].met == false)
        try b.run(at: Fixture.at(0)) { try $0.setCheck(1, label: "Buyer agreed to a demo") }
        #expect(result(b, "discovery", at: 0)[1].met == true)
        try b.run(at: Fixture.at(0)) { try $0.setCheck(1, label: "Buyer agreed to a demo", checked: false) }
        #expect(result(b, "discovery", at: 0)[1].met == false)
    }

    @Test func yesNoFieldMustBeYes() throws {
        var b = try Fixture.boardWithDeal()
        try b.run(at: Fixture.at(0)) { try $0.edit(1, assignments: [("written", "no")]) }
        #expect(result(b, "negotiation", at: 0)[0].met == false)
        try b.run(at: Fixture.at(0)) { try $0.edit(1, assignments: [("written", "Yes")]) }
        #expect(result(b, "negotiation", at: 0)[0].met == true)
    }

    @Test func activityMustBeLoggedInThisStage() throws {
        var b = try Fixture.boardWithDeal()
        // A meeting logged in Prospecting does not count for Discovery.
        try b.run(at: Fixture.at(0)) { try $0.logActivity(1, kind: "meeting", text: "Early chat", date: nil) }
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .stage("discovery"), reason: "test setup", force: true) }
        #expect(b.deal(1).stage == "discovery")
        #expect(result(b, "discovery", at: 1)[0].met == false)
        try b.run(at: Fixture.at(1)) { try $0.logActivity(1, kind: "call", text: "Call", date: nil) }
        #expect(result(b, "discovery", at: 1)[0].met == false) // a call is not a meeting
        try b.run(at: Fixture.at(2)) { try $0.logActivity(1, kind: "Meeting", text: "Discovery meeting", date: nil) }
        #expect(result(b, "discovery", at: 2)[0].met == true)
    }

    @Test func requalifyAfterQuietSpell() throws {
        var b = try Fixture.boardWithDeal()
        for item in ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"] {
            try b.run(at: Fixture.at(1)) { try $0.setCheck(1, label: item) }
        }
        func requalify(_ t: Double) -> CriterionResult {
            p.evaluateExit(of: "prospecting", for: b.deal(1), now: Fixture.at(t)).first { $0.criterion.kindName == "requalify" }!
        }
        #expect(requalify(30).met == true)   // 30 quiet days: fine
        #expect(requalify(46).met == false)  // 46 days since creation, no activity: dormant
        // Logging a call now does not spare the re-qualification: the quiet spell happened.
        try b.run(at: Fixture.at(46)) { try $0.logActivity(1, kind: "call", text: "Back in touch", date: nil) }
        #expect(requalify(46).met == false)
        #expect(requalify(46).needs.contains("Budget confirmed"))
        for item in ["Budget confirmed", "Authority identified", "Need confirmed"] {
            try b.run(at: Fixture.at(46)) { try $0.setCheck(1, label: item) } // ticking again re-confirms
        }
        #expect(requalify(46).met == false)
        try b.run(at: Fixture.at(46)) { try $0.setCheck(1, label: "Timeline agreed") }
        #expect(requalify(46).met == true)
    }

    @Test func fieldValuesAreValidatedByType() throws {
        let b = try Fixture.boardWithDeal()
        let cmds = b.commands("alice", at: Fixture.at(0))
        #expect(throws: CommandError.self) { try cmds.edit(1, assignments: [("budget", "lots")]) }
        #expect(throws: CommandError.self) { try cmds.edit(1, assignments: [("review_by", "2026-02-30")]) }
        #expect(throws: CommandError.self) { try cmds.edit(1, assignments: [("segment", "Giant")]) }
        #expect(throws: CommandError.self) { try cmds.edit(1, assignments: [("nonsense", "1")]) }
        let ok = try cmds.edit(1, assignments: [("segment", "enterprise"), ("budget", "$40,000.50")])
        guard case .dealEdited(let edit) = ok.payload else { Issue.record("not an edit: \(ok.payload)"); return }
        #expect(edit.set == [FieldValue("segment", "Enterprise"), FieldValue("budget", "40000.5")])
    }

    @Test func backDatedActivityBeforeTheStageDoesNotCount() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("maria", at: Fixture.at(5)) { try $0.move(1, to: .stage("discovery"), reason: "setup", force: true) }
        try b.run(at: Fixture.at(5)) { try $0.logActivity(1, kind: "meeting", text: "last week", date: Fixture.at(1)) }
        #expect(result(b, "discovery", at: 5)[0].met == false)
        try b.run(at: Fixture.at(6)) { try $0.logActivity(1, kind: "meeting", text: "today", date: Fixture.at(5)) } // same day it entered
        #expect(result(b, "discovery", at: 6)[0].met == true)
    }

    @Test func reopenedDealKeepsItsStageActivities() throws {
        var b = try Fixture.boardWithDeal()
        try b.run("maria", at: Fixture.at(1)) { try $0.move(1, to: .stage("discovery"), reason: "setup", force: true) }
        try b.run(at: Fixture.at(2)) { try $0.logActivity(1, kind: "meeting", text: "Discovery", date: nil) }
        try b.run(at: Fixture.at(3)) { try $0.lost(1, reason: "Price") }
        try b.run(at: Fixture.at(10)) { try $0.reopen(1) }
        #expect(b.deal(1).stage == "discovery")
        #expect(result(b, "discovery", at: 10)[0].met == true)
    }

    @Test func activityDatesCannotInventOrHideQuietSpells() throws {
        var b = try Fixture.boardWithDeal()
        // Dated long before the deal existed: refused…
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(1)).logActivity(1, kind: "call", text: "old", date: Fixture.at(-400)) }
        // …and such a line written by hand (or by an older version) invents no quiet spell.
        let old = EventDraft(.activityLogged(ActivityLogged(kind: "call", text: "old", date: Fixture.at(-400))), deal: b.deal(1).uid, number: 1)
        b.state.apply(old.stamped(id: "old", timestamp: Fixture.at(1), user: "alice"))
        #expect(b.deal(1).activities.count == 1)
        #expect(p.dormancyStart(b.deal(1), afterDays: 45, now: Fixture.at(2)) == nil)
        // Dated in the future: refused.
        #expect(throws: CommandError.self) { try b.commands("alice", at: Fixture.at(2)).logActivity(1, kind: "call", text: "x", date: Fixture.at(30)) }
        #expect(p.health(of: b.deal(1), now: Fixture.at(20)).stale)
    }

    @Test func backDatedNoteDoesNotHideAQuietSpell() throws {
        var b = try Fixture.boardWithDeal()
        // Logged on day 70, dated day 40: the deal was still quiet from day 0 to day 70.
        try b.run(at: Fixture.at(70)) { try $0.logActivity(1, kind: "note", text: "late", date: Fixture.at(40)) }
        #expect(p.dormancyStart(b.deal(1), afterDays: 45, now: Fixture.at(70)) == Fixture.at(0))
        #expect(p.health(of: b.deal(1), now: Fixture.at(70)).dormant == false) // logged today: not quiet now…
        let r = p.evaluateExit(of: "prospecting", for: b.deal(1), now: Fixture.at(70)).first { $0.criterion.kindName == "requalify" }!
        #expect(r.met == false) // …but it was, so it must be re-qualified
    }

    @Test func requalifyAsksForWhatTheGateAsked() throws {
        var pipeline = Fixture.pipeline
        pipeline.stages[1].exitCriteria = [ExitCriterion(.checklist("bant", atLeast: 3), label: "BANT 3 of 4")]
        var b = Fixture.Board(pipeline: pipeline)
        try b.run(at: Fixture.at(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        try b.run("maria", at: Fixture.at(0)) { try $0.move(1, to: .stage("discovery"), reason: "setup", force: true) }
        func met(_ t: Double) -> Bool {
            pipeline.evaluateExit(of: "discovery", for: b.deal(1), now: Fixture.at(t)).first { $0.criterion.kindName == "requalify" }!.met
        }
        #expect(met(50) == false)
        for item in ["Budget confirmed", "Authority identified", "Need confirmed"] {
            try b.run(at: Fixture.at(50)) { try $0.setCheck(1, label: item) }
        }
        #expect(met(50) == true) // 3 re-confirmed, as the gate asked; "Timeline agreed" was never true
    }
}
