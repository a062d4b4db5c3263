import Foundation
import Testing
import Pipeline
import Store
@testable import BoardUI

/// The board's columns are worked out once per state of the board: a journal replaced under
/// an open board, read again to as many events as before but other deals, must show the new
/// deals (the columns hold positions in the state's deals, so stale ones would point past them).
@Suite struct ReplayedBoardTests {
    @Test func aJournalReplacedWithAsManyEventsShowsTheNewDeals() throws {
        let h = try BoardHarness(width: 100, height: 30)
        try h.store.perform(now: BoardHarness.now) { try $0.create(title: "Acme renewal", company: "Acme", amount: "100", owner: nil, stage: nil) }
        let journal = h.store.files.authorJournal("alice")
        let first = try String(contentsOfFile: journal, encoding: .utf8)
        let uid = h.store.state.deal(number: 1)!.uid
        for title in ["Globex pilot", "Initech upgrade"] {
            try h.store.perform(now: BoardHarness.now) { try $0.create(title: title, company: "Co", amount: "200", owner: nil, stage: nil) }
        }
        #expect(h.text.contains("Globex pilot") && h.text.contains("Initech upgrade"))
        #expect(h.store.state.eventCount == 3)

        // The same author's journal, replaced by one with the first deal and two notes on it.
        func note(_ n: Int) -> String {
            #"{"id":"replacednote00\#(n)","ts":"2026-11-23T09:00:0\#(n).000Z","seq":\#(n + 1),"user":"alice","type":"activity.logged","deal":"\#(uid)","number":1,"data":{"kind":"note","text":"note \#(n)"}}"#
        }
        let copy = journal + ".new"
        try (first + note(1) + "\n" + note(2) + "\n").write(toFile: copy, atomically: false, encoding: .utf8)
        chmod(copy, 0o600)
        #expect(rename(copy, journal) == 0)
        _ = h.app.tick()
        #expect(h.store.state.eventCount == 3 && h.store.state.liveDeals.count == 1)
        let screen = h.text
        #expect(screen.contains("Acme renewal"))
        #expect(!screen.contains("Globex pilot") && !screen.contains("Initech upgrade"), "\(screen)")
    }
}
