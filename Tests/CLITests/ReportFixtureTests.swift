import Foundation
import Testing

// `dealboard report` against boards built through the real store, with every expected figure
// computed by hand from the documented definitions (not from the code).
//
// ============================================================================================
// MAIN BOARD (template b2b, quota 450,000/quarter). Every command runs at the DEALBOARD_NOW
// given, in this order (time only moves forward). "force" = `move N STAGE --force --reason`.
// Probabilities: prospecting 5, qualification 10, discovery 20, demo 40, proposal 60,
// negotiation 80, closing 90. Target days 5, 7, 14, 14, 21, 30, 10.
//
//  10-01 08:00  init --template b2b (this OS user becomes manager)
//  10-01 09:00  #1  "Acme platform"   alice 250,000 prospecting, close_date 2026-12-15
//  10-01 10:00  #2  "Juliet rollout"  alice 120,000 --stage discovery, next_step "Send case
//                   study" due 2026-11-05, no close date, never any activity
//  10-02 09:00  #3  "Echo renewal"    carol  80,000 prospecting
//  10-03 09:00  #4  "Hotel licences"  bob    70,000 prospecting
//  10-04 09:00  #5  "Kilo expansion"  bob   220,000 prospecting, close_date 2026-12-20
//  10-05 09:00  #1 force → qualification
//  10-05 10:00  #6  "Crane suite"     bob   200,000 prospecting, close_date 2026-12-20
//  10-06 09:00  #7  "India pilot"     carol 140,000 prospecting, close_date 2026-12-01
//  10-08 09:00  #1 force → discovery
//  10-10 09:00  #8  "Delta deal"      bob   120,000 prospecting, close_date 2026-11-30
//  10-14 09:00  #1 force → demo
//  10-15 09:00  #6 force → demo          (skips qualification and discovery)
//  10-15 10:00  #5 force → negotiation
//  10-20 09:00  #4 force → closing
//  10-20 10:00  #8 force → proposal
//  10-20 11:00  #7 force → proposal
//  10-20 12:00  #9  "Fox migration"   carol  40,000 prospecting
//  10-22 09:00  #3 force → negotiation
//  10-25 09:00  #6 force → proposal
//  10-26 09:00  #10 "Golf seats"      alice  25,000 prospecting
//  10-28 09:00  #1 force → proposal
//  11-02 09:00  #9 force → proposal
//  11-03 09:00  #11 "Bolt add-on"     alice  60,000 prospecting, no close date, no activity
//  11-05 09:00  #4 won --force                 (before the period: counts nowhere in flows)
//  11-05 10:00  #8 force → closing
//  11-06 09:00  #10 force → demo
//  ---------------------------------- period [2026-11-10T00:00Z, 2026-11-20T00:00Z)
//  11-10 10:00  #6 force → negotiation         (forward)
//  11-11 09:00  #7 lost "Timing"               (from proposal)
//  11-11 10:00  #1 force → negotiation         (forward)
//  11-11 12:00  #7 edit amount 140,000 → 150,000
//  11-12 08:00  [report before any review: changes since the period start 11-10 00:00]
//  11-12 09:00  review-done                     ("changes since" baseline from here)
//  11-12 10:00  #1 edit next_step "Send redline", next_step_owner alice, next_step_date 2026-11-18
//  11-13 09:00  #9 lost "Lost to competitor"    (from proposal)
//  11-13 10:00  #1 edit amount 250,000 → 300,000
//  11-13 10:05  #1 edit close_date 2026-12-15 → 2027-01-20   (slipped)
//  11-13 11:00  #6 move back → proposal, reason "Pricing reopened"
//  11-13 12:00  #11 edit close_date (empty) → 2027-02-10      (not a slip: no old date)
//  11-14 09:00  #11 force prospecting → demo   (skips qualification and discovery)
//  11-14 10:00  #7 reopen → proposal (the stage it was lost from)
//  11-14 11:00  #5 edit close_date 2026-12-20 → 2026-12-10    (earlier: not a slip)
//  11-15 09:00  #6 move back → demo, reason "Buyer wants a second demo"
//  11-16 09:00  #8 won --force
//  11-16 10:00  #10 lost "Price"               (from demo)
//  11-16 11:00  #12 "Lima starter"    carol  20,000 --stage qualification, close_date 2027-01-05
//  11-17 09:00  #3 lost "Price"                (from negotiation)
//  11-18 09:00  #6 force demo → proposal
//  11-18 10:00  #1 log call;  11-18 11:00  #5 log call
//  11-19 10:00  #6 log call;  11-19 11:00  #7 log note
//  ---------------------------------- until (exclusive)
//  11-20 08:00  #12 edit amount 20,000 → 30,000   (after until: snapshot only, no "change")
//  Report: now 2026-11-20T09:00Z, --since 2026-11-10 --until 2026-11-19.
//
// Where each deal is now: #1 negotiation 300k (since 11-11), #2 discovery 120k (since 10-01),
// #3 lost, #4 won, #5 negotiation 220k (since 10-15), #6 proposal 200k (since 11-18),
// #7 proposal 150k (since 11-14), #8 won, #9 lost, #10 lost, #11 demo 60k (since 11-14),
// #12 qualification 30k (since 11-16).
//
// SNAPSHOT (now 11-20)
//   stage          count value    weighted  over_target
//   prospecting    0     0        0         0                 (empty)
//   qualification  1     30,000   3,000     0   (#12: 4 days ≤ 7)
//   discovery      1     120,000  24,000    1   (#2: 11-20 − 10-01 = 50 days > 14)
//   demo           1     60,000   24,000    0   (#11: 6 days)
//   proposal       2     350,000  210,000   0   (#6: 2 days, #7: 6 days)
//   negotiation    2     520,000  416,000   1   (#5: 11-20 − 10-15 = 36 > 30; #1: 9)
//   closing        0     0        0         0                 (empty)
//   open: 7 deals, value 1,080,000, weighted 677,000, average 154,285.71
//   coverage = 1,080,000 / 450,000 = 2.4  (text "2.4:1")
//
// FLOW in [11-10, 11-20): stays that ended in the period (exit day − entry day):
//   #1 proposal 10-28→11-11 = 14        #6 proposal 10-25→11-10 = 16, negotiation 11-10→11-13 = 3,
//   #7 proposal 10-20→11-11 = 22           proposal 11-13→11-15 = 2, demo 11-15→11-18 = 3
//   #8 closing 11-05→11-16 = 11         #9 proposal 11-02→11-13 = 11
//   #3 negotiation 10-22→11-17 = 26     #10 demo 11-06→11-16 = 10
//   #11 prospecting 11-03→11-14 = 11    (#7's stay in lost ended too, but lost is not open)
//   Last departure per deal and stage:
//   prospecting: #11→demo (fwd)                          left 1, fwd 1, rate 1.0
//   qualification, discovery: none                      left 0, rate null, days null
//   demo: #6→proposal (fwd), #10→lost                    left 2, fwd 1, rate 0.5
//   proposal: #1→negotiation (fwd), #6 last →demo (back; its 11-10 forward exit is not
//             its last), #7→lost, #9→lost                left 4, fwd 1, rate 0.25
//   negotiation: #6→proposal (back), #3→lost             left 2, fwd 0, rate 0.0
//   closing: #8→won (won counts as forward)              left 1, fwd 1, rate 1.0
//   days: prospecting [11] avg 11 med 11; demo [3,10] 6.5/6.5;
//         proposal [2,11,14,16,22] avg 65/5 = 13, median 14; negotiation [3,26] 14.5/14.5;
//         closing [11] 11/11.
//   proposal_conversion = 0.25 (text "25%", "1 of 4 went forward").
//   win_rate: won in period and now won: #8 (reached proposal). Lost in period and now lost:
//     #9 (proposal: reached), #3 (negotiation: reached), #10 (only demo: NOT reached).
//     #7 was lost in the period but is open again; #4 was won before the period.
//     → won 1, lost 2 → 0.3333 (text "33%").
//   average_sales_cycle_days: #8 won 11-16, created 10-10 → 37 days → 37.0
//   pipeline_velocity = 7 × (1/3) × (1,080,000 / 7) / 37 = 360,000 / 37 = 9,729.7297 → 9729.73
//   weighted_forecast (open deals by close month; #5's pulled-in date still in December):
//     2026-12: #6 200k/120k, #7 150k/90k, #5 220k/176k → 3 deals, 570,000, 386,000
//     2027-01: #1 300k/240k, #12 30k/3k               → 2 deals, 330,000, 243,000
//     2027-02: #11 60k/24k                             → 1 deal,   60,000,  24,000
//     null:    #2 120k/24k                             → 1 deal,  120,000,  24,000
//   loss_reasons: Price: #10 25k + #3 80k → 2 deals, 105,000; Lost to competitor: #9 → 1, 40,000
//     (#7's "Timing" loss is gone: it was reopened).
//   stuck (now 11-20):
//     #2: stale (50 quiet days), over_target (50 > 14), dormant (50 ≥ 45), next_step_overdue
//         (2026-11-05) → 4 reasons, 50 days since activity
//     #5: over_target (36 > 30), stalled_negotiation (36 > 30, no next step/owner) → 2, quiet 2
//     #11: stale (11-20 − 11-03 = 17 ≥ 14) → 1 reason, quiet 17
//     #1: next_step_overdue (2026-11-18) → 1 reason, quiet 2 (call logged 11-18)
//     order: #2, #5, #1, #11 (ties on reason count by amount: #1 300k before #11 60k)
//   changes since the review 11-12 09:00 up to until 11-20 00:00:
//     created:   #12 (in Qualification)
//     moved_forward: #11 Prospecting→Demo (11-14), #6 Demo→Proposal (11-18)
//     moved_back:    #6 Negotiation→Proposal (11-13, "Pricing reopened"),
//                    #6 Proposal→Demo (11-15, "Buyer wants a second demo")
//     won:       #8 Closing→"Won / Post-Sale" (the b2b won stage), amount 120,000
//     lost:      #9 "Lost to competitor" 40,000 (11-13), #10 "Price" 25,000 (11-16), #3 "Price" 80,000 (11-17)
//     reopened:  #7 Lost→Proposal (11-14)
//     close_date_slipped: #1 2026-12-15 → 2027-01-20 (not #11: no old date; not #5: earlier)
//     amount_changed:     #1 250000 → 300000 (not #7: before the review; not #12: after until)
//   owners (sorted by name):
//     alice: open #1 300k/240k, #2 120k/24k, #11 60k/24k → 3 deals, 480,000, 288,000, avg 160,000;
//            coverage 480/450 = 1.0667; win rate null (#10 lost from demo never reached
//            proposal: basis 0/0); cycle null; velocity null; stuck 3 (#1, #2, #11);
//            changes created 0, moved_forward 1 (#11), won 0, lost 1 (#10)
//     bob:   open #5 220k/176k, #6 200k/120k → 2, 420,000, 296,000, avg 210,000; coverage 0.9333;
//            win rate 1/1 = 1.0 (#8; #4 was before the period); cycle 37;
//            velocity 2 × 1 × 210,000 / 37 = 11,351.35; stuck 1 (#5);
//            changes created 0, moved_forward 1 (#6 on 11-18; its 11-10 move was before the review), won 1, lost 0
//     carol: open #7 150k/90k, #12 30k/3k → 2, 180,000, 93,000, avg 90,000; coverage 0.4;
//            win rate 0/2 = 0.0 (#3, #9); cycle null → velocity null; stuck 0;
//            changes created 1 (#12), moved_forward 0, won 0, lost 2 (#9, #3)
//
// REPORT BEFORE THE REVIEW (now 11-12 08:00, --since 2026-11-10, until = now): no review yet, so
//   changes start at the period start 11-10 00:00: moved_forward #6 Proposal→Negotiation
//   (11-10), #1 Proposal→Negotiation (11-11); lost #7 "Timing" (amount now 150,000);
//   amount_changed #7 140000 → 150000; nothing created. loss_reasons Timing 1 / 150,000;
//   win rate 0 won / 1 lost = 0.0.
// DEFAULT PERIOD (now 11-20 09:00, no options): [11-13T09:00Z, 11-20T09:00Z), 7 days. #9's loss
//   at exactly 11-13T09:00 is inside (the start is inclusive): win rate still 1 won / 2 lost;
//   changes now run to 11-20 09:00, so #12's amount change (11-20 08:00) joins #1's.
// BOUNDARY: --until 2026-11-13T09:00:00Z excludes #9's loss (the end is exclusive): no loss
//   reasons; --until 2026-11-13T09:00:01Z includes it.
// --owner bob: only #4, #5, #6, #8: proposal count 1, left 1 (#6, back) → 0.0; negotiation
//   left 1 (#6, back) → 0.0; closing 1/1; win rate 1.0; velocity 11,351.35; coverage 0.9333;
//   stuck [#5]; no loss reasons; owners [bob only].
//
// ============================================================================================
// SMALL BOARD (zero quota, no lost deals): b2b with `[quota] amount = 0`.
//  11-03 08:00 init; 11-03 09:00 #1 "Solo A" dave 50,000; 11-03 10:00 #2 "Solo B" dave 30,000
//  11-04 09:00 #1 force → proposal;  11-05 09:00 #2 force → qualification
//  11-07 09:00 #1 won --force;  11-08 09:00 #2 log call
//  Report now 11-09 12:00, default period [11-02T00:00Z, now]:
//   coverage null (quota 0); open 1 deal 30,000, weighted 3,000; win rate 1 won / 0 lost = 1.0;
//   cycle 11-07 − 11-03 = 4; velocity 1 × 1.0 × 30,000 / 4 = 7,500.00; loss_reasons [];
//   prospecting: left 2 (#1→proposal skipping three stages, #2→qualification), fwd 2, rate 1.0,
//   stays [1, 2] avg 1.5 median 1.5; proposal: left 1 (won), rate 1.0, stays [3];
//   qualification count 1, weighted 3,000; stuck none; changes (no review: since the period
//   start) created [#1, #2], moved_forward [#1, #2], won [#1], lost [].
// ============================================================================================

