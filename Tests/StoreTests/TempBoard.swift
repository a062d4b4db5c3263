import Foundation
import Pipeline
@testable import Store

/// A board in a fresh temporary folder, removed when the test ends.
final class TempBoard {
    let folder: String

    /// `.single` by default: these tests keep the one-journal boards made before per-author
    /// journals working; PerAuthorJournalTests covers the new layout.
    init(template: String = "b2b", manager: String = "maria", layout: JournalLayout = .single) throws {
        var t = Array((NSTemporaryDirectory() + "/dealboard-test-XXXXXX").utf8CString)
        guard mkdtemp(&t) != nil else { throw SystemError("mkdtemp", "tmp") }
        let base = t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        folder = base + "/board"
        try BoardInit.create(folder: folder, template: template, sharedGroup: nil, manager: manager, layout: layout, timeZone: "UTC")
    }

    deinit { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }

    var files: BoardFiles { BoardFiles(folder: folder) }

    func store(user: String = "alice") throws -> BoardStore { try BoardStore(folder: folder, user: user) }

    func journalText() -> String { (try? String(contentsOfFile: files.journal, encoding: .utf8)) ?? "" }
    func journalBytes() -> [UInt8] { Array(FileManager.default.contents(atPath: files.journal) ?? Data()) }

    func appendRaw(_ text: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: files.journal))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    func mode(_ path: String) -> Int {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        return (attrs?[.posixPermissions] as? Int) ?? -1
    }
}

let t0 = Timestamp.parse("2026-11-02T09:00:00Z")!
func day(_ n: Double) -> Date { t0.addingTimeInterval(n * 86_400) }

/// One journal line read as the store reads it (its bytes, through `EventCodec.decode`).
func decodeLine(_ line: String) throws -> Event {
    var text = line
    return try text.withUTF8 { try EventCodec.decode($0) }
}
