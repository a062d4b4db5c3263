import Foundation
import Testing

/// Each command says what it met on the board once: a damaged journal line, a torn last line
/// set aside, a lock it cannot use — not twice, and not never.
@Suite struct NoticeCLITests {
    func count(_ text: String, in output: String) -> Int { output.components(separatedBy: text).count - 1 }

    @Test func aDamagedLineIsSaidOncePerCommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "A")
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.journal))
        try h.seekToEnd()
        try h.write(contentsOf: Data("{broken\n".utf8))
        try h.close()
        let damaged = "journal/\(CLI.user).jsonl:2: damaged line"
        for args in [["log", "1", "note", "seen"], ["list"], ["show", "1"], ["add", "B"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            #expect(count(damaged, in: r.err) == 1, "\(args): \(r.err)")
        }
        // A torn last line: said when the board is read, and once more when a write sets it aside.
        let t = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.journal))
        try t.seekToEnd()
        try t.write(contentsOf: Data(#"{"id":"torn"#.utf8))
        try t.close()
        let write = try cli.run("log", "1", "note", "after the crash")
        #expect(write.status == 0, "\(write.err)")
        #expect(count("last line was torn", in: write.err) == 1, "\(write.err)")
        #expect(count(damaged, in: write.err) == 1, "\(write.err)")
        #expect(count("last line was torn", in: try cli.run("list").err) == 0)
    }

    /// A lock that is not a plain file: a read goes on without it and says so, once; before,
    /// the notice was gathered and never said by a command that only reads.
    @Test func aLockThatCannotBeUsedIsSaidByAReadToo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.run("init")
        try cli.run("add", "A")
        let lock = cli.board + "/journal.lock"
        #expect(unlink(lock) == 0 && mkfifo(lock, 0o600) == 0)
        let list = try cli.run("list")
        #expect(list.status == 0, "\(list.err)")
        #expect(list.out.contains("A"))
        #expect(count("the board is read without its lock", in: list.err) == 1, "\(list.err)")
        let write = try cli.run("log", "1", "note", "x")
        #expect(write.status != 0)
        #expect(count("the board is read without its lock", in: write.err) <= 1, "\(write.err)")
    }
}
