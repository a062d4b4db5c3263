import Foundation
import Testing
@testable import Pipeline

/// Money is read exactly or refused — never guessed (issue 9). Every number style against every
/// input that one style or another could read differently, with the value it must give or the
/// words of the refusal.
@Suite struct MoneyTests {
    /// What one input must give under one style: the journal's text of the amount, or a refusal
    /// whose message contains `refused`.
    enum Outcome: CustomStringConvertible {
        case value(String)
        case refused(String)
        var description: String {
            switch self {
            case .value(let v): return "= \(v)"
            case .refused(let m): return "refused: …\(m)…"
            }
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var input: String
        /// Under "1,234.56", "1.234,56" and "1 234,56", in that order.
        var outcomes: [Outcome]
        var description: String { "\"\(input)\"" }
        init(_ input: String, _ commaDot: Outcome, _ dotComma: Outcome, _ spaceComma: Outcome) {
            self.input = input
            outcomes = [commaDot, dotComma, spaceComma]
        }
        init(_ input: String, all: Outcome) { self.init(input, all, all, all) }
    }

    static func v(_ s: String) -> Outcome { .value(s) }
    static func no(_ s: String) -> Outcome { .refused(s) }

    /// The board's currency here is EUR (2 decimals), written in each of the three styles.
    static let cases: [Case] = [
        // Plain digits read the same everywhere.
        Case("12000", all: v("12000")),
        Case("0", all: v("0")),
        Case("007", all: v("7")),
        // The measured failures: 12.000 → 12, 12.000,50 → 12, €1.500,00 → 1.5, 45.000 → 45.
        Case("12.000", no("did you mean 12000 or 12?"), v("12000"), no("did you mean 12000 or 12?")),
        Case("45.000", no("did you mean 45000 or 45?"), v("45000"), no("did you mean 45000 or 45?")),
        Case("80.000", no("did you mean 80000 or 80?"), v("80000"), no("did you mean 80000 or 80?")),
        Case("12,000", v("12000"), no("did you mean 12000 or 12?"), no("did you mean 12000 or 12?")),
        Case("12.000,50", no("writes numbers as 1,234.56; did you mean 12000.50?"), v("12000.5"), no("did you mean 12000,50?")),
        Case("€1.500,00", no("did you mean 1500?"), v("1500"), no("did you mean 1500?")),
        Case("12,000.50", v("12000.5"), no("did you mean 12000,50?"), no("did you mean 12000,50?")),
        // Spaces group in every style: plain, no-break, narrow no-break, thin.
        Case("12 000", all: v("12000")),
        Case("12\u{00A0}000", all: v("12000")),
        Case("12\u{202F}000", all: v("12000")),
        Case("1\u{2009}234\u{2009}567", all: v("1234567")),
        Case("12 000,50", no("did you mean 12000.50?"), v("12000.5"), v("12000.5")),
        Case("12\u{202F}000,50", no("did you mean 12000.50?"), v("12000.5"), v("12000.5")),
        Case("12 000.50", v("12000.5"), no("did you mean 12000,50?"), no("did you mean 12000,50?")),
        Case("1 234,567", no("is not a number"), no("has 3 decimals"), no("has 3 decimals")),
        // Several groups.
        Case("1,234,567", v("1234567"), no("did you mean 1234567?"), no("did you mean 1234567?")),
        Case("1.234.567", no("did you mean 1234567?"), v("1234567"), no("did you mean 1234567?")),
        Case("1.234.567,89", no("did you mean 1234567.89?"), v("1234567.89"), no("did you mean 1234567,89?")),
        Case("1,234,567.89", v("1234567.89"), no("did you mean 1234567,89?"), no("did you mean 1234567,89?")),
        Case("12,34,567", no("is not a number as this board writes them"), no("is not a number"), no("is not a number")),
        Case("1.2.3", no("is not a number"), no("is not a number"), no("is not a number")),
        // Decimals: one or two read where the style says; the other style's are refused.
        Case("12,5", no("did you mean 12.50?"), v("12.5"), v("12.5")),
        Case("12.5", v("12.5"), no("did you mean 12,50?"), no("did you mean 12,50?")),
        Case("12.50", v("12.5"), no("did you mean 12,50?"), no("did you mean 12,50?")),
        Case("0.50", v("0.5"), no("did you mean 0,50?"), no("did you mean 0,50?")),
        Case("0,5", no("did you mean 0.50?"), v("0.5"), v("0.5")),
        // More decimals than EUR has: refused, never cut (1.005 → 1, 12.345 → 12.34, 0.001 → 0).
        Case("1.005", no("\"1.005\" has 3 decimals, but EUR amounts have at most 2: did you mean 1005?"), v("1005"), no("did you mean 1005?")),
        Case("12.345", no("has 3 decimals, but EUR amounts have at most 2: did you mean 12345?"), v("12345"), no("did you mean 12345?")),
        Case("12,345", v("12345"), no("has 3 decimals, but EUR amounts have at most 2: did you mean 12345?"), no("did you mean 12345?")),
        Case("0.001", no("\"0.001\" has 3 decimals, but EUR amounts have at most 2; amounts are never rounded"), no("is not a number"), no("is not a number")),
        Case("12.3456", no("has 4 decimals"), no("is not a number"), no("is not a number")),
        Case("12.5000", v("12.5"), no("did you mean 12,50?"), no("did you mean 12,50?")),
        // k and m: right after at most three digits, in the board's decimal style.
        Case("12k", all: v("12000")),
        Case("12K", all: v("12000")),
        Case("2m", all: v("2000000")),
        Case("1.5k", v("1500"), no("did you mean 1,5k?"), no("did you mean 1,5k?")),
        Case("1,5k", no("did you mean 1.5k?"), v("1500"), v("1500")),
        Case("1.5m", v("1500000"), no("did you mean 1,5m?"), no("did you mean 1,5m?")),
        Case("1.2345k", v("1234.5"), no("did you mean"), no("did you mean")),
        Case("1.23456k", v("1234.56"), no("did you mean 1,23456k?"), no("did you mean 1,23456k?")),
        Case("1.234567k", no("has 3 decimals"), no("is not a number"), no("is not a number")),
        Case("9000k", all: no("k and m go after at most three digits, as in 12k")),
        Case("12,000k", no("k and m go after a plain number"), no("did you mean 12000000 or 12k?"), no("did you mean 12000000 or 12k?")),
        Case("1.500k", no("did you mean 1500000 or 1.5k?"), no("k and m go after a plain number"), no("did you mean 1,5k?")),
        Case("12 k", all: no("write the k right after the digits")),
        Case("12kk", all: no("unexpected \"kk\" after the number")),
        Case("12bn", all: no("unexpected \"bn\"")),
        // The currency: the board's, once, before or after; codes are words of their own.
        Case("€12000", all: v("12000")),
        Case("12000 €", all: v("12000")),
        Case("12000€", all: v("12000")),
        Case("€ 12000", all: v("12000")),
        Case("EUR 12000", all: v("12000")),
        Case("12000 EUR", all: v("12000")),
        Case("12000 eur", all: v("12000")),
        Case("€12k", all: v("12000")),
        Case("12k EUR", all: v("12000")),
        Case("12000EUR", all: no("put a space between the number and EUR")),
        Case("€€5", all: no("the currency is given 2 times")),
        Case("€5 EUR", all: no("the currency is given 2 times")),
        Case("$5", all: no("$ is not this board's currency: amounts here are in EUR and are never converted")),
        Case("12000 USD", all: no("USD is not this board's currency")),
        Case("12USD", all: no("USD is not this board's currency")),
        Case("CHF 5000", all: no("CHF is not this board's currency")),
        Case("US$5", all: no("US$ is not this board's currency")),
        Case("12000 XYZ", all: no("XYZ is not a currency code (ISO 4217)")),
        Case("12000 euros", all: no("unexpected \"euros\" after the number")),
        // Range and sign.
        Case("10000000000000", all: v("10000000000000")),
        Case("10000000000000.01", no("is more than the largest amount, €10,000,000,000,000"),
             no("is not a number"), no("is not a number")),
        Case("99999999999999999999999", no("is more than the largest amount, €10,000,000,000,000"),
             no("is more than the largest amount, €10.000.000.000.000"), no("is more than the largest amount, €10 000 000 000 000")),
        Case("-5", all: no("an amount cannot be negative")),
        Case("−5", all: no("an amount cannot be negative")),
        Case("€-5", all: no("an amount cannot be negative")),
        // Not numbers.
        Case("", all: no("no amount given")),
        Case("abc", all: no("\"abc\" is not an amount: it has no digits")),
        Case("€", all: no("it has no digits")),
        Case("12x", all: no("unexpected \"x\" after the number")),
        Case("1e30", all: no("unexpected \"e\" in the number")),
        Case("12.", no("nothing after ."), no("nothing after ."), no("nothing after .")),
        Case(".5", no("write a 0 before the decimal mark (0.5)"), no("write a 0 before the decimal mark (0,5)"), no("(0,5)")),
        Case("1'234", no("not with '"), no("not with '"), no("not with '")),
        Case("١٢", all: no("write the amount with the digits 0–9")),
        Case("1,,000", all: no("two marks in a row")),
        Case("(500)", all: no("unexpected \"(\" before the number")),
    ]