@Suite struct ReportFixtureTests {
    // MARK: Helpers

    static let reportNow = "2026-11-20T09:00:00Z"
    static let me: String = {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(geteuid())"
    }()

    /// Runs one command at `now` and insists it succeeds.
    static func step(_ cli: CLI, _ now: String, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try cli.run(args, now: now)
        #expect(r.status == 0, "\(args) at \(now): \(r.err)", sourceLocation: sourceLocation)
    }

    static func report(_ cli: CLI, now: String, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try cli.run(["report", "--format", "json"] + args, now: now)
        #expect(r.status == 0, "report \(args): \(r.err)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], sourceLocation: sourceLocation)
    }

    static func t(_ s: String) -> String { "2026-" + s.replacingOccurrences(of: " ", with: "T") + ":00Z" }

    /// One stage's expected figures (nil = JSON null).
    struct StageExp {
        var count: Double, value: Double, weighted: Double, over: Double
        var left: Double, forward: Double, rate: Double?
        var stays: Double, avg: Double?, median: Double?
    }

    static func num(_ any: Any?) -> Double? { any as? Double }
    static func isNull(_ any: Any?) -> Bool { any is NSNull }
    static func opt(_ any: Any?) -> Double?? { isNull(any) ? .some(nil) : (any as? Double).map { .some($0) } }

