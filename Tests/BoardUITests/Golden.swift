import Foundation
import Testing
import Terminal

/// Whole-screen tests, in the style of ratatui's `assert_buffer_lines`: a golden file shows
/// the whole expected screen — its text, and under it the role (colour) of every cell — and a
/// mismatch prints only the rows that differ, expected above actual, with a column marker.
///
/// `DEALBOARD_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the files (review them with
/// `git diff` before committing). Without it a missing golden is a failure: CI never records.
enum Golden {
    /// Tests/BoardUITests/Golden/, beside this file (found from the source, not the bundle, so
    /// an update run writes where git sees it).
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["DEALBOARD_UPDATE_GOLDEN"] == "1" }

    /// Compares `screen` with `Golden/<name>.txt`; records an issue with a readable diff when
    /// they differ (or rewrites the file in an update run).
    /// (`folder` and `update` are for the helper's own tests.)
    static func assert(_ screen: Screen, named name: String, folder: URL = Golden.folder, update: Bool = Golden.updating,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let path = folder.appendingPathComponent(name + ".txt")
        let actual = GoldenScreen(screen)
        let rendered = actual.file(name: name)
        let stored = try? String(contentsOf: path, encoding: .utf8)
        if update {
            guard stored != rendered else { return }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try rendered.write(to: path, atomically: true, encoding: .utf8)
                FileHandle.standardError.write(Data("golden rewritten: \(path.path)\n".utf8))
            } catch {
                Issue.record("cannot write the golden \(path.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let stored else {
            Issue.record("""
                no golden screen \(path.path); record it with DEALBOARD_UPDATE_GOLDEN=1 swift test --filter Golden \
                and review it. The screen was:
                \(actual.textSection)
                """, sourceLocation: sourceLocation)
            return
        }
        // The grids are compared, not the whole file: the header and the legend are for people.
        guard let expected = GoldenScreen(file: stored) else {
            Issue.record("the golden \(path.path) cannot be read (was it edited by hand?); rewrite it with DEALBOARD_UPDATE_GOLDEN=1",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        Issue.record(Comment(rawValue: expected.diff(against: actual, name: name)), sourceLocation: sourceLocation)
    }
}

/// A screen as the golden file holds it: one text line and one role line per row.
struct GoldenScreen: Equatable {
    var width: Int
    var height: Int
    /// The text of each row, a wide character once (its continuation cell adds nothing), so a
    /// row is `width` columns wide on a terminal or in an editor with a monospace font.
    var text: [String]
    /// One letter per cell, continuation cells included, so the letters sit under the text.
    var roles: [String]

    init(_ screen: Screen) {
        width = screen.width
        height = screen.height
        text = (0..<screen.height).map { y in
            var row = ""
            for x in 0..<screen.width where !screen[x, y].continuation { row += screen[x, y].text }
            return row
        }
        roles = (0..<screen.height).map { y in String((0..<screen.width).map { Self.letter(screen[$0, y].role) }) }
    }

    /// Mnemonic and distinct; an exhaustive switch, so a new role must be given a letter here.
    static func letter(_ role: Role) -> Character {
        switch role {
        case .normal: return "."
        case .title: return "T"
        case .header: return "H"
        case .headerDim: return "h"
        case .card: return "C"
        case .cardDim: return "c"
        case .selected: return "S"
        case .stale: return "s"
        case .overTarget: return "o"
        case .overdue: return "!"
        case .ready: return "r"
        case .dialog: return "d"
        case .dialogTitle: return "t"
        case .dialogSelected: return ">"
        case .error: return "x"
        case .status: return "="
        case .statusError: return "X"
        case .hint: return "~"
        case .border: return "+"
        }
    }

    static let legend = """
        Roles, one letter per cell under the text:
          .  normal          T  title           H  header (selected column)   h  header (other columns)
          C  card            c  card (dim line) S  selected                    s  stale
          o  over target     !  overdue         r  ready                       x  error
          d  dialog          t  dialog title    >  dialog selected             ~  hint
          +  border          =  status line     X  status line, an error
        """

    static let rowPrefix = 4   // "NNN " before each row's opening bar

    /// Two ruler lines (tens, units) that line up with the rows' columns.
    func ruler() -> [String] {
        let pad = String(repeating: " ", count: Self.rowPrefix + 1)
        let tens = String((0..<width).map { $0 % 10 == 0 ? Character(String($0 / 10 % 10)) : " " })
        let units = String((0..<width).map { Character(String($0 % 10)) })
        // No trailing spaces (editors and `git diff --check` dislike them).
        return [pad + tens, pad + units].map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    static func numbered(_ y: Int, _ row: String) -> String {
        let n = String(y)
        return String(repeating: " ", count: max(0, rowPrefix - 1 - n.count)) + n + " |" + row + "|"
    }

    var textSection: String { (["text"] + ruler() + text.enumerated().map { Self.numbered($0, $1) }).joined(separator: "\n") }
    var rolesSection: String { (["roles"] + ruler() + roles.enumerated().map { Self.numbered($0, $1) }).joined(separator: "\n") }

    func file(name: String) -> String {
        """
        golden screen \(name), \(width)x\(height)
        Rewrite with DEALBOARD_UPDATE_GOLDEN=1 swift test --filter Golden, then review the diff.
        Each row sits between bars (trailing spaces count); a wide character takes two columns.
        \(Self.legend)

        \(textSection)

        \(rolesSection)

        """
    }

    /// Reads a golden file back (for the diff of a mismatch).
    init?(file: String) {
        let lines = file.components(separatedBy: "\n")
        // The first line ends in the size: "golden screen board-80x24, 80x24".
        let size = lines.first?.split(separator: " ").last?.split(separator: "x").compactMap { Int($0) } ?? []
        guard size.count == 2, let textStart = lines.firstIndex(of: "text"), let rolesStart = lines.firstIndex(of: "roles") else { return nil }
        let (w, h) = (size[0], size[1])
        func rows(from start: Int) -> [String]? {
            let slice = lines.dropFirst(start + 3).prefix(h)
            guard slice.count == h else { return nil }
            return slice.map { line in
                var row = String(line.dropFirst(Self.rowPrefix + 1))
                if row.hasSuffix("|") { row.removeLast() }
                return row
            }
        }
        guard let t = rows(from: textStart), let r = rows(from: rolesStart) else { return nil }
        width = w
        height = h
        text = t
        roles = r
    }

    /// The rows that differ, expected ("was") above actual ("now"), each with a `^` under the
    /// first column that differs; role rows with the text they colour above them.
    func diff(against actual: GoldenScreen, name: String, limit: Int = 12) -> String {
        var out = ["golden screen \(name) (Tests/BoardUITests/Golden/\(name).txt) differs from what was drawn"]
        if width != actual.width || height != actual.height {
            out.append("size: golden \(width)x\(height), drawn \(actual.width)x\(actual.height)")
        }
        var shown = 0
        var differing = 0
        func marker(_ a: String, _ b: String) -> (column: Int, line: String) {
            var column = 0
            for (x, y) in zip(a, b) {
                if x != y { break }
                column += TextWidth.of(x)
            }
            return (column, String(repeating: " ", count: 10 + column) + "^")
        }
        for y in 0..<max(height, actual.height) {
            let was = y < height ? text[y] : "(no row)"
            let now = y < actual.height ? actual.text[y] : "(no row)"
            guard was != now else { continue }
            differing += 1
            guard shown < limit else { continue }
            shown += 1
            let m = marker(was, now)
            out += ["text row \(y), first difference at column \(m.column):", "  - was  |\(was)|", "  + now  |\(now)|", m.line]
        }
        for y in 0..<max(height, actual.height) {
            let was = y < height ? roles[y] : "(no row)"
            let now = y < actual.height ? actual.roles[y] : "(no row)"
            guard was != now else { continue }
            differing += 1
            guard shown < limit else { continue }
            shown += 1
            let m = marker(was, now)
            let context = y < actual.height ? actual.text[y] : ""
            out += ["roles row \(y), first difference at column \(m.column):", "    text |\(context)|", "  - was  |\(was)|", "  + now  |\(now)|", m.line]
        }
        if differing > shown { out.append("… and \(differing - shown) more differing rows") }
        out.append(GoldenScreen.legend)
        out.append("If the change is intended: DEALBOARD_UPDATE_GOLDEN=1 swift test --filter Golden, and review the files' diff.")
        return out.joined(separator: "\n")
    }
}
