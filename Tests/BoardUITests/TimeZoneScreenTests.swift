import Foundation
import Testing
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// The full-screen board counts the board's days: the same deal and clock on a board in
/// Sydney and on one in UTC, around midnight UTC.
@Suite struct TimeZoneScreenTests {
    /// A board in `zone` with one deal created at 2026-11-20T12:30Z (23:30 in Sydney), drawn at `now`.
    final class ZoneBoard {
        let folder: String
        let store: BoardStore
        let app: BoardApp

        init(_ zone: String, now: Date) throws {
            var t = Array((NSTemporaryDirectory() + "/dealboard-tz-XXXXXX").utf8CString)
            _ = mkdtemp(&t)
            folder = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "/board"
            try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: "maria", timeZone: zone)
            store = try BoardStore(folder: folder, user: "alice")
            try store.perform(now: Timestamp.parse("2026-11-20T12:30:00Z")!) {
                try $0.create(title: "Acme renewal", company: "Acme", amount: "12000", owner: nil, stage: nil)
            }
            app = BoardApp(store: store, unicode: true, clock: { now })
        }

        deinit { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }

        var text: String { app.render(width: 80, height: 24).text }
    }

    @Test(arguments: [
        // zone, the card's last line at 2026-12-03T13:30Z (00:30 on 12-04 in Sydney): days in
        // stage, over Prospecting's 5 target days, stale from 14 quiet days
        ("UTC", "alice 13d over"),
        ("Australia/Sydney", "alice 14d over stale"),
        ("America/Los_Angeles", "alice 13d over"),
    ])
    func cardsCountTheBoardsDays(zone: String, card: String) throws {
        let b = try ZoneBoard(zone, now: Timestamp.parse("2026-12-03T13:30:00Z")!)
        let line = b.text.split(separator: "\n").first { $0.contains("alice ") }.map { String($0) } ?? ""
        #expect(line.split(separator: "│").contains { $0.trimmingCharacters(in: .whitespaces) == card }, "\(line)")
    }

    @Test func theActivityFormTakesTodayInTheBoardsZone() throws {
        // 08:00 on 2026-12-04 in Sydney; still 12-03 in UTC.
        let b = try ZoneBoard("Australia/Sydney", now: Timestamp.parse("2026-12-03T21:00:00Z")!)
        b.app.handle(.char("a"))
        for c in "Call with the CFO" { b.app.handle(.char(c)) }
        b.app.handle(.tab)
        for c in "2026-12-05" { b.app.handle(.char(c)) }
        b.app.handle(.enter)
        #expect(b.text.contains("not after today (2026-12-04)"))
        for _ in 0..<10 { b.app.handle(.backspace) }
        for c in "2026-12-04" { b.app.handle(.char(c)) }
        b.app.handle(.enter)
        let activity = try #require(b.store.state.deal(number: 1)?.activities.last)
        #expect(b.store.pipeline.day(activity.date).description == "2026-12-04")
        #expect(activity.date == Timestamp.parse("2026-12-03T13:00:00Z")!)   // midnight in Sydney
    }
}
