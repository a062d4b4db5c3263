import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// What the store notices on its own is said once in the status line: not under the message of
/// the command during which it arose, and not again on later reads.
@Suite struct NoticeScreenTests {
    func append(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func aDamagedLineAndATornOneAreSaidOnce() throws {
        let h = try BoardHarness(width: 120, height: 40, deals: [("Acme renewal", "Acme", "12000")])
        let journal = h.store.files.authorJournal("alice")
        try append("this is not json\n", to: journal)
        #expect(h.app.tick())
        #expect(h.app.status.hasPrefix("journal/alice.jsonl:2: damaged line"))
        h.press(.char("u"))
        #expect(h.app.status.hasPrefix("undid the creation of #1"))
        _ = h.app.tick()
        #expect(h.app.status.hasPrefix("undid the creation of #1"))

        // A write that did not finish: the next command sets it aside, and the status line says so.
        try append(#"{"id":"torn"#, to: journal)
        h.press(.char("n"))
        h.type("Globex")
        h.press(.enter)
        #expect(h.app.status.hasPrefix("created #2 Globex"))
        #expect(h.app.tick())
        #expect(h.app.status.hasPrefix("journal/alice.jsonl's last line was torn"))
        h.press(.char("u"))
        #expect(h.app.status.hasPrefix("undid the creation of #2"))
        _ = h.app.tick()
        #expect(h.app.status.hasPrefix("undid the creation of #2"))
    }
}
