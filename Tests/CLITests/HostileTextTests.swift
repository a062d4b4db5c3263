import Foundation
import Testing
import Store

/// Issue 8, point 5: nothing a user typed can drive another user's terminal. Deals whose every
/// text holds escape sequences, line breaks, C1 and bidi controls go through every output of
/// the real binary; the raw bytes must hold no control character, and the visible forms must show.
@Suite struct HostileTextTests {
    /// (name, the hostile text, how text output shows it)
    static let hostile: [(name: String, text: String, visible: String)] = [
        ("OSC title", "\u{1B}]0;pwned\u{07}", "^[]0;pwned^G"),
        ("OSC 52 clipboard", "\u{1B}]52;c;ZXZpbA==\u{07}", "^[]52;c;ZXZpbA==^G"),
        ("CSI clear", "\u{1B}[2J", "^[[2J"),
        ("carriage return", "\r", "^M"),
        ("backspace", "\u{08}", "^H"),
        ("line feed", "\n", "⏎"),
        ("DEL", "\u{7F}", "^?"),
        ("C1 CSI", "\u{9B}", "\\u009B"),
        ("C1 NEL", "\u{85}", "\\u0085"),
        ("bidi override", "\u{202E}", "\\u202E"),
        ("bidi isolate", "\u{2066}", "\\u2066"),
    ]

    /// What every output must never contain, checked on the raw bytes: C0 controls other than
    /// the output's own line feeds, DEL, UTF-8 C1 (C2 80–C2 9F), bidi controls and U+2028/9.
    static func unsafeBytes(_ text: String) -> [String] {
        let b = Array(text.utf8)
        var found: [String] = []
        for (i, c) in b.enumerated() {
            if (c < 0x20 && c != 0x0A) || c == 0x7F { found.append(String(format: "byte 0x%02X at %d", c, i)) }
            guard i + 1 < b.count else { continue }
            if c == 0xC2, (0x80...0x9F).contains(b[i + 1]) { found.append(String(format: "C1 U+00%02X at %d", b[i + 1], i)) }
            if c == 0xD8, b[i + 1] == 0x9C { found.append("U+061C at \(i)") }
            guard i + 2 < b.count, c == 0xE2 else { continue }
            let v = 0x2000 + (UInt32(b[i + 1] & 0x3F) << 6) + UInt32(b[i + 2] & 0x3F)
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x2028 || v == 0x2029 {
                found.append(String(format: "U+%04X at %d", v, i))
            }
        }
        return found
    }

    static func expectSafe(_ r: CLI.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let out = unsafeBytes(r.out), err = unsafeBytes(r.err)
        #expect(out.isEmpty, "\(what) stdout: \(out.prefix(5))", sourceLocation: sourceLocation)
        #expect(err.isEmpty, "\(what) stderr: \(err.prefix(5))", sourceLocation: sourceLocation)
    }

    /// TOML basic string with every non-printable-ASCII scalar as \uXXXX.
    static func toml(_ s: String) -> String {
        "\"" + s.unicodeScalars.map { u in
            u.value < 0x20 || u.value >= 0x7F || u == "\"" || u == "\\" ? String(format: "\\u%04X", u.value) : String(u)
        }.joined() + "\""
    }

    static func reason(_ i: Int) -> String { "R\(i) a\(hostile[i].text)z" }

