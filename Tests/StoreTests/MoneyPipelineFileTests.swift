import Foundation
import Testing
@testable import Pipeline
@testable import Store

/// pipeline.toml's money: `currency` (any ISO 4217 code), `number_style`, and amounts in it
/// (`[quota] amount`, a money field's `min`) under the same rules as typed amounts — a bad one
/// is an error with its line and key, never a guess.
@Suite struct MoneyPipelineFileTests {
    static let stages = """

    [[stages]]
    name = "Open"
    [[stages]]
    name = "Won"
    kind = "won"
    [[stages]]
    name = "Lost"
    kind = "lost"
    """
    static let tail = "loss_reasons = [\"Price\"]\n"

    func load(_ top: String) throws -> PipelineDefinition {
        try PipelineLoader.parse(top + Self.tail + Self.stages, file: "p.toml")
    }

    func error(_ top: String) -> PipelineFileError? {
        do { _ = try load(top); return nil } catch let e as PipelineFileError { return e } catch { return nil }
    }

    @Test func currencyAndStyle() throws {
        var p = try load("name = \"x\"\n")
        #expect(p.money == .standard)                     // boards without the keys: USD, 1,234.56
        p = try load("currency = \"EUR\"\nnumber_style = \"1.234,56\"\n")
        #expect(p.money == MoneyFormat(currency: Currency.iso("EUR")!, style: .dotComma))
        p = try load("currency = \"jpy\"\nnumber_style = \"1\u{202F}234,56\"\n")
        #expect(p.currency == "JPY")
        #expect(p.money.style == .spaceComma)
        p = try load("currency = \"CHF\"\n")
        #expect(p.money.text(Money(canonical: "5000")!) == "CHF 5,000")

        var e = error("currency = \"EURO\"\n")
        #expect(e?.keyPath == "currency")
        #expect(e?.line == 1)
        #expect(e?.message.contains("\"EURO\" is not an ISO 4217 currency code") == true)
        e = error("name = \"x\"\nnumber_style = \"1'234.56\"\n")
        #expect(e?.keyPath == "number_style")
        #expect(e?.line == 2)
        #expect(e?.message.contains("expected one of: \"1,234.56\", \"1.234,56\", \"1 234,56\"") == true)
    }

    @Test(arguments: [
        // [quota] amount as written → the amount, or the words of the error.
        ("amount = 450000", "450000"),
        ("amount = 1500.5", "1500.5"),
        ("amount = \"450,000\"", "450000"),
        ("amount = \"$450k\"", "450000"),
        ("amount = 0", "0"),
        ("amount = \"450.000\"", "did you mean 450000 or 450?"),
        ("amount = 12.345", "has 3 decimals, but USD amounts have at most 2"),
        ("amount = -5", "cannot be negative"),
        ("amount = 99999999999999999", "more than the largest amount, $10,000,000,000,000"),
        ("amount = 1e30", "more than the largest amount"),
        ("amount = \"€450000\"", "€ is not this board's currency"),
        ("amount = \"lots\"", "\"lots\" is not an amount"),
        ("amount = true", "expected an amount such as 450000"),
    ])
    func quotaFollowsTheMoneyRules(_ line: String, _ expected: String) throws {
        let top = "name = \"x\"\n[quota]\n\(line)\nperiod = \"month\"\n"
        // A table ends at the next table: the loss reasons go before it.
        let toml = Self.tail + top + Self.stages
        do {
            let p = try PipelineLoader.parse(toml, file: "p.toml")
            #expect(p.quota.canonical == expected, "\(line)")
        } catch let e as PipelineFileError {
            #expect(e.keyPath == "quota.amount", "\(line)")
            #expect(e.line == 4, "\(line)")
            #expect(e.message.contains(expected), "\(line): \(e.message)")
        }
    }

    @Test func aEuropeanQuotaAndAMoneyMinimumReadInTheBoardsStyle() throws {
        let toml = """
        currency = "EUR"
        number_style = "1.234,56"
        loss_reasons = ["Price"]
        [quota]
        amount = "450.000"
        [[fields]]
        key = "budget"
        type = "money"
        [[fields]]
        key = "score"
        type = "number"
        [[stages]]
        name = "Open"
        [[stages.exit]]
        kind = "min"
        field = "budget"
        min = "10.000,50"
        [[stages.exit]]
        kind = "min"
        field = "score"
        min = "1,5"
        [[stages]]
        name = "Won"
        kind = "won"
        [[stages]]
        name = "Lost"
        kind = "lost"
        """
        let p = try PipelineLoader.parse(toml, file: "p.toml")
        #expect(p.quota.canonical == "450000")
        #expect(p.stages[0].exitCriteria.map(\.label) == ["budget at least €10.000,50", "score at least 1.5"])
        let bad = toml.replacingOccurrences(of: "min = \"10.000,50\"", with: "min = \"10.000,505\"")
        #expect(throws: PipelineFileError.self) { try PipelineLoader.parse(bad, file: "p.toml") }
    }

    @Test func initWritesTheCurrencyAndStyleAndTheLocaleDecides() throws {
        // The locale's separators and currency, by the categories POSIX reads them from.
        var d = BoardInit.moneyDefaults(environment: ["LANG": "de_DE.UTF-8"])
        #expect(d.money == MoneyFormat(currency: Currency.iso("EUR")!, style: .dotComma))
        #expect(d.locale == "de_DE.UTF-8")
        d = BoardInit.moneyDefaults(environment: ["LANG": "fr_FR.UTF-8"])
        #expect(d.money.style == .spaceComma)
        d = BoardInit.moneyDefaults(environment: ["LANG": "en_US.UTF-8", "LC_NUMERIC": "sv_SE.UTF-8", "LC_MONETARY": "ja_JP.UTF-8"])
        #expect(d.money == MoneyFormat(currency: Currency.iso("JPY")!, style: .spaceComma))
        d = BoardInit.moneyDefaults(environment: ["LC_ALL": "de_CH.UTF-8", "LANG": "fr_FR.UTF-8"])
        #expect(d.money == MoneyFormat(currency: Currency.iso("CHF")!, style: .commaDot))
        for plain in [[:], ["LANG": "C.UTF-8"], ["LANG": "POSIX"], ["LC_ALL": "C"]] {
            #expect(BoardInit.moneyDefaults(environment: plain).money == .standard)
        }

        for template in PipelineTemplates.all.map(\.name) {
            let eur = MoneyFormat(currency: Currency.iso("EUR")!, style: .spaceComma)
            let toml = PipelineTemplates.withMoney(PipelineTemplates.toml(named: template)!, eur)
            #expect(try PipelineLoader.parse(toml, file: template).money == eur, "\(template)")
        }
    }
}
