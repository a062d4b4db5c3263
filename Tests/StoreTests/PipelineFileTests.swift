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
        #expect(p.quota > 0)
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
        [[checklists]]
        key = "bant"
        items = ["Бюджет", "Полномочия", "予算"]
        [[stages]]
        name = "A"
        """, file: "p.toml")
        #expect(p.checklists[0].items.map(\.key) == ["bant.item1", "bant.item2", "bant.item3"])
        #expect(p.findCheck("Полномочия").map(\.key) == ["bant.item2"])
    }
}
