import Foundation
import Pipeline
import Store
import Testing
@testable import BoardUI

/// The board says when the journal holds a line its author could not have made through
/// dealboard (rules hold at replay): live, as it arrives, and on opening.
@Suite struct ReplayRulesBoardTests {
    @Test func aForgedWonArrivingLiveIsNotAppliedAndTheStatusLineSaysSo() throws {
        let h = try BoardHarness(deals: [("Acme renewal", "Acme", "12000")])
        let bob = try BoardStore(folder: h.folder, user: "bob")
        try bob.perform(now: BoardHarness.now) { try $0.logActivity(1, kind: "call", text: "Intro", date: nil) }
        #expect(h.app.tick())
        // bob appends by hand, to his own journal, a Won past every criterion.
        let uid = try #require(h.app.store.state.deal(number: 1)?.uid)
        let seq = try h.app.store.events().compactMap(\.seq).max() ?? 0
        let line = #"{"id":"forgedwon0000002","ts":"2026-11-23T10:00:00.000Z","seq":\#(seq + 1),"user":"bob","type":"deal.moved","deal":"\#(uid)","no":1,"data":{"from":"prospecting","to":"won","move":"won"}}"# + "\n"
        let handle = try #require(FileHandle(forWritingAtPath: h.folder + "/journal/bob.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()

        #expect(h.app.tick())
        #expect(h.app.statusIsError)
        #expect(h.app.status.hasPrefix("bob's deal.moved of #1 (event forgedwon0000002, 2026-11-23T10:00:00.000Z) was not applied: moved past "))
        #expect(h.app.store.state.deal(number: 1)?.stage == "prospecting")
        #expect(h.app.store.state.disallowed.count == 1)

        // Opened afterwards: said at once.
        let again = BoardApp(store: try BoardStore(folder: h.folder, user: "alice"), unicode: true, clock: { BoardHarness.now })
        #expect(again.status == "1 deals; 1 journal event(s) not applied (not allowed by the rules): dealboard check")
    }
}
