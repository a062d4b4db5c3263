import Foundation
import Testing
import Terminal

/// The golden-screen helper itself: its file reads back to the same screen, a mismatch is
/// reported as the rows that differ (with the column, wide characters counted as two), a
/// missing golden fails unless the run is an update, and an update writes the file.
@Suite struct GoldenHelperTests {
    func screen() -> Screen {
        var s = Screen(width: 30, height: 4)
        s.put(0, 0, " Board", .title)
        s.put(1, 1, "東京 office", .card)
        s.put(1, 2, "alice 3d", .cardDim)
        s.put(10, 2, "stale", .stale)
        s.put(0, 3, " ? help", .status)
        return s
    }

    func tempFolder() -> URL {
        var t = Array((NSTemporaryDirectory() + "/dealboard-golden-helper-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        return URL(fileURLWithPath: t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    @Test func theFileShowsTextAndRolesInLinedUpGrids() {
        let file = GoldenScreen(screen()).file(name: "sample")
        let lines = file.components(separatedBy: "\n")
        // The wide characters take two columns: the row is as wide as its role row.
        #expect(lines.contains("  1 | 東京 office                  |"))
        #expect(lines.contains("  1 |.CCCCCCCCCCC..................|"))
        #expect(lines.contains("  2 |.cccccccc.sssss...............|"))
        #expect(lines.contains("  3 |=======.......................|"))
        #expect(GoldenScreen(file: file) == GoldenScreen(screen()))
    }

    @Test func aMismatchShowsOnlyTheRowsThatDifferWithTheirColumn() {
        var other = screen()
        other.put(6, 1, "offize", .card)           // text: after the two wide characters (4 columns)
        other.put(10, 2, "stale", .overdue)        // role only
        let message = GoldenScreen(screen()).diff(against: GoldenScreen(other), name: "sample")
        let lines = message.components(separatedBy: "\n")
        #expect(lines.contains("text row 1, first difference at column 10:"))
        #expect(lines.contains("  - was  | 東京 office                  |"))
        #expect(lines.contains("  + now  | 東京 offize                  |"))
        #expect(lines.contains(String(repeating: " ", count: 10 + 10) + "^"))
        #expect(lines.contains("roles row 2, first difference at column 10:"))
        #expect(lines.contains("    text | alice 3d stale               |"))
        #expect(lines.contains("  - was  |.cccccccc.sssss...............|"))
        #expect(lines.contains("  + now  |.cccccccc.!!!!!...............|"))
        #expect(!message.contains("row 0") && !message.contains("row 3"))
    }

    @Test func aMissingGoldenFailsAndAnUpdateWritesIt() throws {
        let folder = tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        withKnownIssue {
            Golden.assert(screen(), named: "sample", folder: folder, update: false)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sample.txt").path))
        Golden.assert(screen(), named: "sample", folder: folder, update: true)
        let written = try String(contentsOf: folder.appendingPathComponent("sample.txt"), encoding: .utf8)
        #expect(written == GoldenScreen(screen()).file(name: "sample"))
        // Now it passes; a different screen fails.
        Golden.assert(screen(), named: "sample", folder: folder, update: false)
        var other = screen()
        other.put(1, 2, "bob", .cardDim)
        withKnownIssue {
            Golden.assert(other, named: "sample", folder: folder, update: false)
        }
    }
}
