import Foundation
import Pipeline
import Store
import Testing

/// The demo boards are made through `BoardCommands`, like a user's commands: replayed under
/// the rules (rules hold at replay), not one of their events may be taken for a forgery.
@Suite struct DemoReplayTests {
    static let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    @Test(arguments: ["b2b", "marketing-sales", "it-services"])
    func theDemoBoardReplaysWithoutAFlag(template: String) throws {
        var t = Array((NSTemporaryDirectory() + "/dealboard-demo-replay-XXXXXX").utf8CString)
        guard mkdtemp(&t) != nil else { throw CocoaError(.fileWriteUnknown) }
        let root = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/board"
        try BoardInit.create(folder: folder, template: template, sharedGroup: nil, manager: "maria")
        let store = try BoardStore(folder: folder, user: "demo")
        let events = DemoBoard(deals: 120, user: "demo").events(pipeline: store.pipeline, now: Self.now)
        #expect(events.contains { $0.type == EventType.dealMoved })
        try store.append(events)
        // Through the store (the fold the board and the CLI use) and through `check`.
        let reopened = try BoardStore(folder: folder, user: "demo")
        #expect(reopened.state.disallowed.isEmpty, "\(reopened.state.disallowed.prefix(3))")
        #expect(reopened.state.liveDeals.count == 120)
        let findings = BoardCheck.run(folder: folder, trustNames: true)
        #expect(findings.allSatisfy { $0.severity != .error }, "\(findings)")

        // The benchmark's kind of board too (more deals, shorter histories), folded in memory.
        var state = BoardState()
        state.rules = store.pipeline
        for e in DemoBoard(deals: 1500, days: 120, seed: 7, user: "demo", progress: 0.6).events(pipeline: store.pipeline, now: Self.now) {
            state.apply(e)
        }
        #expect(state.disallowed.isEmpty, "\(state.disallowed.prefix(3))")
    }
}
