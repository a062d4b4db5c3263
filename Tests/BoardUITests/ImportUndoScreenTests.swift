import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// An import seen on the board: its deals' stage history says they were imported, and `u`
/// takes the whole import back in one step, as `dealboard undo` does.
@Suite struct ImportUndoScreenTests {
    @Test func uUndoesAWholeImportAndTheDetailSaysImported() throws {
        let h = try BoardHarness(width: 120, height: 40, deals: [("Acme renewal", "Acme", "12000")], manager: "alice")
        let csv = """
            Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created
            7,Globex pilot,5000,alice,Prospecting,Open,2026-09-01 10:00:00
            8,Initech,3000,alice,Prospecting,Open,2026-09-02 10:00:00

            """
        let table = try CSVTable.read(Data(csv.utf8), name: "deals.csv")
        try h.store.performAll(now: BoardHarness.now.addingTimeInterval(60)) { cmds in
            let plan = ImportPlan.make(table: table, format: .pipedrive, mapping: ImportMapping(), pipeline: cmds.pipeline, state: cmds.state)
            return try ImportWrite(plan: plan, file: "deals.csv", batch: "batch1", skipBad: false).drafts(cmds, newID: BoardStore.newID)
        }
        _ = h.app.tick()
        #expect(h.text.contains("Globex pilot") && h.text.contains("Initech"))
        let detail = DealText.deal(try #require(h.store.state.deal(number: 2)), pipeline: h.store.pipeline, now: BoardHarness.now)
        #expect(detail.contains("  2026-09-01  Prospecting"))
        #expect(detail.contains("created by alice  (imported from pipedrive, row 2)"))

        h.press(.char("u"))
        #expect(h.app.status == "undid the import of deals.csv: 2 deals", "\(h.app.status)")
        #expect(!h.text.contains("Globex pilot") && !h.text.contains("Initech"))
        #expect(h.text.contains("Acme renewal"))
        // The next undo goes on to the change before the import.
        h.press(.char("u"))
        #expect(h.app.status.hasPrefix("undid the creation of #1"))
    }
}
