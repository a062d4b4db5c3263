import Foundation
import Testing
import Pipeline
@testable import Store

@Suite struct PipelineFileTests {
    @Test(arguments: PipelineTemplates.all.map(\.name))
    func templatesLoadWithCriteriaOnEveryOpenStage(name: String) throws {
        let p = try PipelineLoader.parse(PipelineTemplates.toml(named: name)!, file: name)
        #expect(p.stages.filter(\.isOpen).count >= 5)
        for s in p.stages where s.isOpen { #expect(!s.exitCriteria.isEmpty, "stage \(s.key) has no exit criteria") }
        #expect(p.firstWonStage != nil)
        #expect(p.firstLostStage != nil)
        #expect(!p.lossReasons.isEmpty)
        #expect(p.requalifyChecklist != nil)
        #expect(!p.quota.isZero)
    }

    @Test func b2bCoversEveryCriterionKind() throws {
        let p = try PipelineLoader.parse(PipelineTemplates.toml(named: "b2b")!, file: "b2b")
        let kinds = Set(p.stages.flatMap { p.exitCriteria(of: $0.key) }.map(\.kindName))
        #expect(kinds == ["field", "date", "checklist", "signal", "activity", "requalify"] || kinds.isSuperset(of: ["field", "date", "checklist", "signal", "activity", "requalify"]))
        #expect(p.stages.map(\.key) == ["prospecting", "qualification", "discovery", "demo", "proposal", "negotiation", "closing", "won", "lost"])
    }

    func error(_ toml: String) -> PipelineFileError? {
        do { _ = try PipelineLoader.parse(toml, file: "p.toml"); return nil } catch let e as PipelineFileError { return e } catch { return nil }
    }

    @Test func semanticErrorsNameKeyAndLine() {
        let base = "name = \"x\"\n[[stages]]\nname = \"A\"\n"
        var e = error(base + "colour = \"red\"\n")
        #expect(e?.keyPath == "stages[0].colour")
        #expect(e?.line == 4)
        e = error(base + "[[stages.exit]]\nkind = \"field\"\nfield = \"nope\"\n")
        #expect(e?.keyPath == "stages[0].exit[0].field")
        #expect(e?.line == 6)
        #expect(e?.message.contains("no field \"nope\"") == true)
        e = error(base + "kind = \"closed\"\n")
        #expect(e?.message.contains("open, won, lost") == true)
        e = error("name = \"x\"\n")
        #expect(e?.keyPath == "stages")
        e = error(base + "probability = 150\n")
        #expect(e?.message.contains("0 to 100") == true)
        e = error("[[fields]]\nkey = \"f\"\ntype = \"colour\"\n[[stages]]\nname = \"A\"\n")
        #expect(e?.keyPath == "fields[0].type")
        #expect(e?.line == 3)
        e = error(base + "[[stages.exit]]\nkind = \"min\"\nfield = \"title\"\nmin = 3\n")
        #expect(e?.message.contains("number or money") == true)
        e = error("name = \"x\"\n[quota]\nperiod = \"fortnight\"\n[[stages]]\nname = \"A\"\n")
        #expect(e?.keyPath == "quota.period")
        #expect(e?.line == 3)
    }

    @Test func everyProblemIsListedNotOnlyTheFirst() {
        let toml = """
        name = "x"
        colour = "red"
        loss_reasons = []
        [[fields]]
        key = "f"
        type = "colour"
        [[stages]]
        name = "A"
        [[stages.exit]]
        kind = "field"
        field = "nope"
        [[stages]]
        name = "Won"
        kind = "won"
        [[stages]]
        name = "Lost"
        kind = "lost"
        """
        let e = error(toml)
        let all = e?.all ?? []
        #expect(all.map(\.keyPath).sorted() == ["colour", "fields[0].type", "loss_reasons", "stages[0].exit[0].field"].sorted())
        #expect(all.allSatisfy { $0.line != nil })
        #expect(e?.description.split(separator: "\n").count == 4)
    }

    @Test func syntaxErrorQuotesTheLine() {
        let e = error("name = \"x\"\nmanagers = root\n")
        #expect(e?.line == 2)
        #expect(e?.message.contains("`managers = root`") == true)
    }

    @Test func nonASCIIChecklistItemsGetKeys() throws {
        let p = try PipelineLoader.parse("""
        loss_reasons = ["Price"]
        [[checklists]]
        key = "bant"
        items = ["Бюджет", "Полномочия", "予算"]
        [[stages]]
        name = "A"
        \(Self.closedStages)
        """, file: "p.toml")
        #expect(p.checklists[0].items.map(\.key) == ["bant.item1", "bant.item2", "bant.item3"])
        #expect(p.findCheck("Полномочия").map(\.key) == ["bant.item2"])
    }

    /// The won and lost stages every pipeline needs, to complete a minimal one (with loss_reasons at the top).
    static let closedStages = "[[stages]]\nname = \"Won\"\nkind = \"won\"\n[[stages]]\nname = \"Lost\"\nkind = \"lost\"\n"

    // MARK: A shared board a team can trust (issue 8)

    /// Thousands of unknown keys used to take minutes: every one was located by scanning the
    /// whole file again. Now the text is indexed once; every key is still named, once, with its line.
    @Test func thousandsOfUnknownKeysAreEachReportedOnceWithTheirLine() {
        let count = 8_000
        var toml = "name = \"x\"\n"
        for i in 0..<count { toml += "unknown_\(i) = \(i)\n" }
        toml += "[[stages]]\nname = \"A\"\n"
        for i in 0..<count { toml += "stage_key_\(i) = \(i)\n" }
        let started = Date()
        let all = error(toml)?.all ?? []
        print("PipelineFileTests: \(2 * count) unknown keys loaded in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        #expect(all.count == 2 * count)
        #expect(Set(all.map(\.keyPath)).count == 2 * count)
        #expect(all.allSatisfy { $0.message.hasPrefix("unknown key; expected one of:") })
        let root = all.filter { !$0.keyPath.hasPrefix("stages") }
        #expect(all.allSatisfy { $0.line != nil })
        #expect(root.count == count)
        #expect(root.allSatisfy { $0.line == Int($0.keyPath.dropFirst("unknown_".count))! + 2 })
        let inStage = all.filter { $0.keyPath.hasPrefix("stages[0].") }
        #expect(inStage.count == count)
        #expect(inStage.allSatisfy { $0.line == Int($0.keyPath.dropFirst("stages[0].stage_key_".count))! + count + 4 })
        // In file order.
        #expect(all.map { $0.line ?? 0 } == all.map { $0.line ?? 0 }.sorted())
    }

    @Test func locatorFindsKeysInNestedArraysOfTables() {
        let text = """
        name = "x"
        [quota]
        period = "q"
        [[stages]]
        name = "A"
        [[stages.exit]]
        kind = "field"
        [[stages]]
        name = "B"
        [[stages.exit]]
        kind = "signal"
        [[stages.exit]]
        kind = "min"
        """
        let l = TOMLLocator(text: text)
        #expect(l.line(of: [("name", nil)]) == 1)
        #expect(l.line(of: [("quota", nil), ("period", nil)]) == 3)
        #expect(l.line(of: [("quota", nil), ("amount", nil)]) == 2)
        #expect(l.line(of: [("stages", 1), ("name", nil)]) == 9)
        #expect(l.line(of: [("stages", nil), ("name", nil)]) == 5)
        #expect(l.line(of: [("stages", 1), ("exit", 1), ("kind", nil)]) == 13)
        #expect(l.line(of: [("stages", 0), ("exit", 0), ("kind", nil)]) == 7)
        #expect(l.line(of: [("stages", 1), ("exit", 0), ("label", nil)]) == 10)
        #expect(l.line(of: [("stages", 1), ("target_days", nil)]) == 8)
        #expect(l.line(of: [("nothing", nil)]) == nil)
        // A path that names a table: its header.
        #expect(l.line(of: [("quota", nil)]) == 2)
        #expect(l.line(of: [("stages", nil)]) == 4)
        #expect(l.line(of: [("stages", 1), ("exit", nil)]) == 10)
        #expect(l.line(of: [("stages", 1), ("exit", 1)]) == 12)
    }

    func loadError(_ bytes: [UInt8]) -> PipelineFileError? {
        do { _ = try PipelineLoader.text(of: Data(bytes), file: "pipeline.toml"); return nil } catch let e as PipelineFileError { return e } catch { return nil }
    }

    @Test func aNULByteIsReportedAsNotTextWithItsLine() {
        let e = loadError(Array("name = \"x\"\n\n".utf8) + [0x6B, 0x00, 0x3D] + Array("\n".utf8))
        #expect(e?.description == "pipeline.toml:3: contains a NUL byte (this is not a text file)")
    }

    @Test func invalidUTF8IsReportedWithLineColumnAndByte() {
        // Latin-1 "é" (0xE9) on line 2, column 8.
        let e = loadError(Array("name = \"x\"\nlabel=\"".utf8) + [0xE9] + Array("t\"\n".utf8))
        #expect(e?.line == 2)
        #expect(e?.description == "pipeline.toml:2: not valid UTF-8 at column 8 (byte 19 of the file: 0xE9 0x74); save the file as UTF-8")
        // Overlong, surrogate, truncated at the end.
        #expect(UTF8Check.firstInvalid([0x41, 0xC0, 0xAF])?.offset == 1)
        #expect(UTF8Check.firstInvalid([0xED, 0xA0, 0x80])?.offset == 0)
        #expect(UTF8Check.firstInvalid([0x41, 0xE2, 0x82])?.offset == 1)
        #expect(UTF8Check.firstInvalid(Array("ok: é € 𝄞 日本".utf8)) == nil)
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let text = try PipelineLoader.text(of: Data([0xEF, 0xBB, 0xBF] + Array(PipelineTemplates.toml(named: "b2b")!.utf8)), file: "pipeline.toml")
        let p = try PipelineLoader.parse(text, file: "pipeline.toml")
        #expect(p.stages.count == 9)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/pipeline.toml", contents: Data([0xEF, 0xBB, 0xBF] + Array(PipelineTemplates.toml(named: "b2b")!.utf8)))
        #expect(try PipelineLoader.load(path: dir + "/pipeline.toml").stages.count == 9)
    }

    @Test func aPipelineNeedsAWonAndALostStage() {
        let open = "name = \"x\"\nloss_reasons = [\"Price\"]\n[[stages]]\nname = \"A\"\n"
        var all = error(open + "[[stages]]\nname = \"Lost\"\nkind = \"lost\"\n")?.all ?? []
        #expect(all.count == 1)
        #expect(all.first?.keyPath == "stages")
        #expect(all.first?.line == 7) // the last stage, where one would add it
        #expect(all.first?.message.contains("no stage with kind = \"won\"") == true)
        #expect(all.first?.message.contains("add [[stages]] name = \"Won\" kind = \"won\"") == true)
        all = error(open + "[[stages]]\nname = \"Won\"\nkind = \"won\"\n")?.all ?? []
        #expect(all.map(\.message).contains { $0.contains("no stage with kind = \"lost\"") })
        all = error("name = \"x\"\nloss_reasons = [\"Price\"]\n" + Self.closedStages)?.all ?? []
        #expect(all.map(\.message).contains { $0.contains("kind = \"open\"") })
        #expect(error(open + Self.closedStages) == nil)
    }

    @Test func quotedFileContentNeverCarriesControlCharacters() {
        let e = error("name = \"x\"\nmanagers = \u{1B}[31mroot\n")
        #expect(e?.description.contains("^[[31mroot") == true)
        #expect(e?.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } == false)
        let k = error("\"bad\\u001b]0;owned\\u0007key\" = 1\nloss_reasons = [\"Price\"]\n[[stages]]\nname = \"A\"\n" + Self.closedStages)
        #expect(k?.description.contains("bad^[]0;owned^Gkey") == true)
        #expect(k?.all.allSatisfy { !$0.description.unicodeScalars.contains { $0.value < 0x20 } } == true)
        #expect(PipelineFileError.visible("a\u{202E}b\u{85}c\u{7F}") == "a\\u202Eb\\u0085c^?")
    }

    @Test func unknownTablesAreNamedWithTheirHeaderLine() {
        let all = error("name = \"x\"\nloss_reasons = [\"Price\"]\n[colours]\nred = 1\n[[extras]]\nx = 1\n[[stages]]\nname = \"A\"\n" + Self.closedStages)?.all ?? []
        #expect(all.map(\.keyPath) == ["colours", "extras"])
        #expect(all.map(\.line) == [3, 5])
    }
}