    static let styles = NumberStyle.allCases
    static let eur = Currency.iso("EUR")!

    @Test(arguments: cases)
    func everyStyleReadsOrRefuses(_ c: Case) {
        for (style, expected) in zip(Self.styles, c.outcomes) {
            let format = MoneyFormat(currency: Self.eur, style: style)
            let got = format.read(c.input)
            switch (expected, got) {
            case (.value(let want), .success(let m)):
                #expect(m.canonical == want, "\(c) in \(style.rawValue)")
            case (.refused(let words), .failure(let e)):
                #expect(e.reason.contains(words), "\(c) in \(style.rawValue): \(e.reason)")
            case (.value(let want), .failure(let e)):
                Issue.record("\(c) in \(style.rawValue): expected \(want), refused: \(e.reason)")
            case (.refused(let words), .success(let m)):
                Issue.record("\(c) in \(style.rawValue): expected a refusal (…\(words)…), read as \(m.canonical)")
            }
        }
    }

    /// A refusal's suggestion, typed back, is read as what it suggests: "did you mean" never
    /// sends anyone in circles.
    @Test(arguments: cases)
    func suggestionsReadBack(_ c: Case) {
        for style in Self.styles {
            let format = MoneyFormat(currency: Self.eur, style: style)
            guard case .failure(let e) = format.read(c.input), let range = e.reason.range(of: "did you mean ") else { continue }
            let tail = e.reason[range.upperBound...].prefix { $0 != "?" }
            for option in tail.components(separatedBy: " or ") {
                if case .failure(let again) = format.read(option) {
                    Issue.record("\(c) in \(style.rawValue): suggested \(option), which is refused: \(again.reason)")
                }
            }
        }
    }

