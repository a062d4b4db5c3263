import Foundation
import Testing

/// Private text stays out of `ps`: every text argument can come from stdin (`-`) or a file
/// (`--NAME-file PATH`), and what is read is checked like any typed text.
@Suite struct TextInputTests {
    func board() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("add", "Acme renewal")
        return cli
    }

    func activities(_ cli: CLI) throws -> [String] {
        let deal = try cli.json("show", "1", "--format", "json") as? [String: Any]
        return (deal?["activities"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    @Test func logReadsTheNoteFromStdinOrAFile() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        var r = try cli.run(["log", "1", "note", "-"], input: Data("Budget is 40k, CFO nervous\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run(["log", "1", "call", "--text-file", "-"], input: Data("Two lines\nof notes\r\n\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        let file = (cli.board as NSString).deletingLastPathComponent + "/note.txt"
        try "From a file\n".write(toFile: file, atomically: true, encoding: .utf8)
        r = try cli.run(["log", "1", "email", "--text-file", file])
        #expect(r.status == 0, "\(r.err)")
        let texts = try activities(cli)
        #expect(Set(texts) == ["Budget is 40k, CFO nervous", "Two lines\nof notes", "From a file"])
    }

    @Test func emptyInvalidOrDoubleStdinIsRefused() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        var r = try cli.run(["log", "1", "note", "-"], input: Data("\n\n".utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("the text from stdin is empty"))
        r = try cli.run(["log", "1", "note", "-"], input: Data([0x6F, 0x6B, 0xE9, 0x0A]))
        #expect(r.status == 2)
        #expect(r.err.contains("the text from stdin is not valid UTF-8 (byte 3: 0xE9)"))
        r = try cli.run(["log", "1", "note", "-"], input: Data([0x61, 0x00, 0x62]))
        #expect(r.err.contains("NUL byte"))
        r = try cli.run(["log", "1", "note", "inline", "--text-file", "-"], input: Data("x".utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("not both"))
        r = try cli.run(["log", "1", "note"])
        #expect(r.status == 64) // bad usage
        #expect(r.err.contains("--text-file"))
        r = try cli.run(["add", "-", "--field-file", "next_step=-"], input: Data("x".utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("stdin can give only one text per command"))
        r = try cli.run(["log", "1", "note", "--text-file", "/nonexistent/note"])
        #expect(r.err.contains("cannot read the text from /nonexistent/note"))
        #expect(try activities(cli).isEmpty)
        #expect(cli.journalLines().count == 1) // the deal created, nothing else
    }

    @Test func titlesReasonsNotesAndFieldsComeFromStdinOrFiles() throws {
        let cli = try board()
        defer { cli.cleanUp() }
        var r = try cli.run(["add", "-", "--company", "Beta"], input: Data("Secret merger\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        let file = (cli.board as NSString).deletingLastPathComponent + "/title.txt"
        try "Project Falcon\n".write(toFile: file, atomically: true, encoding: .utf8)
        r = try cli.run(["add", "--title-file", file, "next_step=Call CFO"])
        #expect(r.status == 0, "\(r.err)")
        let list = try cli.json("list", "--format", "json") as? [[String: Any]] ?? []
        #expect(list.compactMap { $0["title"] as? String } == ["Acme renewal", "Secret merger", "Project Falcon"])
        #expect((list.last?["fields"] as? [String: Any])?["next_step"] as? String == "Call CFO")

        r = try cli.run(["edit", "1", "--field-file", "next_step=-", "close_date=2026-12-15"], input: Data("Send the NDA\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("next_step=Send the NDA"))

        try cli.run("move", "1", "qualification", "--force", "--reason", "setup")
        r = try cli.run(["move", "1", "back", "--reason-file", "-"], input: Data("They went quiet\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        r = try cli.run(["review-done", "--note", "-"], input: Data("Q4 pipeline thin\n".utf8))
        #expect(r.status == 0, "\(r.err)")
        let history = try cli.run("history", "--format", "json").out
        #expect(history.contains("They went quiet"))
        #expect(history.contains("Q4 pipeline thin"))
    }
}