    static func checkStage(_ stages: [[String: Any]], _ key: String, _ e: StageExp, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let s = stages.first(where: { $0["key"] as? String == key }) else {
            Issue.record("no stage \(key)", sourceLocation: sourceLocation)
            return
        }
        #expect(num(s["count"]) == e.count, "\(key) count", sourceLocation: sourceLocation)
        #expect(num(s["value"]) == e.value, "\(key) value", sourceLocation: sourceLocation)
        #expect(num(s["weighted_value"]) == e.weighted, "\(key) weighted_value", sourceLocation: sourceLocation)
        #expect(num(s["over_target"]) == e.over, "\(key) over_target", sourceLocation: sourceLocation)
        #expect(num(s["left"]) == e.left, "\(key) left", sourceLocation: sourceLocation)
        #expect(num(s["went_forward"]) == e.forward, "\(key) went_forward", sourceLocation: sourceLocation)
        #expect(opt(s["conversion_rate"]) == .some(e.rate), "\(key) conversion_rate: \(String(describing: s["conversion_rate"]))", sourceLocation: sourceLocation)
        #expect(num(s["stays_ended"]) == e.stays, "\(key) stays_ended", sourceLocation: sourceLocation)
        #expect(opt(s["avg_days_in_stage"]) == .some(e.avg), "\(key) avg_days_in_stage: \(String(describing: s["avg_days_in_stage"]))", sourceLocation: sourceLocation)
        #expect(opt(s["median_days_in_stage"]) == .some(e.median), "\(key) median_days_in_stage: \(String(describing: s["median_days_in_stage"]))", sourceLocation: sourceLocation)
    }

    static func ids(_ list: Any?) -> [Int] { ((list as? [[String: Any]]) ?? []).compactMap { ($0["id"] as? Double).map { Int($0) } } }