    // MARK: Currencies

    @Test func currenciesWithoutOrWithMoreDecimals() {
        let jpy = MoneyFormat(currency: Currency.iso("JPY")!, style: .commaDot)
        #expect(jpy.read("12,000").map(\.canonical) == .success("12000"))
        #expect(jpy.read("¥12000").map(\.canonical) == .success("12000"))
        #expect(jpy.read("12.5").failureReason?.contains("JPY amounts have no decimals") == true)
        #expect(jpy.read("12.000").failureReason?.contains("did you mean 12000 or 12?") == true)
        #expect(jpy.read("12.500").failureReason?.contains("has 3 decimals, but JPY amounts have no decimals: did you mean 12500?") == true)
        #expect(jpy.text(Money(canonical: "12000")!) == "¥12,000")

        // Kuwaiti dinars have 3 decimals: their people write twelve as 12.000, and that is read.
        let kwd = MoneyFormat(currency: Currency.iso("KWD")!, style: .commaDot)
        #expect(kwd.read("12.345").map(\.canonical) == .success("12.345"))
        #expect(kwd.read("12.000").map(\.canonical) == .success("12"))
        #expect(kwd.read("12.3456").failureReason?.contains("KWD amounts have at most 3") == true)
        #expect(kwd.text(Money(canonical: "1234.5")!) == "KWD 1,234.500")

        let clf = MoneyFormat(currency: Currency.iso("CLF")!, style: .dotComma)
        #expect(clf.read("1,2345").map(\.canonical) == .success("1.2345"))
        #expect(clf.text(Money(canonical: "1.2345")!) == "CLF 1,2345")

        let chf = MoneyFormat(currency: Currency.iso("chf")!, style: .commaDot)
        #expect(chf.read("CHF 5000").map(\.canonical) == .success("5000"))
        #expect(chf.read("5000 chf").map(\.canonical) == .success("5000"))
        #expect(chf.read("$5000").failureReason?.contains("type the amount without a currency, or with CHF") == true)
        #expect(chf.text(Money(canonical: "5000")!) == "CHF 5,000")

        // $ is the board's sign only on a USD board; an AUD board takes A$ or AUD.
        let aud = MoneyFormat(currency: Currency.iso("AUD")!, style: .commaDot)
        #expect(aud.read("$5000").failureReason?.contains("$ is not this board's currency") == true)
        #expect(aud.read("A$5000").map(\.canonical) == .success("5000"))
        #expect(aud.read("AUD 5000").map(\.canonical) == .success("5000"))

        #expect(Currency.iso("XYZ") == nil)
        #expect(Currency.iso("XAU") == nil)  // gold has no minor units and no deals
        #expect(Currency.minorDigitsByCode.count > 150)
    }

