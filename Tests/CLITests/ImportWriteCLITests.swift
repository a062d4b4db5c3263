import Foundation
import Testing

/// Issue 11, the import written: each format's deals keep the CRM's dates (the weekly review's
/// figures over a fixed window are the hand-computed ones), re-import writes nothing, a newer
/// export updates only what changed, all or nothing, --skip-bad and its rejects file, the round
/// trip through dealboard's own CSV, undo of the whole import, and the gates for non-managers.
extension ImportCLITests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The weekly review over October 2026, as JSON.
    func october(_ cli: CLI) throws -> [String: Any] {
        let r = try cli.run("report", "--since", "2026-10-01", "--until", "2026-10-31", "--format", "json")
        #expect(r.status == 0, "\(r.err)")
        return try json(r.out)
    }

    func stage(_ report: [String: Any], _ key: String) -> [String: Any] {
        ((report["stages"] as? [[String: Any]]) ?? []).first { $0["key"] as? String == key } ?? [:]
    }

    /// Σ of the amounts of the deals won in the window (the review's list of them).
    func wonValue(_ report: [String: Any]) -> Double {
        let won = ((report["changes"] as? [String: Any])?["won"] as? [[String: Any]]) ?? []
        return won.compactMap { ($0["amount"] as? NSNumber)?.doubleValue }.reduce(0, +)
    }

    // MARK: Pipedrive

    static let pipedriveGood = [
        "Deal - ID;Deal - Title;Deal - Value;Deal - Currency of value;Deal - Organization;Deal - Owner;Deal - Stage;Deal - Status;Deal - Deal created;Deal - Won time;Deal - Lost time;Deal - Lost reason",
        "101;Acme renewal;12000;USD;Acme;Maria Rossi;Proposal Made;Open;2026-09-01 10:00:00;;;",
        "102;Umbrella;9000;USD;Umbrella;Maria Rossi;Qualified;Won;2026-09-01 09:00:00;2026-10-11 09:00:00;;",
        "103;Initech;5000;USD;Initech;Maria Rossi;Negotiations Started;Won;2026-09-21 09:00:00;2026-10-21 09:00:00;;",
        "104;Hooli;7000;USD;Hooli;Maria Rossi;Qualified;Lost;2026-08-01 09:00:00;;2026-10-01 09:00:00;Too pricey",
    ].joined(separator: "\r\n") + "\r\n"

    @Test func aPipedriveImportKeepsTheCRMsDatesAndTheReviewAddsUp() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "deals.csv", Self.pipedriveGood, bom: true)
        let map = try write(cli, "map.toml", Self.pipedriveMap)
        let r = try cli.run("import", file, "--map", map)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "imported deals.csv (pipedrive): 4 created, 0 updated, 0 unchanged; 7 events written (dealboard undo takes the import back)\n")
        // The deal's own dates are the CRM's; the events say where they came from.
        let show = try cli.run("show", "2")
        #expect(show.out.contains("  2026-09-01  Qualification    40d  created by \(CLI.user)  (imported from pipedrive, row 3)\n"), "\(show.out)")
        #expect(show.out.contains("  2026-10-11  Won / Post-Sale  22d  won by \(CLI.user)  (imported from pipedrive, row 3)\n"), "\(show.out)")
        let history = try cli.run("history", "4")
        #expect(history.out == """
            2026-11-02 09:00 UTC  \(CLI.user.padding(toLength: max(10, CLI.user.count), withPad: " ", startingAt: 0))  #4     created "Hooli" in Qualification (imported from pipedrive, row 5, on 2026-08-01 09:00 UTC)
            2026-11-02 09:00 UTC  \(CLI.user.padding(toLength: max(10, CLI.user.count), withPad: " ", startingAt: 0))  #4     moved Qualification → Lost (Price) (imported from pipedrive, row 5, on 2026-10-01 09:00 UTC)

            """)
        let lines = try cli.run("history", "4", "--format", "json").out.split(separator: "\n").map { try json(String($0)) }
        let source = (lines[0]["data"] as? [String: Any])?["imported"] as? [String: Any]
        #expect(source?["format"] as? String == "pipedrive" && source?["file"] as? String == "deals.csv" && source?["row"] as? Int == 5 && source?["record"] as? String == "104")
        #expect((lines[0]["data"] as? [String: Any])?["at"] as? String == "2026-08-01T09:00:00.000Z")
        #expect(lines[0]["ts"] as? String == "2026-11-02T09:00:00.000Z") // written now: the event's own time is the truth

        // By hand, October: Umbrella won 40 days after it was created (from Qualification),
        // Initech 30 days after (from Negotiation), Hooli lost from Qualification after 61 days.
        let oct = try october(cli)
        #expect(oct["average_sales_cycle_days"] as? Double == 35)
        #expect(wonValue(oct) == 14000)
        let qualification = stage(oct, "qualification")
        #expect(qualification["left"] as? Int == 2 && qualification["went_forward"] as? Int == 1)
        #expect(qualification["conversion_rate"] as? Double == 0.5)
        #expect(qualification["avg_days_in_stage"] as? Double == 50.5)
        #expect(stage(oct, "negotiation")["conversion_rate"] as? Double == 1)
        #expect((oct["win_rate_basis"] as? [String: Any])?["won"] as? Int == 2)
        #expect((oct["loss_reasons"] as? [[String: Any]])?.first?["reason"] as? String == "Price")

        // Importing the same file again writes nothing.
        let before = try files(cli)
        let again = try cli.run("import", file, "--map", map)
        #expect(again.status == 0)
        #expect(again.out == "imported deals.csv (pipedrive): 0 created, 0 updated, 4 unchanged; nothing to write\n")
        #expect(try files(cli) == before)

        // A newer export: Acme's amount changed and Acme moved on; only that is written.
        let newer = Self.pipedriveGood.replacingOccurrences(of: "101;Acme renewal;12000;USD;Acme;Maria Rossi;Proposal Made",
                                                            with: "101;Acme renewal;15000;USD;Acme;Maria Rossi;Negotiations Started")
        let update = try cli.run("import", try write(cli, "newer.csv", newer), "--map", map, now: "2026-11-03T09:00:00Z")
        #expect(update.out == "imported newer.csv (pipedrive): 0 created, 1 updated, 3 unchanged; 2 events written (dealboard undo takes the import back)\n", "\(update.err)")
        let acme = try cli.run("history", "1", "--last", "2").out
        #expect(acme == """
            2026-11-03 09:00 UTC  \(CLI.user.padding(toLength: max(10, CLI.user.count), withPad: " ", startingAt: 0))  #1     set Amount: $15,000 (imported from pipedrive, row 2)
            2026-11-03 09:00 UTC  \(CLI.user.padding(toLength: max(10, CLI.user.count), withPad: " ", startingAt: 0))  #1     moved Proposal → Negotiation (imported from pipedrive, row 2)

            """)

        // Undo takes the newer import back whole, then the first one: every deal it made goes.
        let undo1 = try cli.run("undo", now: "2026-11-03T10:00:00Z")
        #expect(undo1.out == "undid the import of newer.csv: 1 deal\n", "\(undo1.err)")
        #expect(try cli.run("show", "1").out.contains("  Amount:   $12,000\n"))
        #expect(try cli.run("show", "1").out.contains("  Stage:    Proposal"))
        let undo2 = try cli.run("undo", now: "2026-11-03T10:01:00Z")
        #expect(undo2.out == "undid the import of deals.csv: 4 deals\n", "\(undo2.err)")
        #expect(try cli.run("list").out == "no deals\n")
        #expect(try cli.run("check").status == 0)
    }

    // MARK: HubSpot: the Date entered columns are the stage history

    @Test func aHubSpotImportKeepsItsStageHistory() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "hubspot.csv", [
            "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline,Create Date,Date entered \"Appointment Scheduled (Sales Pipeline)\",Date entered \"Contract Sent (Sales Pipeline)\"",
            "9001,\"Acme, Inc. expansion\",Contract Sent,12/15/2026,maria@example.com,\"25,000\",Sales Pipeline,09/01/2026 10:00,09/01/2026 10:00,10/15/2026 2:30 PM",
            "9003,Initech,Closed Won,10/20/2026,Maria Rossi,1000,Sales Pipeline,09/01/2026,09/01/2026,10/01/2026",
        ].joined(separator: "\n") + "\n")
        let map = try write(cli, "map.toml", Self.hubspotMap)
        let r = try cli.run("import", file, "--map", map)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("imported hubspot.csv (hubspot): 2 created, 0 updated, 0 unchanged; 5 events written"))
        #expect(try cli.run("show", "1").out.contains("  Stage:    Negotiation, 18 days (since 2026-10-15)"))
        // By hand: Discovery left twice in October (Acme after 44 days, Initech after 30), both
        // forward; Initech's Negotiation stay ended in the win after 19 days; cycle 49 days.
        let oct = try october(cli)
        let discovery = stage(oct, "discovery")
        #expect(discovery["left"] as? Int == 2 && discovery["conversion_rate"] as? Double == 1)
        #expect(discovery["avg_days_in_stage"] as? Double == 37)
        #expect(stage(oct, "negotiation")["avg_days_in_stage"] as? Double == 19)
        #expect(oct["average_sales_cycle_days"] as? Double == 49)
        #expect(wonValue(oct) == 1000)
    }

    // MARK: Salesforce

    @Test func aSalesforceImportKeepsItsCreatedAndClosedDates() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "sf.csv", """
            Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Stage,Probability (%),Opportunity Owner,Next Step,Created Date
            0065g00000AbCdE,Big deal,Contoso,"12,500.00",1/31/2027,Proposal/Price Quote,75,Maria Rossi,Send quote,9/1/2026
            0065g00000AbCdF,Won deal,Fabrikam,"20,000.00",10/15/2026,Closed Won,100,Maria Rossi,,9/15/2026

            """)
        let map = try write(cli, "map.toml", "[stages]\n\"Proposal/Price Quote\" = \"proposal\"\n\"Closed Won\" = \"won\"\n")
        let r = try cli.run("import", file, "--map", map)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("imported sf.csv (salesforce): 2 created"))
        // By hand: the won deal was created on 15 September and won on 15 October: 30 days.
        let oct = try october(cli)
        #expect(oct["average_sales_cycle_days"] as? Double == 30)
        #expect(wonValue(oct) == 20000)
        #expect(stage(oct, "prospecting")["conversion_rate"] as? Double == 1)
        #expect(try cli.run("show", "1").out.contains("  2026-09-01  Proposal"))
    }

    // MARK: All or nothing, --skip-bad, the rejects file

    @Test func oneBadRowWritesNothingAndSkipBadWritesTheRestAndTheRejects() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let bad = Self.pipedriveGood + "105;Pied Piper;3000;USD;Pied Piper;Maria Rossi;Demo Scheduled;Open;2026-10-01 09:00:00;;;\r\n"
        let file = try write(cli, "deals.csv", bad)
        let map = try write(cli, "map.toml", Self.pipedriveMap)
        let before = try files(cli)
        let refused = try cli.run("import", file, "--map", map)
        #expect(refused.status == 2)
        #expect(refused.out.isEmpty)
        #expect(refused.err == """
            dealboard: 1 problem in deals.csv; nothing was written (--skip-bad writes the good rows and the bad ones to a rejects file):
            deals.csv: row 6: Deal - Stage "Demo Scheduled": not a stage of the board; map it in [stages] of the mapping file (--write-map makes one)

            """)
        #expect(try files(cli) == before)

        // A symlink planted where the rejects go is refused, and nothing is written.
        let rejects = (cli.board as NSString).deletingLastPathComponent + "/deals.rejects.csv"
        let victim = (cli.board as NSString).deletingLastPathComponent + "/victim.txt"
        try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: rejects, withDestinationPath: victim)
        let planted = try cli.run("import", file, "--map", map, "--skip-bad")
        #expect(planted.status == 2)
        #expect(planted.err.contains("deals.rejects.csv: it is a symbolic link"), "\(planted.err)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(try files(cli) == before)
        try FileManager.default.removeItem(atPath: rejects)
        // So is a FIFO (opening it would hang), named with --rejects.
        let fifo = (cli.board as NSString).deletingLastPathComponent + "/fifo.csv"
        #expect(mkfifo(fifo, 0o644) == 0)
        let toFIFO = try cli.run("import", file, "--map", map, "--skip-bad", "--rejects", fifo)
        #expect(toFIFO.status == 2)
        #expect(toFIFO.err.contains("fifo.csv: it is a FIFO"), "\(toFIFO.err)")
        #expect(try files(cli) == before)
        // --rejects alone is a usage error: without --skip-bad there is no rejects file.
        #expect(try cli.run("import", file, "--map", map, "--rejects", fifo).status == 64)

        let skipped = try cli.run("import", file, "--map", map, "--skip-bad")
        #expect(skipped.status == 0, "\(skipped.err)")
        #expect(skipped.out.hasPrefix("imported deals.csv (pipedrive): 4 created, 0 updated, 0 unchanged, 1 skipped (bad rows in \(rejects)); 7 events written"))
        let text = try String(contentsOfFile: rejects, encoding: .utf8)
        var st = stat()
        #expect(stat(rejects, &st) == 0 && st.st_mode & 0o777 == 0o600, "deal data is its owner's only")
        #expect(text.hasPrefix("Deal - ID,Deal - Title,Deal - Value,Deal - Currency of value,Deal - Organization,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Lost reason,row,column,value,reason"))
        #expect(text.contains("105,Pied Piper,3000,USD,Pied Piper,Maria Rossi,Demo Scheduled,Open,2026-10-01 09:00:00,,,,6,Deal - Stage,Demo Scheduled,"), "\(text)")
        // An existing rejects file is not overwritten unless asked.
        let fixedLater = try cli.run("import", file, "--map", map, "--skip-bad")
        #expect(fixedLater.status == 2)
        #expect(fixedLater.err.contains("deals.rejects.csv exists; not overwriting it"))
        #expect(try cli.run("import", file, "--map", map, "--skip-bad", "--overwrite-rejects").out.contains("0 created, 0 updated, 4 unchanged, 1 skipped"))
    }

    /// More deals than the undo history keeps changes (200): an import is still one step.
    @Test func aBigImportIsUndoneInOneStep() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        var csv = "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time\n"
        for i in 1...300 {
            csv += "\(i),Deal \(i),\(i * 100),maria,Qualified,\(i % 3 == 0 ? "Won" : "Open"),2026-09-01 10:00:00,\(i % 3 == 0 ? "2026-10-01 10:00:00" : "")\n"
        }
        let file = try write(cli, "big.csv", csv)
        let map = try write(cli, "map.toml", Self.pipedriveMap)
        #expect(try cli.run("add", "Before", now: "2026-11-01T09:00:00Z").status == 0)
        let r = try cli.run("import", file, "--map", map)
        #expect(r.out == "imported big.csv (pipedrive): 300 created, 0 updated, 0 unchanged; 400 events written (dealboard undo takes the import back)\n", "\(r.err)")
        let undo = try cli.run("undo", now: "2026-11-02T10:00:00Z")
        #expect(undo.out == "undid the import of big.csv: 300 deals\n", "\(undo.err)")
        #expect(try cli.run("list").out.split(separator: "\n").count == 3) // the header, its rule and "Before"
        #expect(try cli.run("check").status == 0)
    }

    /// A write that fails half way (a file-size limit hit after some of the import's lines are
    /// out): the journal is cut back to what it was; nothing of the import is left.
    @Test func anImportWhoseWriteFailsLeavesNoBytes() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        var csv = "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created\n"
        for i in 1...400 { csv += "\(i),Deal \(i) with a long enough title to fill the journal,\(i * 100),maria,Qualified,Open,2026-09-01 10:00:00\n" }
        let file = try write(cli, "big.csv", csv)
        let map = try write(cli, "map.toml", Self.pipedriveMap)
        #expect(try cli.run("add", "Before").status == 0)
        let before = try files(cli)
        let r = try cli.shell("ulimit -f 64; \"$DB\" import '\(file)' --map '\(map)'")
        #expect(r.status == 2)
        #expect(r.err.contains("File too large") && r.err.contains("nothing was written"), "\(r.err)")
        #expect(try files(cli) == before)
        #expect(try cli.run("check").status == 0)
    }

    // MARK: Round trip through dealboard's own CSV

    @Test func anExportImportedIntoAnEmptyBoardExportsTheSame() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        #expect(try cli.run("add", "Acme", "--company", "Acme", "--amount", "12000.5", "--owner", "maria", "close_date=2026-12-01", now: "2026-10-01T10:00:00Z").status == 0)
        #expect(try cli.run("add", "Globex", "--amount", "8k", now: "2026-10-05T10:00:00Z").status == 0)
        #expect(try cli.run("check-item", "1", "Company size fits", now: "2026-10-06T10:00:00Z").status == 0)
        #expect(try cli.run("move", "2", "qualification", "--force", "--reason", "known", now: "2026-10-07T10:00:00Z").status == 0)
        #expect(try cli.run("lost", "2", "--reason", "price", now: "2026-10-20T10:00:00Z").status == 0)
        let export = try cli.run("export", "--include-closed", "--stage-history")
        let file = try write(cli, "export.csv", export.out)

        let fresh = try board()
        defer { fresh.cleanUp() }
        let r = try fresh.run("import", file, "--from", "csv")
        #expect(r.status == 0, "\(r.err)")
        // The same rows, ids and numbers included: the number is the deal's, the source id the
        // first board's deal id, kept on the new deal.
        #expect(try fresh.run("export", "--include-closed", "--stage-history").out == export.out)
        #expect(try fresh.run("import", file, "--from", "csv").out.contains("0 created, 0 updated, 2 unchanged"))
    }
}