    static func setManagers(_ cli: CLI, _ list: String) throws {
        let toml = cli.board + "/pipeline.toml"
        var text = try String(contentsOfFile: toml, encoding: .utf8)
        text = text.replacingOccurrences(of: #"managers = \[[^\]]*\]"#, with: "managers = \(list)", options: .regularExpression)
        try text.write(toFile: toml, atomically: true, encoding: .utf8)
    }

    /// Builds the main board of the plan above. `beforeReview` runs at 11-12 08:00, just
    /// before review-done is recorded.
    static func buildMainBoard(_ cli: CLI, beforeReview: (CLI) throws -> Void = { _ in }) throws {
        func force(_ n: String, _ stage: String, _ at: String) throws {
            try step(cli, t(at), "move", n, stage, "--force", "--reason", "fixture")
        }
        try step(cli, t("10-01 08:00"), "init", "--template", "b2b")
        try step(cli, t("10-01 09:00"), "add", "Acme platform", "--company", "Acme", "--amount", "250000", "--owner", "alice", "close_date=2026-12-15")
        try step(cli, t("10-01 10:00"), "add", "Juliet rollout", "--company", "Juliet", "--amount", "120000", "--owner", "alice", "--stage", "discovery", "--force", "--reason", "fixture",
                 "next_step=Send case study", "next_step_date=2026-11-05")
        try step(cli, t("10-02 09:00"), "add", "Echo renewal", "--company", "Echo", "--amount", "80000", "--owner", "carol")
        try step(cli, t("10-03 09:00"), "add", "Hotel licences", "--company", "Hotel", "--amount", "70000", "--owner", "bob")
        try step(cli, t("10-04 09:00"), "add", "Kilo expansion", "--company", "Kilo", "--amount", "220000", "--owner", "bob", "close_date=2026-12-20")
        try force("1", "qualification", "10-05 09:00")
        try step(cli, t("10-05 10:00"), "add", "Crane suite", "--company", "Crane", "--amount", "200000", "--owner", "bob", "close_date=2026-12-20")
        try step(cli, t("10-06 09:00"), "add", "India pilot", "--company", "India", "--amount", "140000", "--owner", "carol", "close_date=2026-12-01")
        try force("1", "discovery", "10-08 09:00")
        try step(cli, t("10-10 09:00"), "add", "Delta deal", "--company", "Delta", "--amount", "120000", "--owner", "bob", "close_date=2026-11-30")
        try force("1", "demo", "10-14 09:00")
        try force("6", "demo", "10-15 09:00")
        try force("5", "negotiation", "10-15 10:00")
        try force("4", "closing", "10-20 09:00")
        try force("8", "proposal", "10-20 10:00")
        try force("7", "proposal", "10-20 11:00")
        try step(cli, t("10-20 12:00"), "add", "Fox migration", "--company", "Fox", "--amount", "40000", "--owner", "carol")
        try force("3", "negotiation", "10-22 09:00")
        try force("6", "proposal", "10-25 09:00")
        try step(cli, t("10-26 09:00"), "add", "Golf seats", "--company", "Golf", "--amount", "25000", "--owner", "alice")
        try force("1", "proposal", "10-28 09:00")
        try force("9", "proposal", "11-02 09:00")
        try step(cli, t("11-03 09:00"), "add", "Bolt add-on", "--company", "Bolt", "--amount", "60000", "--owner", "alice")
        try step(cli, t("11-05 09:00"), "won", "4", "--force", "--reason", "Signed early")
        try force("8", "closing", "11-05 10:00")
        try force("10", "demo", "11-06 09:00")
        // The period starts 2026-11-10T00:00Z.
        try force("6", "negotiation", "11-10 10:00")
        try step(cli, t("11-11 09:00"), "lost", "7", "--reason", "Timing")
        try force("1", "negotiation", "11-11 10:00")
        try step(cli, t("11-11 12:00"), "edit", "7", "amount=150000")
        try beforeReview(cli)
        let done = try cli.run(["review-done", "--note", "weekly"], now: t("11-12 09:00"))
        #expect(done.status == 0, "\(done.err)")
        #expect(done.out.contains("review marked done at 2026-11-12 09:00 UTC by \(me)"))
        try step(cli, t("11-12 10:00"), "edit", "1", "next_step=Send redline", "next_step_owner=alice", "next_step_date=2026-11-18")
        try step(cli, t("11-13 09:00"), "lost", "9", "--reason", "Lost to competitor")
        try step(cli, t("11-13 10:00"), "edit", "1", "amount=300000")
        try step(cli, t("11-13 10:05"), "edit", "1", "close_date=2027-01-20")
        try step(cli, t("11-13 11:00"), "move", "6", "proposal", "--reason", "Pricing reopened")
        try step(cli, t("11-13 12:00"), "edit", "11", "close_date=2027-02-10")
        try force("11", "demo", "11-14 09:00")
        try step(cli, t("11-14 10:00"), "reopen", "7")
        try step(cli, t("11-14 11:00"), "edit", "5", "close_date=2026-12-10")
        try step(cli, t("11-15 09:00"), "move", "6", "demo", "--reason", "Buyer wants a second demo")
        try step(cli, t("11-16 09:00"), "won", "8", "--force", "--reason", "Signed")
        try step(cli, t("11-16 10:00"), "lost", "10", "--reason", "Price")
        try step(cli, t("11-16 11:00"), "add", "Lima starter", "--company", "Lima", "--amount", "20000", "--owner", "carol", "--stage", "qualification", "--force", "--reason", "fixture",
                 "close_date=2027-01-05")
        try step(cli, t("11-17 09:00"), "lost", "3", "--reason", "Price")
        try force("6", "proposal", "11-18 09:00")
        try step(cli, t("11-18 10:00"), "log", "1", "call", "Redline call")
        try step(cli, t("11-18 11:00"), "log", "5", "call", "Checked in")
        try step(cli, t("11-19 10:00"), "log", "6", "call", "Second demo debrief")
        try step(cli, t("11-19 11:00"), "log", "7", "note", "Budget back in Q1")
        // After --until 2026-11-19 (i.e. 11-20 00:00) but before now.
        try step(cli, t("11-20 08:00"), "edit", "12", "amount=30000")
        try expectEveryEventApplied(cli)
    }

    /// What the command line wrote replays under the rules untouched: `check` finds no event
    /// its author could not have made (rules hold at replay), so every figure counts every move.
    static func expectEveryEventApplied(_ cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let check = try cli.run(["check"], now: reportNow)
        #expect(check.status == 0, "\(check.out)", sourceLocation: sourceLocation)
        #expect(!check.out.contains("not allowed"), sourceLocation: sourceLocation)
    }

    // MARK: The main board, as JSON

    @Test func mainBoardJSON() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.buildMainBoard(cli) { cli in
            // Before any review-done: changes start at the period start.
            let pre = try Self.report(cli, now: Self.t("11-12 08:00"), "--since", "2026-11-10")
            let period = pre["period"] as! [String: Any]
            #expect(period["since"] as? String == "2026-11-10T00:00:00.000Z")
            #expect(period["until"] as? String == "2026-11-12T08:00:00.000Z")
            let c = pre["changes"] as! [String: Any]
            #expect(c["since"] as? String == "2026-11-10T00:00:00.000Z")
            #expect(Self.isNull(c["last_review"]))
            #expect(Self.ids(c["created"]) == [])
            #expect(Self.ids(c["moved_forward"]) == [6, 1])
            #expect((c["moved_forward"] as! [[String: Any]]).map { "\($0["from"] as? String ?? "")→\($0["to"] as? String ?? "")" }
                    == ["Proposal→Negotiation", "Proposal→Negotiation"])
            #expect(Self.ids(c["lost"]) == [7])
            let lost7 = (c["lost"] as! [[String: Any]])[0]
            #expect(lost7["reason"] as? String == "Timing")
            #expect(Self.num(lost7["amount"]) == 150000)
            #expect(Self.ids(c["amount_changed"]) == [7])
            let amount7 = (c["amount_changed"] as! [[String: Any]])[0]
            // Money values are numbers, like every other money value of the report (issue 9).
            #expect(Self.num(amount7["from"]) == 140000)
            #expect(Self.num(amount7["to"]) == 150000)
            #expect(Self.ids(c["reopened"]) == [])
            let losses = pre["loss_reasons"] as! [[String: Any]]
            #expect(losses.count == 1)
            #expect(losses.first?["reason"] as? String == "Timing")
            #expect(Self.num(losses.first?["value"]) == 150000)
            #expect(Self.num(pre["win_rate"]) == 0)
            #expect(Self.num((pre["win_rate_basis"] as! [String: Any])["lost"]) == 1)
        }

        let j = try Self.report(cli, now: Self.reportNow, "--since", "2026-11-10", "--until", "2026-11-19")
        let period = j["period"] as! [String: Any]
        #expect(period["since"] as? String == "2026-11-10T00:00:00.000Z")
        #expect(period["until"] as? String == "2026-11-20T00:00:00.000Z")
        #expect(Self.num(period["days"]) == 10)
        #expect(j["generated"] as? String == "2026-11-20T09:00:00.000Z")
        #expect(j["currency"] as? String == "USD")
        #expect(Self.isNull(j["owner"]))