    // MARK: Showing

    @Test func shownInTheBoardsStyleAndCurrency() {
        let m = Money(canonical: "1234567.5")!
        #expect(MoneyFormat(currency: .usd, style: .commaDot).text(m) == "$1,234,567.50")
        #expect(MoneyFormat(currency: Self.eur, style: .dotComma).text(m) == "€1.234.567,50")
        #expect(MoneyFormat(currency: Self.eur, style: .spaceComma).text(m) == "€1 234 567,50")
        #expect(MoneyFormat(currency: Self.eur, style: .dotComma).text(Money(canonical: "45000")!) == "€45.000")
        #expect(MoneyFormat(currency: Self.eur, style: .dotComma).input(m) == "1.234.567,50")
        #expect(MoneyFormat(currency: Self.eur, style: .dotComma).short(m) == "€1,2M")
        #expect(MoneyFormat.standard.short(Money(canonical: "12000")!) == "$12k")
        #expect(MoneyFormat.standard.short(Money(canonical: "450")!) == "$450")
        #expect(MoneyFormat.standard.short(Money.max) == "$10T")
        #expect(MoneyFormat.standard.short(Money(canonical: "2500000000")!) == "$2.5B")
        // What a form shows reads back as the same amount, in every style.
        for style in NumberStyle.allCases {
            let f = MoneyFormat(currency: Self.eur, style: style)
            for text in ["1", "12.5", "45000", "1234567.89", "10000000000000"] {
                let amount = Money(canonical: text)!
                #expect(f.read(f.input(amount)).map(\.canonical) == .success(text), "\(text) in \(style.rawValue)")
                #expect(f.read(f.text(amount)).map(\.canonical) == .success(text), "\(text) shown in \(style.rawValue)")
            }
        }
    }

    // MARK: The journal's form

