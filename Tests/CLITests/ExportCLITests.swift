import Foundation
import Testing

/// Issue 11, the way out: `export` (dealboard's own CSV format and JSON) and `report --format csv`.
@Suite struct ExportCLITests {
    func board() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        #expect(try cli.run("add", "=HYPERLINK(\"http://x\")", "--company", "Acme, Inc", "--amount", "12000.50", now: "2026-10-01T10:00:00Z").status == 0)
        #expect(try cli.run("add", "Globex pilot", "--amount", "8k", now: "2026-10-05T10:00:00Z").status == 0)
        #expect(try cli.run("check-item", "1", "Company size fits", now: "2026-10-02T10:00:00Z").status == 0)
        #expect(try cli.run("lost", "2", "--reason", "price", now: "2026-10-20T10:00:00Z").status == 0)
        return cli
    }

    func rows(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }

    @Test func csvHasEveryColumnAndGuardsFormulas() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run("export")
        #expect(r.status == 0, "\(r.err)")
        let lines = rows(r.out)
        #expect(lines.count == 2) // the lost deal only with --include-closed
        #expect(lines[0].hasPrefix("id,source_id,title,company,owner,amount,currency,stage,stage_name,status,created,closed,lost_reason,days_in_stage,last_activity,close_date,"))
        #expect(lines[0].hasSuffix(",checklist:icp,checklist:bant,checklist:meddic,signals"))
        // The formula is shown as text ('=…), the amount is a machine number, times are UTC.
        #expect(lines[1].contains(",\"'=HYPERLINK(\"\"http://x\"\")\",\"Acme, Inc\",\(CLI.user),12000.5,USD,prospecting,Prospecting,open,2026-10-01T10:00:00.000Z,,,32,"))
        #expect(lines[1].contains(",company_size_fits,"))
    }

    @Test func closedDealsAndStageHistory() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run("export", "--include-closed", "--stage-history")
        let lines = rows(r.out)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix(",signals,entered:prospecting,entered:qualification,entered:discovery,entered:demo,entered:proposal,entered:negotiation,entered:closing,entered:won,entered:lost"))
        #expect(lines[2].contains(",8000,USD,lost,Lost,lost,2026-10-05T10:00:00.000Z,2026-10-20T10:00:00.000Z,Price,"))
        #expect(lines[2].hasSuffix(",2026-10-05T10:00:00.000Z,,,,,,,,2026-10-20T10:00:00.000Z"))
    }

    @Test func jsonForScripts() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let deals = try #require(try cli.json("export", "--format", "json", "--include-closed", "--stage-history") as? [[String: Any]])
        #expect(deals.count == 2)
        let lost = deals[1]
        #expect(lost["status"] as? String == "lost")
        #expect(lost["lost_reason"] as? String == "Price")
        #expect(lost["closed"] as? String == "2026-10-20T10:00:00.000Z")
        #expect((lost["stage_entered"] as? [String: String]) == ["prospecting": "2026-10-05T10:00:00.000Z", "lost": "2026-10-20T10:00:00.000Z"])
        #expect(deals[0]["amount"] as? Double == 12000.5)
    }

    @Test func reportStageTableAsCSV() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        let r = try cli.run("report", "--format", "csv", "--since", "2026-10-01", "--until", "2026-10-31")
        #expect(r.status == 0, "\(r.err)")
        let lines = rows(r.out)
        #expect(lines[0] == "stage,name,probability,deals,value,weighted_value,over_target,left,went_forward,conversion_rate,stays_ended,avg_days_in_stage,median_days_in_stage,target_days,currency")
        // Seven open stages; Prospecting holds #1 (12000.5 at 5 %) and #2 left it (lost) after 15 days.
        #expect(lines.count == 8)
        #expect(lines[1] == "prospecting,Prospecting,5,1,12000.5,600.03,1,1,0,0,1,15,15,5,USD")
    }
}