        // Stages, in board order.
        let stages = j["stages"] as! [[String: Any]]
        #expect(stages.map { $0["key"] as? String ?? "" } == ["prospecting", "qualification", "discovery", "demo", "proposal", "negotiation", "closing"])
        typealias E = StageExp
        Self.checkStage(stages, "prospecting", E(count: 0, value: 0, weighted: 0, over: 0, left: 1, forward: 1, rate: 1, stays: 1, avg: 11, median: 11))
        Self.checkStage(stages, "qualification", E(count: 1, value: 30000, weighted: 3000, over: 0, left: 0, forward: 0, rate: nil, stays: 0, avg: nil, median: nil))
        Self.checkStage(stages, "discovery", E(count: 1, value: 120000, weighted: 24000, over: 1, left: 0, forward: 0, rate: nil, stays: 0, avg: nil, median: nil))
        Self.checkStage(stages, "demo", E(count: 1, value: 60000, weighted: 24000, over: 0, left: 2, forward: 1, rate: 0.5, stays: 2, avg: 6.5, median: 6.5))
        Self.checkStage(stages, "proposal", E(count: 2, value: 350000, weighted: 210000, over: 0, left: 4, forward: 1, rate: 0.25, stays: 5, avg: 13, median: 14))
        Self.checkStage(stages, "negotiation", E(count: 2, value: 520000, weighted: 416000, over: 1, left: 2, forward: 0, rate: 0, stays: 2, avg: 14.5, median: 14.5))
        Self.checkStage(stages, "closing", E(count: 0, value: 0, weighted: 0, over: 0, left: 1, forward: 1, rate: 1, stays: 1, avg: 11, median: 11))
        #expect(stages.map { Self.num($0["target_days"]) ?? -1 } == [5, 7, 14, 14, 21, 30, 10])

        // Headline figures.
        let open = j["open"] as! [String: Any]
        #expect(Self.num(open["deals"]) == 7)
        #expect(Self.num(open["value"]) == 1_080_000)
        #expect(Self.num(open["weighted_value"]) == 677_000)
        #expect(Self.num(open["average_value"]) == 154_285.71)
        #expect(Self.num(j["coverage"]) == 2.4)
        #expect(Self.num((j["quota"] as! [String: Any])["amount"]) == 450_000)
        #expect((j["quota"] as! [String: Any])["period"] as? String == "quarter")
        #expect(Self.num(j["win_rate"]) == 0.3333)
        let basis = j["win_rate_basis"] as! [String: Any]
        #expect(basis["from_stage"] as? String == "proposal")
        #expect(Self.num(basis["won"]) == 1)
        #expect(Self.num(basis["lost"]) == 2)
        #expect(Self.num(j["proposal_conversion"]) == 0.25)
        #expect(Self.num(j["average_sales_cycle_days"]) == 37)
        #expect(Self.num(j["pipeline_velocity"]) == 9729.73)

        // Forecast by close month; no close date last.
        let forecast = j["weighted_forecast"] as! [[String: Any]]
        #expect(forecast.count == 4)
        let months = forecast.map { $0["month"] as? String ?? "null" }
        #expect(months == ["2026-12", "2027-01", "2027-02", "null"])
        #expect(Self.isNull(forecast.last?["month"]))
        #expect(forecast.map { Self.num($0["deals"]) ?? -1 } == [3, 2, 1, 1])
        #expect(forecast.map { Self.num($0["value"]) ?? -1 } == [570_000, 330_000, 60_000, 120_000])
        #expect(forecast.map { Self.num($0["weighted_value"]) ?? -1 } == [386_000, 243_000, 24_000, 24_000])

        // Loss reasons: most deals first; the reopened "Timing" loss is gone.
        let losses = j["loss_reasons"] as! [[String: Any]]
        #expect(losses.map { $0["reason"] as? String ?? "" } == ["Price", "Lost to competitor"])
        #expect(losses.map { Self.num($0["deals"]) ?? -1 } == [2, 1])
        #expect(losses.map { Self.num($0["value"]) ?? -1 } == [105_000, 40_000])

        // Stuck deals: most reasons first, then the biggest amount, then longest without activity.
        let stuck = j["stuck"] as! [[String: Any]]
        #expect(Self.ids(stuck) == [2, 5, 1, 11])
        func kinds(_ id: Int) -> [String] {
            ((stuck.first { Self.num($0["id"]) == Double(id) }?["reasons"] as? [[String: Any]]) ?? []).map { $0["kind"] as? String ?? "" }
        }
        #expect(kinds(2) == ["stale", "over_target", "dormant", "next_step_overdue"])
        #expect(kinds(5) == ["over_target", "stalled_negotiation"])
        #expect(kinds(11) == ["stale"])
        #expect(kinds(1) == ["next_step_overdue"])
        #expect(stuck.map { Self.num($0["days_since_activity"]) ?? -1 } == [50, 2, 2, 17])
        #expect(stuck.map { Self.num($0["days_in_stage"]) ?? -1 } == [50, 36, 9, 6])
        #expect(stuck.map { $0["stage"] as? String ?? "" } == ["discovery", "negotiation", "negotiation", "demo"])
        let juliet = (stuck[0]["reasons"] as! [[String: Any]]).map { $0["text"] as? String ?? "" }
        #expect(juliet.contains { $0.contains("50 days") && $0.contains("14") })
        #expect(juliet.last?.contains("2026-11-05") == true)

        // Changes since the review (11-12 09:00) up to until (11-20 00:00).
        let c = j["changes"] as! [String: Any]
        #expect(c["since"] as? String == "2026-11-12T09:00:00.000Z")
        #expect(c["last_review"] as? String == "2026-11-12T09:00:00.000Z")
        #expect(c["last_review_by"] as? String == Self.me)
        #expect(Self.ids(c["created"]) == [12])
        let created = (c["created"] as! [[String: Any]])[0]
        #expect(created["to"] as? String == "Qualification")
        #expect(created["owner"] as? String == "carol")
        #expect(created["at"] as? String == "2026-11-16T11:00:00.000Z")
        #expect(created["by"] as? String == Self.me)
        func moves(_ key: String) -> [String] {
            ((c[key] as? [[String: Any]]) ?? []).map { "#\(Int(Self.num($0["id"]) ?? 0)) \($0["from"] as? String ?? "nil")→\($0["to"] as? String ?? "nil")" }
        }
        #expect(moves("moved_forward") == ["#11 Prospecting→Demo", "#6 Demo→Proposal"])
        #expect(moves("moved_back") == ["#6 Negotiation→Proposal", "#6 Proposal→Demo"])
        #expect((c["moved_back"] as! [[String: Any]]).map { $0["reason"] as? String ?? "" } == ["Pricing reopened", "Buyer wants a second demo"])
        #expect(Self.ids(c["won"]) == [8])
        #expect(moves("won") == ["#8 Closing→Won / Post-Sale"]) // the b2b won stage's name
        #expect(Self.num((c["won"] as! [[String: Any]])[0]["amount"]) == 120_000)
        #expect(Self.ids(c["lost"]) == [9, 10, 3])
        #expect((c["lost"] as! [[String: Any]]).map { $0["reason"] as? String ?? "" } == ["Lost to competitor", "Price", "Price"])
        #expect((c["lost"] as! [[String: Any]]).map { Self.num($0["amount"]) ?? -1 } == [40_000, 25_000, 80_000])
        #expect(moves("reopened") == ["#7 Lost→Proposal"])
        #expect(moves("close_date_slipped") == ["#1 2026-12-15→2027-01-20"])
        let amountChanged = (c["amount_changed"] as! [[String: Any]]).map { "#\(Int(Self.num($0["id"]) ?? 0)) \(Self.num($0["from"]) ?? -1)→\(Self.num($0["to"]) ?? -1)" }
        #expect(amountChanged == ["#1 250000.0→300000.0"])
        #expect((c["amount_changed"] as! [[String: Any]])[0]["at"] as? String == "2026-11-13T10:00:00.000Z")

