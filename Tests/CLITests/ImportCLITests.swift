import Foundation
import Testing

/// Issue 11, the way in: CRM exports in their real shapes (BOM, `;` from European Excel, CRLF,
/// quoted line breaks, US dates), the mapping file, and `--dry-run`.
@Suite struct ImportCLITests {
    static let people = """

        [[people]]
        login = "\(CLI.user)"
        name = "Sam Admin"

        [[people]]
        login = "maria"
        name = "Maria Rossi"
        email = "maria@example.com"

        """

    func board() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        let path = cli.board + "/pipeline.toml"
        try (try String(contentsOfFile: path, encoding: .utf8) + Self.people).write(toFile: path, atomically: true, encoding: .utf8)
        return cli
    }

    func write(_ cli: CLI, _ name: String, _ text: String, bom: Bool = false) throws -> String {
        let path = (cli.board as NSString).deletingLastPathComponent + "/" + name
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every file of the board folder and its bytes.
    func files(_ cli: CLI) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in FileManager.default.subpaths(atPath: cli.board) ?? [] {
            var isDir: ObjCBool = false
            let p = cli.board + "/" + f
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out[f] = FileManager.default.contents(atPath: p) }
        }
        return out
    }

    // MARK: Pipedrive: a BOM, `;`, CRLF, a quoted line break, edge rows

    static let pipedrive = [
        "Deal - ID;Deal - Title;Deal - Value;Deal - Currency of value;Deal - Organization;Deal - Contact person;Deal - Owner;Deal - Pipeline;Deal - Stage;Deal - Status;Deal - Expected close date;Deal - Deal created;Deal - Won time;Deal - Lost time;Deal - Lost reason;Deal - Probability;Deal - Industry",
        "101;Acme renewal;12000.50;USD;Acme;Ann Lee;Maria Rossi;Sales;Proposal Made;Open;2026-12-15;2026-09-01 10:00:00;;;;60;Tech",
        "102;\"Globex\r\npilot\";;USD;Globex;;Sam Admin;Sales;Qualified;Open;;2026-09-10 11:00:00;;;;;",
        "103;Initech;5000;EUR;Initech;;Maria Rossi;Sales;Qualified;Open;;2026-09-10 11:00:00;;;;;",
        "104;Umbrella;9000;USD;Umbrella;;Maria Rossi;Sales;Negotiations Started;Won;;2026-08-01 09:00:00;;;;;",
        "105;Hooli;7000;USD;Hooli;;Maria Rossi;Sales;Qualified;Lost;;2026-08-01 09:00:00;;2026-10-01 09:00:00;Too pricey;;",
        "106;Pied Piper;3000;USD;Pied Piper;;Maria Rossi;Sales;Demo Scheduled;Open;;2026-10-01 09:00:00;;;;;",
        "101;Acme again;1;USD;Acme;;Maria Rossi;Sales;Qualified;Open;;2026-09-01 10:00:00;;;;;",
    ].joined(separator: "\r\n") + "\r\n"

    static let pipedriveMap = """
        number_style = "1,234.56"
        [stages]
        "Proposal Made" = "proposal"
        "Qualified" = "qualification"
        "Negotiations Started" = "negotiation"
        [loss_reasons]
        "Too pricey" = "Price"
        [fields]
        "Deal - Industry" = "pain"
        """

    @Test func pipedriveDryRunNamesEveryBadValueAndWritesNothing() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "deals.csv", Self.pipedrive, bom: true)
        let map = try write(cli, "map.toml", Self.pipedriveMap)
        let before = try files(cli)
        let r = try cli.run("import", file, "--map", map, "--dry-run")
        #expect(r.status == 2)
        #expect(r.out == """
            deals.csv: pipedrive export, 7 rows
            row 2: create "Acme renewal" in Proposal, $12,000.50, maria
            row 3: create "Globex⏎pilot" in Qualification, no amount, \(CLI.user)
            deals.csv: row 4: Deal - Currency of value "EUR": the board's currency is USD; amounts are never converted
            deals.csv: row 5: Deal - Won time "": won without a date
            row 6: create "Hooli" in Lost, $7,000, maria
            deals.csv: row 7: Deal - Stage "Demo Scheduled": not a stage of the board; map it in [stages] of the mapping file (--write-map makes one)
            deals.csv: row 8: Deal - ID "101": the same record id as row 2
            3 to create, 0 to update, 0 unchanged, 4 in error (dry run: nothing written)

            """)
        #expect(try files(cli) == before)
    }

    @Test func aLostReasonNotInTheListIsAnError() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "deals.csv", Self.pipedrive)
        let map = try write(cli, "map.toml", Self.pipedriveMap.replacingOccurrences(of: "\"Too pricey\" = \"Price\"", with: ""))
        let r = try cli.run("import", file, "--map", map, "--dry-run")
        #expect(r.out.contains("deals.csv: row 6: Deal - Lost reason \"Too pricey\": not one of the board's loss_reasons (Price, Lost to competitor, No budget, No decision, Timing, Product fit, Went silent); map it in [loss_reasons] of the mapping file\n"))
    }

    @Test func writeMapListsEveryValueWithAGuess() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "deals.csv", Self.pipedrive, bom: true)
        let map = (cli.board as NSString).deletingLastPathComponent + "/start.toml"
        let r = try cli.run("import", file, "--write-map", map)
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: map, encoding: .utf8)
        for line in ["\"Proposal Made\" = \"\"", "\"Qualified\" = \"\"", "\"Demo Scheduled\" = \"\"", "\"Maria Rossi\" = \"maria\"",
                     "\"Sam Admin\" = \"\(CLI.user)\"", "\"Too pricey\" = \"\"", "\"Deal - Industry\" = \"\""] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
        #expect(!text.contains("Deal - Probability")) // a column of the format, not an extra one
        // Written once: an existing mapping is never overwritten.
        #expect(try cli.run("import", file, "--write-map", map).status == 2)
    }

    // MARK: HubSpot: US dates, stage history columns, a missing amount

    static let hubspot = [
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline,Create Date,Last Activity Date,Date entered \"Appointment Scheduled (Sales Pipeline)\",Date entered \"Contract Sent (Sales Pipeline)\",Closed Lost Reason",
        "9001,\"Acme, Inc. expansion\",Contract Sent,12/15/2026,maria@example.com,\"25,000\",Sales Pipeline,09/01/2026 10:00,10/20/2026,09/01/2026 10:00,10/15/2026 2:30 PM,",
        "9002,Globex,Appointment Scheduled,,Maria Rossi,,Sales Pipeline,10/01/2026,,10/01/2026,,",
        "9003,Initech,Closed Won,,Maria Rossi,1000,Sales Pipeline,09/01/2026,,,,",
        "9004,Umbrella,Contract Sent,13/01/2026,Maria Rossi,1000,Sales Pipeline,09/01/2026,,,,",
    ].joined(separator: "\n") + "\n"

    static let hubspotMap = """
        [stages]
        "Appointment Scheduled" = "discovery"
        "Contract Sent" = "negotiation"
        "Closed Won" = "won"
        """

    @Test func hubspotUSDatesAndStageHistory() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "hubspot.csv", Self.hubspot)
        let map = try write(cli, "map.toml", Self.hubspotMap)
        let r = try cli.run("import", file, "--map", map, "--dry-run")
        #expect(r.out == """
            hubspot.csv: hubspot export, 4 rows
            row 2: create "Acme, Inc. expansion" in Negotiation, $25,000, maria
            row 3: create "Globex" in Discovery, no amount, maria
            hubspot.csv: row 4: Close Date "": won without a date
            hubspot.csv: row 5: Close Date "13/01/2026": expected a date as MM/DD/YYYY or YYYY-MM-DD, with an optional time HH:MM[:SS] [AM|PM]
            2 to create, 0 to update, 0 unchanged, 2 in error (dry run: nothing written)

            """)
    }

    // MARK: Salesforce: its stage names, detected from the header

    @Test func salesforceIsDetectedAndItsStagesMapped() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "sf.csv", """
            Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Stage,Probability (%),Opportunity Owner,Next Step,Created Date
            0065g00000AbCdE,Big deal,Contoso,"12,500.00",1/31/2027,Proposal/Price Quote,75,Maria Rossi,Send quote,10/2/2026
            0065g00000AbCdF,Small deal,Fabrikam,,1/31/2027,Perception Analysis,10,Nobody Known,,10/2/2026

            """)
        let map = try write(cli, "map.toml", "[stages]\n\"Proposal/Price Quote\" = \"proposal\"\n\"Perception Analysis\" = \"discovery\"\n")
        let r = try cli.run("import", file, "--map", map, "--dry-run")
        #expect(r.out.hasPrefix("sf.csv: salesforce export, 2 rows\nrow 2: create \"Big deal\" in Proposal, $12,500, maria\n"))
        #expect(r.out.contains("sf.csv: row 3: Opportunity Owner \"Nobody Known\": not one of the board's [[people]]; map it to a login in [owners] of the mapping file\n"))
    }

    // MARK: dealboard's own CSV: an export read back finds the same deals, unchanged

    @Test func anExportReadBackChangesNothing() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        #expect(try cli.run("add", "Acme", "--company", "Acme", "--amount", "12000.5", "--owner", "maria", "close_date=2026-12-01", now: "2026-10-01T10:00:00Z").status == 0)
        #expect(try cli.run("add", "Globex", "--amount", "8k", now: "2026-10-05T10:00:00Z").status == 0)
        #expect(try cli.run("check-item", "1", "Company size fits", now: "2026-10-06T10:00:00Z").status == 0)
        #expect(try cli.run("lost", "2", "--reason", "price", now: "2026-10-20T10:00:00Z").status == 0)
        let export = try cli.run("export", "--include-closed", "--stage-history")
        let file = try write(cli, "export.csv", export.out)
        let r = try cli.run("import", file, "--dry-run")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out == "export.csv: csv export, 2 rows\nrow 2: unchanged #1 \"Acme\"\nrow 3: unchanged #2 \"Globex\"\n0 to create, 0 to update, 2 unchanged, 0 in error (dry run: nothing written)\n")
        // A newer file: the changed values are what an import would update.
        let edited = export.out.replacingOccurrences(of: ",12000.5,", with: ",13000,")
        let r2 = try cli.run("import", try write(cli, "newer.csv", edited), "--dry-run")
        #expect(r2.out.contains("row 2: update #1 \"Acme\": amount: 12000.5 → 13000\n"))
    }

    @Test func anUnknownHeaderSaysWhatItHas() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run("import", try write(cli, "x.csv", "Name,Value\nA,1\n"), "--dry-run")
        #expect(r.status == 2)
        #expect(r.err == "dealboard: x.csv: the header row is not one of a Pipedrive, HubSpot or Salesforce deal export or of dealboard export (it has: Name, Value); say which with --from\n")
    }
}

extension ImportCLITests {
    /// Escape sequences in a header, a value or a title never reach the terminal.
    @Test func hostileTextIsShownSafely() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let file = try write(cli, "evil.csv", "Record ID,Deal Name,Deal Stage,Create Date,Deal owner,Amount\n"
                             + "1,\"T\u{1B}[2J\",Discovery,2026-10-01,maria,\n2,x,\"S\u{1B}]0;pwn\u{07}\nz\",2026-10-01,maria,\n")
        let r = try cli.run("import", file, "--dry-run")
        #expect(!r.out.contains("\u{1B}") && !r.out.contains("\u{07}"))
        #expect(r.out.contains("row 2: create \"T^[[2J\" in Discovery, no amount, maria\n"))
        #expect(r.out.contains("evil.csv: row 3: Deal Stage \"S^[]0;pwn^G⏎z\": not a stage of the board"))
    }
}
