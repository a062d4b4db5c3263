import Foundation
import Testing

/// Imported events record the past, so a manager's import is not held to the exit criteria —
/// but only a manager's: a colleague's import that would put deals past unmet criteria is
/// refused whole, and a colleague's hand-written "imported" line is flagged at replay. Real Unix
/// users: maria owns the board and manages it, bob is a colleague.
@Suite struct ImportGatesCLITests {
    static let file = [
        "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created",
        "1,Early,1000,\(RealUsers.owner),Prospecting,Open,2026-09-01 10:00:00",
        "2,Late,2000,\(RealUsers.owner),Proposal,Open,2026-09-01 10:00:00",
        "3,Later,3000,\(RealUsers.owner),Negotiation,Open,2026-09-02 10:00:00",
    ].joined(separator: "\n") + "\n"

    func teamBoard() throws -> (CLI, String) {
        let cli = try CLI.forTeam()
        #expect(try cli.run(as: RealUsers.owner, "init", "--shared", RealUsers.group).status == 0)
        let path = (cli.board as NSString).deletingLastPathComponent + "/deals.csv"
        try Self.file.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        return (cli, path)
    }

    @Test func aColleaguesImportPastTheGatesIsRefusedWholeAndAManagersIsWritten() throws {
        if RealUsers.skip("aColleaguesImportPastTheGatesIsRefusedWholeAndAManagersIsWritten") { return }
        let (cli, file) = try teamBoard()
        defer { cli.cleanUp() }
        let (maria, bob) = (RealUsers.owner, RealUsers.colleague)
        let refused = try cli.run(as: bob, "import", file)
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("dealboard: 2 row(s) of deals.csv would put deals past unmet exit criteria; only a manager may import deals past the gates (managers: \(maria)); \(bob) is not one. Nothing was written:\ndeals.csv: row 3: "), "\(refused.err)")
        #expect(refused.err.contains("\ndeals.csv: row 4: "))
        #expect(!refused.err.contains("row 2:"))
        #expect(cli.journalLines().isEmpty)

        let written = try cli.run(as: maria, "import", file)
        #expect(written.status == 0, "\(written.err)")
        #expect(written.out.hasPrefix("imported deals.csv (pipedrive): 3 created"))
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 0, "\(check.out)")
        #expect(try cli.run(as: bob, "show", "3").out.contains("  Stage:    Negotiation"))
    }

    @Test func aColleaguesHandWrittenImportedMoveIsFlaggedByCheck() throws {
        if RealUsers.skip("aColleaguesHandWrittenImportedMoveIsFlaggedByCheck") { return }
        let (cli, file) = try teamBoard()
        defer { cli.cleanUp() }
        let (maria, bob) = (RealUsers.owner, RealUsers.colleague)
        #expect(try cli.run(as: maria, "import", file).status == 0)
        #expect(try cli.run(as: bob, "log", "1", "call", "Spoke to Dana").status == 0)
        // Bob appends, by hand, an "imported" move of #1 from Prospecting to Negotiation.
        let first = try #require(try JSONSerialization.jsonObject(with: Data(cli.run(as: bob, "history", "1", "--format", "json").out.split(separator: "\n")[0].utf8)) as? [String: Any])
        let uid = try #require(first["id"] as? String)
        let line = #"{"id":"handwrittenimp01","ts":"2026-11-02T09:30:00.000Z","seq":1000,"user":"\#(bob)","type":"deal.moved","deal":"\#(uid)","number":1,"#
            + #""data":{"from":"prospecting","to":"negotiation","move":"forward","at":"2026-10-01T00:00:00.000Z","#
            + #""imported":{"format":"pipedrive","file":"deals.csv","row":2,"record":"1","batch":"x"}}}"# + "\n"
        let journal = cli.board + "/journal/\(bob).jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try handle.close()
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 1)
        #expect(check.out.contains("imported past"), "\(check.out)")
        #expect(check.out.contains("by \(bob), who is not a manager"))
        #expect(try cli.run(as: maria, "show", "1").out.contains("  Stage:    Prospecting"))
        #expect(try cli.run(as: maria, "history", "1").out.contains("✗ not allowed: imported past"))
    }
}