    /// A board with, for each hostile text, one open deal carrying it in every text it has and
    /// one lost deal with it in the title and the loss reason; stage names and loss reasons in
    /// pipeline.toml carry hostile text too.
    static func makeBoard() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run("init").status == 0)
        let path = cli.board + "/pipeline.toml"
        var toml = try String(contentsOfFile: path, encoding: .utf8)
        let reasons = "loss_reasons = [" + hostile.indices.map { Self.toml(reason($0)) }.joined(separator: ", ") + "]"
        toml = toml.replacingOccurrences(of: #"(?m)^loss_reasons = \[.*\]$"#, with: NSRegularExpression.escapedTemplate(for: reasons), options: .regularExpression)
        toml = toml.replacingOccurrences(of: "name = \"Qualification\"", with: "name = " + Self.toml("Quali\u{1B}]0;pwned\u{07}\u{202E}fication"))
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try cli.run("check").status == 0)

        for (i, h) in hostile.enumerated() {
            let t = "a\(h.text)z"
            let add = try cli.run("add", "T\(i) \(t)", "--company", "C\(i) \(t)", "--owner", "o\(i)\(t)", "--amount", "1000",
                                  "decision_maker=D\(i) \(t)", "pain=P\(i) \(t)", "next_step=N\(i) \(t)")
            #expect(add.status == 0, "\(h.name): \(add.err)")
            #expect(try cli.run("log", "\(2 * i + 1)", "note", "L\(i) \(t)").status == 0)
            let lost = try cli.run("add", "Lost\(i) \(t)", "--owner", "o\(i)\(t)", "--amount", "500")
            #expect(lost.status == 0, "\(h.name): \(lost.err)")
            let r = try cli.run("lost", "\(2 * i + 2)", "--reason", reason(i))
            #expect(r.status == 0, "\(h.name): \(r.err)")
            expectSafe(r, "lost \(h.name)")
        }
        return cli
    }

    @Test func everyOutputShowsHostileTextVisibly() throws {
        let cli = try Self.makeBoard()
        defer { cli.cleanUp() }
        let n = Self.hostile.count

        // show: text has every value visibly; JSON round-trips the exact text, escaped.
        for (i, h) in Self.hostile.enumerated() {
            let t = "a\(h.visible)z"
            let show = try cli.run("show", "\(2 * i + 1)")
            #expect(show.status == 0)
            Self.expectSafe(show, "show \(h.name)")
            for expected in ["#\(2 * i + 1)  T\(i) \(t)", "Company:  C\(i) \(t)", "Owner:    o\(i)\(t)", "D\(i) \(t)", "P\(i) \(t)", "N\(i) \(t)", "L\(i) \(t)"] {
                #expect(show.out.contains(expected), "show \(h.name): missing \(expected) in\n\(show.out)")
            }
            let json = try cli.run("show", "\(2 * i + 1)", "--format", "json")
            Self.expectSafe(json, "show json \(h.name)")
            let obj = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
            #expect(obj["title"] as? String == "T\(i) a\(h.text)z", "\(h.name)")
            #expect((obj["fields"] as? [String: Any])?["pain"] as? String == "P\(i) a\(h.text)z", "\(h.name)")
            let lostShow = try cli.run("show", "\(2 * i + 2)")
            Self.expectSafe(lostShow, "show lost \(h.name)")
            #expect(lostShow.out.contains(": R\(i) a\(h.visible)z"), "\(h.name): loss reason in\n\(lostShow.out)")
        }

        // list: one line per deal in the table, one row per deal in CSV; JSON round-trips.
        let table = try cli.run("list", "--all")
        Self.expectSafe(table, "list")
        #expect(table.out.split(separator: "\n").count == 2 + 2 * n)
        #expect(table.out.contains("^[]0;pwned^G"))
        let csv = try cli.run("list", "--all", "--format", "csv")
        Self.expectSafe(csv, "list csv")
        #expect(csv.out.split(separator: "\n").count == 1 + 2 * n)
        #expect(csv.out.contains("T2 a^[[2Jz"))
        let listJSON = try cli.run("list", "--all", "--format", "json")
        Self.expectSafe(listJSON, "list json")
        let deals = try JSONSerialization.jsonObject(with: Data(listJSON.out.utf8)) as! [[String: Any]]
        #expect(Set(deals.compactMap { $0["company"] as? String }) == Set(Self.hostile.indices.map { "C\($0) a\(Self.hostile[$0].text)z" } + [""]))
        #expect(listJSON.out.contains("\\u001b]52;c;ZXZpbA==\\u0007"))
        #expect(listJSON.out.contains("\\u202e") && listJSON.out.contains("\\u009b") && listJSON.out.contains("\\u007f"))

        // history: exactly one line per event, whatever the texts hold.
        let history = try cli.run("history")
        Self.expectSafe(history, "history")
        let historyJSON = try cli.run("history", "--format", "json")
        Self.expectSafe(historyJSON, "history json")
        let events = historyJSON.out.split(separator: "\n")
        #expect(history.out.split(separator: "\n").count == events.count)
        #expect(events.count == 4 * n) // per hostile text: add, log, add, lost
        for line in events { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        #expect(history.out.contains("logged note: L5 a⏎z"))

        // report: text, Markdown, JSON (weeks later: every open deal is stuck; the losses in the period).
        for format in ["text", "markdown", "json"] {
            let r = try cli.run(["report", "--format", format, "--since", "2026-11-01", "--stuck", "all"], now: "2026-12-20T09:00:00Z")
            #expect(r.status == 0, "\(format): \(r.err)")
            Self.expectSafe(r, "report \(format)")
            if format == "json" {
                let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
                let reasons = (obj["loss_reasons"] as! [[String: Any]]).compactMap { $0["reason"] as? String }
                #expect(Set(reasons) == Set(Self.hostile.indices.map(Self.reason)))
            } else {
                #expect(r.out.contains(format == "text" ? "T0 a^[]0;pwned^Gz" : "T0 a^\\[\\]0;pwned^Gz"), "\(format)\n\(r.out)")
                #expect(r.out.contains(format == "text" ? "R9 a\\u202Ez" : "R9 a\\\\u202Ez"), "\(format)\n\(r.out)")
            }
        }
        let ascii = try cli.run(["report", "--since", "2026-11-01"], now: "2026-12-20T09:00:00Z", extraEnv: ["LANG": "C"])
        Self.expectSafe(ascii, "report ascii")
        #expect(ascii.out.contains("R5 a\\nz"))

        // check, and errors that quote the files: a loss reason that is not in the list prints them all.
        let check = try cli.run("check")
        Self.expectSafe(check, "check")
        let bad = try cli.run("lost", "1", "--reason", "nope")
        #expect(bad.status == 2)
        Self.expectSafe(bad, "lost error")
        #expect(bad.err.contains("R0 a^[]0;pwned^Gz") && bad.err.contains("R5 a⏎z"))
        #expect(bad.err.split(separator: "\n").count == 1)

        // Confirmations: a forced move out of a hostile stage name, an edit, an undo.
        let moved = try cli.run("move", "3", "qualification", "--force", "--reason", "why\u{1B}[2J\nnot")
        #expect(moved.status == 0, "\(moved.err)")
        Self.expectSafe(moved, "move")
        #expect(moved.out.contains("Quali^[]0;pwned^G\\u202Efication") && moved.out.contains("why^[[2J⏎not"))
        let refused = try cli.run("move", "5", "qualification")
        #expect(refused.status == 1)
        Self.expectSafe(refused, "refused move")
        let edit = try cli.run("edit", "3", "pain=x\u{9B}6n\ry")
        Self.expectSafe(edit, "edit")
        #expect(edit.out.contains("pain=x\\u009B6n^My"))
        let undo = try cli.run("undo")
        Self.expectSafe(undo, "undo")
    }

    /// A line appended to the journal by hand (or by another tool) holds the escapes JSON allows:
    /// the CLI shows them visibly, in every format; a damaged line holding raw ESC bytes is
    /// reported without them.
    @Test func handWrittenJournalLinesAreShownSafely() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // A board with one journal (made before per-author journals), where a line's "user" is what it says.
        try BoardInit.create(folder: cli.board, template: "b2b", sharedGroup: nil, layout: .single)
        #expect(try cli.run("add", "Plain deal").status == 0)
        let created = #"{"id":"handwrittenlin1","ts":"2026-11-02T10:00:00.000Z","user":"mal\u001b[2Jlory","type":"deal.created","no":2,"#
            + #""data":{"title":"Hand \u001b]0;pwned\u0007 \u009b1;1H \u202eevil \ud83d\ude80","company":"Co\r\nX","#
            + #""owner":"eve\u0085","stage":"gone\u001b[2J","next_step":"\u2066call\u2069"}}"#
        let damaged = "{\"id\":\"broken\u{1B}]0;pwned\u{07}\", \u{1B}[2J not json\r\n"
        let handle = try #require(FileHandle(forWritingAtPath: cli.board + "/journal.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data((created + "\n" + damaged).utf8))
        try handle.close()

        for args in [["show", "2"], ["show", "2", "--format", "json"], ["list", "--all"], ["list", "--all", "--format", "csv"],
                     ["list", "--all", "--format", "json"], ["history"], ["history", "--format", "json"], ["check"],
                     ["report"], ["report", "--format", "markdown"], ["report", "--format", "json"], ["--text"]] {
            let r = try cli.run(args)
            Self.expectSafe(r, args.joined(separator: " "))
        }
        let show = try cli.run("show", "2")
        #expect(show.out.contains("Hand ^[]0;pwned^G \\u009B1;1H \\u202Eevil 🚀"), "\(show.out)")
        #expect(show.out.contains("Co⏎X"))
        #expect(show.err.contains("damaged line"))
        let json = try cli.run("show", "2", "--format", "json")
        let obj = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        #expect(obj["title"] as? String == "Hand \u{1B}]0;pwned\u{07} \u{9B}1;1H \u{202E}evil 🚀")
        #expect(json.out.contains("🚀")) // non-ASCII text stays UTF-8, only unsafe characters are escaped
        let history = try cli.run("history")
        #expect(history.out.contains("mal^[[2Jlory"))
        #expect(history.out.split(separator: "\n").count == 2)
        let check = try cli.run("check")
        #expect(check.out.contains("gone^[[2J"), "\(check.out)")
    }

    /// Spreadsheet formulas in text cells get a leading ', numbers stay numbers.
    @Test func csvCellsCannotBeFormulas() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run("init").status == 0)
        #expect(try cli.run("add", "--company", "=HYPERLINK(\"http://evil\",\"x\")", "--owner", "@bob", "--amount", "12000",
                            "--", "-2+3+cmd|' /C calc'!A0", "decision_maker=+1 555", "pain=Tab\tbed").status == 0)
        let csv = try cli.run("list", "--format", "csv")
        Self.expectSafe(csv, "csv")
        let rows = csv.out.split(separator: "\n")
        try #require(rows.count == 2, "\(csv.out)\(csv.err)")
        let row = rows[1]
        #expect(row.hasPrefix("1,'-2+3+cmd|' /C calc'!A0,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@bob,12000,prospecting,0,"), "\(row)")
        #expect(row.contains(",'+1 555,"))
        #expect(row.contains(",Tab bed,")) // a tab inside a cell is a space
    }
}