        // Per owner.
        let owners = j["owners"] as! [[String: Any]]
        #expect(owners.map { $0["owner"] as? String ?? "" } == ["alice", "bob", "carol"])
        func owner(_ name: String) -> [String: Any] { owners.first { $0["owner"] as? String == name } ?? [:] }
        func openOf(_ name: String) -> [Double?] {
            let o = owner(name)["open"] as? [String: Any] ?? [:]
            return [Self.num(o["deals"]), Self.num(o["value"]), Self.num(o["weighted_value"]), Self.num(o["average_value"])]
        }
        func changesOf(_ name: String) -> [Double?] {
            let o = owner(name)["changes"] as? [String: Any] ?? [:]
            return [Self.num(o["created"]), Self.num(o["moved_forward"]), Self.num(o["won"]), Self.num(o["lost"])]
        }
        func basisOf(_ name: String) -> [Double?] {
            let b = owner(name)["win_rate_basis"] as? [String: Any] ?? [:]
            return [Self.num(b["won"]), Self.num(b["lost"])]
        }
        #expect(openOf("alice") == [3, 480_000, 288_000, 160_000])
        #expect(Self.num(owner("alice")["coverage"]) == 1.0667)
        #expect(Self.isNull(owner("alice")["win_rate"]))
        #expect(basisOf("alice") == [0, 0])
        #expect(Self.isNull(owner("alice")["average_sales_cycle_days"]))
        #expect(Self.isNull(owner("alice")["pipeline_velocity"]))
        #expect(Self.num(owner("alice")["stuck"]) == 3)
        #expect(changesOf("alice") == [0, 1, 0, 1])

        #expect(openOf("bob") == [2, 420_000, 296_000, 210_000])
        #expect(Self.num(owner("bob")["coverage"]) == 0.9333)
        #expect(Self.num(owner("bob")["win_rate"]) == 1)
        #expect(basisOf("bob") == [1, 0])
        #expect(Self.num(owner("bob")["average_sales_cycle_days"]) == 37)
        #expect(Self.num(owner("bob")["pipeline_velocity"]) == 11_351.35)
        #expect(Self.num(owner("bob")["stuck"]) == 1)
        #expect(changesOf("bob") == [0, 1, 1, 0])

        #expect(openOf("carol") == [2, 180_000, 93_000, 90_000])
        #expect(Self.num(owner("carol")["coverage"]) == 0.4)
        #expect(Self.num(owner("carol")["win_rate"]) == 0)
        #expect(basisOf("carol") == [0, 2])
        #expect(Self.isNull(owner("carol")["average_sales_cycle_days"]))
        #expect(Self.isNull(owner("carol")["pipeline_velocity"]))
        #expect(Self.num(owner("carol")["stuck"]) == 0)
        #expect(changesOf("carol") == [1, 0, 0, 2])

        // The default period: from midnight 7 days ago up to now (#9 lost at 11-13 09:00 is in).
        let d = try Self.report(cli, now: Self.reportNow)
        let dp = d["period"] as! [String: Any]
        #expect(dp["since"] as? String == "2026-11-13T00:00:00.000Z")
        #expect(dp["until"] as? String == "2026-11-20T09:00:00.000Z")
        #expect(Self.num(dp["days"]) == 7.38)
        #expect(Self.num(d["win_rate"]) == 0.3333)
        #expect((d["loss_reasons"] as! [[String: Any]]).map { $0["reason"] as? String ?? "" } == ["Price", "Lost to competitor"])
        // Changes now run to 11-20 09:00: #12's amount change at 08:00 is in.
        let dc = d["changes"] as! [String: Any]
        #expect(Self.ids(dc["amount_changed"]) == [1, 12])
        // Snapshot figures do not depend on the period.
        #expect(Self.num(d["coverage"]) == 2.4)
        #expect(Self.ids(d["stuck"]) == [2, 5, 1, 11])

        // "Since the last review" of an earlier period counts from the review before its end:
        // a week ending before the 11-12 review has none; the review's note is reported.
        let early = try Self.report(cli, now: Self.reportNow, "--since", "2026-11-05", "--until", "2026-11-11")
        let earlyChanges = early["changes"] as! [String: Any]
        #expect(Self.isNull(earlyChanges["last_review"]))
        #expect(earlyChanges["since"] as? String == "2026-11-05T00:00:00.000Z")
        #expect((dc["last_review_note"] as? String) == "weekly")

