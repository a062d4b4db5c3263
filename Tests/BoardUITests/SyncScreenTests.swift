import Foundation
import Pipeline
import Store
import Terminal
import Testing
@testable import BoardUI

/// `S` on the board: a sync through git, and the title bar saying what waits to go out.
@Suite struct SyncScreenTests {
    static let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    /// A board that is a git work tree pushed to a bare remote, with one deal not yet synced.
    func gitBoard() throws -> (folder: String, app: BoardApp) {
        var t = Array((NSTemporaryDirectory() + "/dealboard-sync-ui-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        let root = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["init", "--quiet", "--bare", root + "/remote.git"]
        try git.run()
        git.waitUntilExit()
        let folder = root + "/board"
        try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: "alice", timeZone: "UTC")
        try BoardSync(files: BoardFiles(folder: folder)).initialise(remote: root + "/remote.git")
        let store = try BoardStore(folder: folder, user: "alice")
        try store.perform(now: Self.now) { try $0.create(title: "Acme roof", company: "Acme", amount: "1200", owner: nil, stage: nil) }
        return (root, BoardApp(store: store, unicode: true, clock: { Self.now }))
    }

    @Test func theTitleSaysWhatWaitsAndSTakesItOut() throws {
        let (root, app) = try gitBoard()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let title = { app.render(width: 100, height: 24).text.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(title().contains("1 to sync · never synced"), "\(title())")
        app.handle(.char("S"))
        // The frame drawn before the network: it says so.
        #expect(app.hasPendingWork)
        #expect(app.render(width: 100, height: 24).text.contains("syncing…"))
        app.doPendingWork()
        let after = app.render(width: 100, height: 24).text
        #expect(after.contains("synced with origin/"), "\(after)")
        #expect(after.contains("sent 1 event, received 0"), "\(after)")
        #expect(title().contains("synced 09:00") && !title().contains("to sync"), "\(title())")
    }

    @Test func aBoardNotSyncedThroughGitSaysHowToMakeOne() throws {
        let h = try BoardHarness(width: 100, deals: [("Acme roof", "Acme", "1200")])
        h.press(.char("S"))
        #expect(!h.app.hasPendingWork)
        #expect(h.text.contains("not a board synced through git: dealboard init --git REMOTE"), "\(h.text)")
        #expect(!h.text.split(separator: "\n")[0].contains("sync"))
    }
}
