import Foundation
import Pipeline
import Testing
@testable import Store

/// What a store notices on its own is handed out once per process: `takeNotices()` is the only
/// way to read it, and empties it.
@Suite struct NoticeTests {
    /// A damaged line that reaches an open store (another writer's journal, a bad merge) is a
    /// notice once: the read that meets it hands it out; later reads and writes do not repeat it.
    @Test(arguments: [JournalLayout.single, .perAuthor]) func aDamagedLineIsNoticedOnce(layout: JournalLayout) throws {
        let b = try TempBoard(layout: layout)
        let alice = try b.store(user: "alice")
        let bob = try b.store(user: "bob")
        try alice.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let journal = layout == .single ? b.files.journal : b.files.authorJournal("alice")
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("this is not json\n".utf8))
        try handle.close()

        try bob.refresh()
        let label = layout == .single ? "journal.jsonl" : "journal/alice.jsonl"
        #expect(bob.takeNotices() == ["\(label):2: damaged line (16 bytes): an event must be a JSON object — dealboard check lists every problem"])
        try bob.refresh()
        #expect(bob.takeNotices().isEmpty)
        try bob.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "x", date: nil) }
        #expect(bob.takeNotices().isEmpty)
        try alice.refresh()
        #expect(alice.takeNotices().count == 1)
        #expect(alice.takeNotices().isEmpty)
        // A store opened after the damage has it among its problems (a command says them when it
        // opens the board), not as a notice: nothing arose after its open.
        let carol = try b.store(user: "carol")
        #expect(carol.problems.map(\.line) == [2])
        #expect(carol.takeNotices().isEmpty)
    }
}