    @Test func theJournalsFormIsReadExactlyAndNothingElse() {
        for ok in ["0", "12000", "40000.5", "0.25", "12.3456", "10000000000000", "9999999999999.9999"] {
            #expect(Money(canonical: ok)?.canonical == ok, "\(ok)")
        }
        for bad in ["", "1e30", "1E+30", "-5", "+5", "012", "00", "1.50", "12.", ".5", "12,000", "12 000", " 12", "12.34567",
                    "10000000000000.0001", "99999999999999999999999", "NaN", "inf", "0x10", "1.2.3"] {
            #expect(Money(canonical: bad) == nil, "\(bad)")
        }
    }

    // MARK: Sums

    /// Every sum is done in integers that cannot overflow: a million deals at the largest
    /// amount, weighted by 100 %, are summed exactly and shown.
    @Test func sumsOfTheLargestAmountsNeverOverflow() {
        let many = Array(repeating: Money.max, count: 1_000_000)
        let total = many.sum()
        #expect(total.micros == Int128(1_000_000) * Int128(Money.max.units) * 100)
        #expect(total.weighted(percent: 100) == total)
        #expect(MoneyFormat.standard.text(total) == "$10,000,000,000,000,000,000")
        #expect(MoneyFormat.standard.machine(total) == "10000000000000000000")
        #expect(total.divided(by: 1_000_000) == MoneySum(Money.max))
        #expect(MoneySum(approximately: .infinity) == nil)
        #expect(MoneySum(approximately: .nan) == nil)
        // Weighted values are exact: 12,345.67 at 33 % is 4,074.0711, shown to the cent.
        let w = MoneySum(Money(canonical: "12345.67")!).weighted(percent: 33)
        #expect(w.micros == 4_074_071_100)
        #expect(MoneySum(Money(canonical: "12345.67")!, percent: 33) == w)
        #expect(MoneySum(Money.max, percent: 100) == MoneySum(Money.max))
        #expect(MoneyFormat.standard.text(w) == "$4,074.07")
        #expect(MoneyFormat.standard.machine(w) == "4074.07")
    }

    /// Random text of digits, marks, spaces, signs and letters: nothing traps, and whatever is
    /// read is in range and shows as text that reads back as the same amount.
    @Test func randomTextNeverTrapsAndWhatIsReadShowsBack() {
        let alphabet = Array("0123456789000.,  \u{00A0}\u{202F}kmK€$-EUR'x")
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var read = 0
        for _ in 0..<20_000 {
            let text = String((0..<(1 + next(12))).map { _ in alphabet[next(alphabet.count)] })
            for style in NumberStyle.allCases {
                let f = MoneyFormat(currency: Self.eur, style: style)
                guard case .success(let m) = f.read(text) else { continue }
                read += 1
                #expect(m <= Money.max)
                #expect(f.read(f.text(m)) == .success(m), "\(text) in \(style.rawValue)")
            }
        }
        #expect(read > 1_000)
    }

    // MARK: Number fields

    @Test func numberFieldsFollowTheStyleToo() {
        let us = MoneyFormat.standard
        let eu = MoneyFormat(currency: Self.eur, style: .dotComma)
        #expect(us.readNumber("12,5").failureReason?.contains("did you mean 12.5?") == true)  // never 125
        #expect(us.readNumber("1,200") == .success("1200"))
        #expect(us.readNumber("-3.5") == .success("-3.5"))
        #expect(us.readNumber("12.000").failureReason?.contains("did you mean 12000 or 12?") == true)
        #expect(eu.readNumber("12,5") == .success("12.5"))
        #expect(eu.readNumber("1.200") == .success("1200"))
        #expect(us.readNumber("abc").failureReason != nil)
        let field = FieldDefinition(key: "score", label: "Score", type: .number)
        #expect((try? field.canonicalValue("55", money: us).get()) == "55")
    }
}

extension Result where Failure == MoneyInputError {
    var failureReason: String? {
        if case .failure(let e) = self { return e.reason }
        return nil
    }
}