        // The end of the period is exclusive.
        let before = try Self.report(cli, now: Self.reportNow, "--since", "2026-11-10", "--until", "2026-11-13T09:00:00Z")
        #expect((before["loss_reasons"] as! [[String: Any]]).isEmpty)
        #expect(Self.num((before["win_rate_basis"] as! [String: Any])["lost"]) == 0)
        let after = try Self.report(cli, now: Self.reportNow, "--since", "2026-11-10", "--until", "2026-11-13T09:00:01Z")
        #expect((after["loss_reasons"] as! [[String: Any]]).map { $0["reason"] as? String ?? "" } == ["Lost to competitor"])
    }

    // MARK: The same board: --owner, text and Markdown

    @Test func mainBoardOwnerTextAndMarkdown() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.buildMainBoard(cli)

        // --owner narrows everything to that rep's deals.
        let b = try Self.report(cli, now: Self.reportNow, "--since", "2026-11-10", "--until", "2026-11-19", "--owner", "bob")
        #expect(b["owner"] as? String == "bob")
        #expect((b["owners"] as! [[String: Any]]).map { $0["owner"] as? String ?? "" } == ["bob"])
        let bo = b["open"] as! [String: Any]
        #expect(Self.num(bo["deals"]) == 2)
        #expect(Self.num(bo["value"]) == 420_000)
        #expect(Self.num(bo["weighted_value"]) == 296_000)
        #expect(Self.num(b["coverage"]) == 0.9333)
        #expect(Self.num(b["win_rate"]) == 1)
        #expect(Self.num(b["average_sales_cycle_days"]) == 37)
        #expect(Self.num(b["pipeline_velocity"]) == 11_351.35)
        #expect(Self.num(b["proposal_conversion"]) == 0)
        let bs = b["stages"] as! [[String: Any]]
        typealias E = StageExp
        Self.checkStage(bs, "proposal", E(count: 1, value: 200_000, weighted: 120_000, over: 0, left: 1, forward: 0, rate: 0, stays: 2, avg: 9, median: 9))
        Self.checkStage(bs, "negotiation", E(count: 1, value: 220_000, weighted: 176_000, over: 1, left: 1, forward: 0, rate: 0, stays: 1, avg: 3, median: 3))
        Self.checkStage(bs, "closing", E(count: 0, value: 0, weighted: 0, over: 0, left: 1, forward: 1, rate: 1, stays: 1, avg: 11, median: 11))
        Self.checkStage(bs, "prospecting", E(count: 0, value: 0, weighted: 0, over: 0, left: 0, forward: 0, rate: nil, stays: 0, avg: nil, median: nil))
        #expect((b["loss_reasons"] as! [[String: Any]]).isEmpty)
        #expect(Self.ids(b["stuck"]) == [5])
        let bc = b["changes"] as! [String: Any]
        #expect(Self.ids(bc["created"]) == [])
        #expect(Self.ids(bc["won"]) == [8])
        #expect(Self.ids(bc["moved_back"]) == [6, 6])
        #expect(Self.ids(bc["lost"]) == [])

        // Text: the headline shows the same figures.
        let text = try cli.run(["report", "--since", "2026-11-10", "--until", "2026-11-19"], now: Self.reportNow)
        #expect(text.status == 0, "\(text.err)")
        let lines = text.out.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String { lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) } ?? "" }
        #expect(lines.first?.contains("Pipeline review") == true)
        #expect(text.out.contains("Period 2026-11-10 through 2026-11-19, 10 days"))
        #expect(text.out.contains("Last review 2026-11-12 09:00 UTC by \(Self.me)"))
        #expect(line("Coverage").contains("2.4:1"))
        #expect(line("Coverage").contains("$1.1M"))
        #expect(line("Coverage").contains("below 3:1"))
        #expect(line("Win rate").contains("33%"))
        #expect(line("Win rate").contains("1 won, 2 lost (reached Proposal)"))
        #expect(line("Proposal → next").contains("25%"))
        #expect(line("Proposal → next").contains("1 of 4 went forward"))
        #expect(line("Pipeline velocity").contains("$10k/day"))
        #expect(line("Pipeline velocity").contains("7 open × 33% × $154k ÷ 37 days"))
        #expect(line("Weighted pipeline").contains("$677k"))
        #expect(line("Avg sales cycle").contains("37"))
        #expect(text.out.contains("STUCK DEALS (4)"))
        #expect(line("Price").contains("2") && line("Price").contains("$105k"))
        #expect(line("Lost to competitor").contains("$40k"))
        #expect(text.out.contains("Close date slipped (1)"))
        #expect(text.out.contains("#1 Acme platform: 2026-12-15 → 2027-01-20"))
        #expect(text.out.contains("Amount changed (1)"))
        #expect(text.out.contains("#1 Acme platform: $250,000 → $300,000"))
        #expect(text.out.contains("Reopened (1)"))
        #expect(text.out.contains("Moved back (2)"))
        // Funnel rows: name, count, value, weighted, over target.
        let funnelProposal = lines.first { $0.hasPrefix("  Proposal") && $0.contains("$350k") }
        #expect(funnelProposal?.contains("$210k") == true)
        let funnelNegotiation = lines.first { $0.hasPrefix("  Negotiation") && $0.contains("$520k") }
        #expect(funnelNegotiation?.hasSuffix(" 1") == true)
        // Per rep rows.
        let bobRow = lines.first { $0.hasPrefix("  bob ") } ?? ""
        #expect(bobRow.contains("$420k") && bobRow.contains("$296k") && bobRow.contains("100%") && bobRow.contains("$11k/d"))
        let carolRow = lines.first { $0.hasPrefix("  carol ") } ?? ""
        #expect(carolRow.contains("$180k") && carolRow.contains("0%"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "the text report fits 80 columns")

        // Markdown: table rows with the same figures.
        let md = try cli.run(["report", "--format", "markdown", "--since", "2026-11-10", "--until", "2026-11-19"], now: Self.reportNow)
        #expect(md.status == 0, "\(md.err)")
        let rows = md.out.split(separator: "\n").map(String.init)
        for row in [
            "| Coverage (open $1,080,000 / quota $450,000 per quarter) | 2.4:1 | ⚠️ below (3:1) |",
            "| Win rate (1 won, 2 lost, reached Proposal) | 33% | ✅ (25%) |",
            "| Proposal → next stage | 25% | ⚠️ below (30%) |",
            "| Pipeline velocity | $9,729.73/day | |",
            "| Weighted pipeline (7 open deals, $1,080,000) | $677,000 | |",
            "| Average sales cycle | 37 days | |",
            "| Prospecting | 0 | $0 | $0 | 0 | 100% | 1 | 11 | 11 | 5 |",
            "| Qualification | 1 | $30,000 | $3,000 | 0 | — | 0 | — | — | 7 |",
            "| Discovery | 1 | $120,000 | $24,000 | 1 | — | 0 | — | — | 14 |",
            "| Demo | 1 | $60,000 | $24,000 | 0 | 50% | 2 | 6.5 | 6.5 | 14 |",
            "| Proposal | 2 | $350,000 | $210,000 | 0 | 25% | 4 | 13 | 14 | 21 |",
            "| Negotiation | 2 | $520,000 | $416,000 | 1 | 0% | 2 | 14.5 | 14.5 | 30 |",
            "| Closing | 0 | $0 | $0 | 0 | 100% | 1 | 11 | 11 | 10 |",
            "| 2026-12 | 3 | $570,000 | $386,000 |",
            "| 2027-01 | 2 | $330,000 | $243,000 |",
            "| 2027-02 | 1 | $60,000 | $24,000 |",
            "| no date | 1 | $120,000 | $24,000 |",
            "| Price | 2 | $105,000 |",
            "| Lost to competitor | 1 | $40,000 |",
            "| alice | 3 | $480,000 | $288,000 | 0 | 1 | — | — | — | 3 |",  // #10, lost from Demo: closed, not in the win rate
            "| bob | 2 | $420,000 | $296,000 | 1 | 0 | 100% | 37 | $11,351.35/day | 1 |",
            "| carol | 2 | $180,000 | $93,000 | 0 | 2 | 0% | — | — | 0 |",
        ] {
            #expect(rows.contains(row), "markdown row missing: \(row)")
        }
        #expect(md.out.contains("## Stuck deals (4)"))
        #expect(md.out.contains("- #1 Acme platform: 2026-12-15 → 2027-01-20"))
        #expect(md.out.contains("**Lost (3)**"))
        // Stuck entries in the same order as the JSON.
        let stuckOrder = rows.filter { $0.hasPrefix("- **#") }.compactMap { $0.dropFirst(5).split(separator: " ").first.map(String.init) }
        #expect(stuckOrder == ["2", "5", "1", "11"])
    }

    // MARK: Zero quota, no lost deals

    @Test func zeroQuotaAndNoLostDeals() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.step(cli, Self.t("11-03 08:00"), "init", "--template", "b2b")
        let toml = cli.board + "/pipeline.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        let zero = text.replacingOccurrences(of: #"\[quota\]\namount = 450000"#, with: "[quota]\namount = 0", options: .regularExpression)
        #expect(zero != text, "the quota line was found")
        try zero.write(toFile: toml, atomically: true, encoding: .utf8)
        try Self.step(cli, Self.t("11-03 09:00"), "add", "Solo A", "--amount", "50000", "--owner", "dave")
        try Self.step(cli, Self.t("11-03 10:00"), "add", "Solo B", "--amount", "30000", "--owner", "dave")
        try Self.step(cli, Self.t("11-04 09:00"), "move", "1", "proposal", "--force", "--reason", "fixture")
        try Self.step(cli, Self.t("11-05 09:00"), "move", "2", "next", "--force", "--reason", "fixture")
        try Self.step(cli, Self.t("11-07 09:00"), "won", "1", "--force", "--reason", "fixture")
        try Self.step(cli, Self.t("11-08 09:00"), "log", "2", "call", "Check-in")
        try Self.expectEveryEventApplied(cli)
        let now = Self.t("11-09 12:00")

        let j = try Self.report(cli, now: now)
        let period = j["period"] as! [String: Any]
        #expect(period["since"] as? String == "2026-11-02T00:00:00.000Z")
        #expect(period["until"] as? String == "2026-11-09T12:00:00.000Z")
        #expect(Self.isNull(j["coverage"]))
        #expect(Self.num((j["quota"] as! [String: Any])["amount"]) == 0)
        let open = j["open"] as! [String: Any]
        #expect(Self.num(open["deals"]) == 1)
        #expect(Self.num(open["value"]) == 30_000)
        #expect(Self.num(open["weighted_value"]) == 3_000)
        #expect(Self.num(j["win_rate"]) == 1)
        #expect(Self.num((j["win_rate_basis"] as! [String: Any])["won"]) == 1)
        #expect(Self.num((j["win_rate_basis"] as! [String: Any])["lost"]) == 0)
        #expect(Self.num(j["average_sales_cycle_days"]) == 4)
        #expect(Self.num(j["pipeline_velocity"]) == 7_500)
        #expect((j["loss_reasons"] as! [Any]).isEmpty)
        #expect((j["stuck"] as! [Any]).isEmpty)
        #expect(Self.num(j["proposal_conversion"]) == 1)
        let stages = j["stages"] as! [[String: Any]]
        typealias E = StageExp
        Self.checkStage(stages, "prospecting", E(count: 0, value: 0, weighted: 0, over: 0, left: 2, forward: 2, rate: 1, stays: 2, avg: 1.5, median: 1.5))
        Self.checkStage(stages, "qualification", E(count: 1, value: 30_000, weighted: 3_000, over: 0, left: 0, forward: 0, rate: nil, stays: 0, avg: nil, median: nil))
        Self.checkStage(stages, "proposal", E(count: 0, value: 0, weighted: 0, over: 0, left: 1, forward: 1, rate: 1, stays: 1, avg: 3, median: 3))
        Self.checkStage(stages, "negotiation", E(count: 0, value: 0, weighted: 0, over: 0, left: 0, forward: 0, rate: nil, stays: 0, avg: nil, median: nil))
        let owners = j["owners"] as! [[String: Any]]
        #expect(owners.map { $0["owner"] as? String ?? "" } == ["dave"])
        #expect(Self.isNull(owners.first?["coverage"]))
        #expect(Self.num(owners.first?["pipeline_velocity"]) == 7_500)
        let c = j["changes"] as! [String: Any]
        #expect(c["since"] as? String == "2026-11-02T00:00:00.000Z")
        #expect(Self.isNull(c["last_review"]))
        #expect(Self.ids(c["created"]) == [1, 2])
        #expect(Self.ids(c["moved_forward"]) == [1, 2])
        #expect(Self.ids(c["won"]) == [1])
        #expect(Self.ids(c["lost"]) == [])

        let t = try cli.run(["report"], now: now)
        #expect(t.status == 0, "\(t.err)")
        let coverage = t.out.split(separator: "\n").first { $0.contains("Coverage") }.map(String.init) ?? ""
        #expect(coverage.contains("—"))
        #expect(coverage.contains("no quota set"))
        #expect(coverage.contains("no data yet"))
        #expect(t.out.contains("no deals lost in the period"))
        #expect(t.out.contains("100%"))
        #expect(t.out.contains("No review marked done yet"))
        let md = try cli.run(["report", "--format", "markdown"], now: now)
        #expect(md.status == 0, "\(md.err)")
        #expect(md.out.contains("No deals lost in the period."))
        #expect(md.out.contains("| Coverage (open $30,000 / quota $0 per quarter) | — | no data (3:1) |"))
        #expect(md.out.contains("| Pipeline velocity | $7,500/day | |"))
        #expect(md.out.contains("| dave | 1 | $30,000 | $3,000 | 1 | 0 | 100% | 4 | $7,500/day | 0 |"))
    }

    // MARK: Bad input

    @Test func badInputFailsClearly() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.step(cli, Self.t("11-03 08:00"), "init", "--template", "b2b")
        try Self.step(cli, Self.t("11-03 09:00"), "add", "Solo A", "--amount", "50000", "--owner", "dave")
        let now = Self.t("11-09 12:00")

        let badMonth = try cli.run(["report", "--since", "2026-13-01"], now: now)
        #expect(badMonth.status == 2)
        #expect(badMonth.err.contains("--since"))
        #expect(badMonth.err.contains("2026-13-01"))
        #expect(badMonth.out.isEmpty)

        let badUntil = try cli.run(["report", "--until", "yesterday"], now: now)
        #expect(badUntil.status == 2)
        #expect(badUntil.err.contains("--until"))

        let reversed = try cli.run(["report", "--since", "2026-11-08", "--until", "2026-11-05"], now: now)
        #expect(reversed.status == 2)
        #expect(reversed.err.contains("--since"))
        #expect(reversed.err.contains("--until"))
        #expect(reversed.out.isEmpty)

        // --until is through that day: the same day as --since is a one-day period, not an error.
        let oneDay = try Self.report(cli, now: now, "--since", "2026-11-05", "--until", "2026-11-05")
        #expect(Self.num((oneDay["period"] as! [String: Any])["days"]) == 1)

        let nobody = try cli.run(["report", "--owner", "nobody"], now: now)
        #expect(nobody.status == 2)
        #expect(nobody.err.contains("nobody"))
        #expect(nobody.err.contains("dave"))

        #expect(try cli.run(["report", "--format", "xml"], now: now).status != 0)

        // review-done is for managers only.
        try Self.setManagers(cli, "[\"maria\"]")
        let denied = try cli.run(["review-done"], now: now)
        #expect(denied.status == 1)
        #expect(!denied.err.isEmpty)
        let after = try Self.report(cli, now: now)
        #expect(Self.isNull((after["changes"] as! [String: Any])["last_review"]), "a refused review-done records nothing")
    }
}
