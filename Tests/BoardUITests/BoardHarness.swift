import Foundation
import Pipeline
import Store
import Terminal
@testable import BoardUI

/// A real board in a temp folder, driven by key events; the screen is read back as text.
final class BoardHarness {
    let folder: String
    let store: BoardStore
    let app: BoardApp
    var width: Int
    var height: Int
    static let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    /// `money`: the board's currency and number style (default: the template's USD, 1,234.56).
    init(width: Int = 80, height: Int = 24, deals: [(String, String, String)] = [], manager: String = "maria", money: MoneyFormat? = nil) throws {
        var t = Array((NSTemporaryDirectory() + "/dealboard-ui-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        folder = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "/board"
        try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: manager, timeZone: "UTC", money: money)
        store = try BoardStore(folder: folder, user: "alice")
        for (title, company, amount) in deals {
            try store.perform(now: Self.now) { try $0.create(title: title, company: company, amount: amount, owner: nil, stage: nil) }
        }
        app = BoardApp(store: store, unicode: true, clock: { BoardHarness.now })
        self.width = width
        self.height = height
    }

    deinit { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }

    func press(_ keys: KeyEvent...) { for k in keys { app.handle(k) } }
    func type(_ text: String) { for c in text { app.handle(.char(c)) } }

    var screen: Screen { app.render(width: width, height: height) }
    var text: String { screen.text }
}
