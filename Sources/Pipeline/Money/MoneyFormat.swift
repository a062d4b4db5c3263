import Foundation

/// How a board reads and shows money: its one currency and its number style. Everything a
/// person sees goes through here (cards, column totals, detail, CLI text, reports), so an
/// amount reads the same everywhere; JSON keeps machine numbers (`machine`).
public struct MoneyFormat: Equatable, Sendable {
    public var currency: Currency
    public var style: NumberStyle

    public init(currency: Currency, style: NumberStyle) {
        self.currency = currency
        self.style = style
    }

    /// USD written 1,234.56: a board whose pipeline.toml names neither (every board made before
    /// the two keys existed).
    public static let standard = MoneyFormat(currency: .usd, style: .commaDot)

    // MARK: For people

    /// The exact amount: `€45.000`, `$12,000.50`, `CHF 5,000`. Decimals show only when the
    /// amount has some, then as many as the currency has (more if an old journal holds more).
    public func text(_ m: Money) -> String {
        let fraction = Int(m.units % Money.scale)
        let places = fraction == 0 ? 0 : max(currency.minorDigits, m.decimalsUsed)
        var digits = ""
        if places > 0 {
            var f = fraction
            for _ in places..<Money.decimals { f /= 10 }
            digits = String(f)
            digits = String(repeating: "0", count: places - digits.count) + digits
        }
        return currency.mark + number(whole: String(m.units / Money.scale), fraction: digits)
    }

    /// A sum or weighted value, rounded to the currency's decimals (half up), shown like `text`.
    public func text(_ s: MoneySum) -> String {
        let (whole, fraction) = rounded(s)
        return currency.mark + number(whole: whole, fraction: fraction)
    }

    /// For narrow places (cards, column headers, report bars): `€12k`, `€1,2M`, `$450`.
    public func short(_ m: Money) -> String { short(MoneySum(m)) }

    public func short(_ s: MoneySum) -> String {
        let units = MoneySum.scale
        let body: String
        let micros = s.micros
        if micros < 1_000 * units {
            body = String(Self.roundHalfEven(micros, units))
        } else if micros < 1_000_000 * units {
            body = String(Self.roundHalfEven(micros, 1_000 * units)) + "k"
        } else {
            // Tenths of a million, billion or trillion.
            let tiers: [(Int128, String)] = [(1_000_000, "M"), (1_000_000_000, "B"), (1_000_000_000_000, "T")]
            let tier = tiers.last { micros >= $0.0 * units } ?? tiers[0]
            let tenths = Self.roundHalfEven(micros, tier.0 * units / 10)
            body = String(tenths / 10) + (tenths % 10 == 0 ? "" : String(style.decimalMark) + String(tenths % 10)) + tier.1
        }
        return currency.mark + body
    }

    /// The amount as a form shows it for editing: the board's style, without the currency, so
    /// it reads back as the same amount (`45.000`, `12.000,50`).
    public func input(_ m: Money) -> String {
        String(text(m).dropFirst(currency.mark.count))
    }

    /// A plain number in the board's style without grouping (`12000`, `12,5` on a comma
    /// board): unambiguous in every style, for "did you mean" suggestions.
    public func plain(whole: String, fraction: String) -> String {
        fraction.isEmpty ? whole : whole + String(style.decimalMark) + fraction
    }

    /// What a money field expects, for hints: `an amount in EUR such as 12.000, 12.000,50 or 12k`.
    public var expectation: String {
        let cents = currency.minorDigits == 0 ? "" : String(style.decimalMark) + "5" + String(repeating: "0", count: currency.minorDigits - 1)
        return "an amount in \(currency.code) such as 12000, 12\(style.groupMark)000\(cents) or 12k"
    }

    // MARK: For machines

    /// A sum rounded to the currency's decimals as a JSON number's text (`12000.5`, `0`).
    public func machine(_ s: MoneySum) -> String {
        var (whole, fraction) = rounded(s)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }

    // MARK: Digits

    /// Whole digits grouped by thousands in the board's style, and the decimals after its mark.
    func number(whole: String, fraction: String) -> String {
        var grouped = ""
        grouped.reserveCapacity(whole.count + whole.count / 3 + fraction.count + 1)
        let count = whole.count
        for (i, ch) in whole.enumerated() {
            if i > 0, (count - i) % 3 == 0 { grouped.append(style.groupMark) }
            grouped.append(ch)
        }
        return fraction.isEmpty ? grouped : grouped + String(style.decimalMark) + fraction
    }

    /// The sum rounded half up to the currency's decimals: whole digits, and the decimals
    /// ("" when they are all zero).
    func rounded(_ s: MoneySum) -> (whole: String, fraction: String) {
        let places = currency.minorDigits
        var step: Int128 = 1
        for _ in places..<6 { step *= 10 }
        let q = (s.micros + step / 2) / step
        var perUnit: Int128 = 1
        for _ in 0..<places { perUnit *= 10 }
        let whole = String(q / perUnit)
        let f = q % perUnit
        guard f != 0 else { return (whole, "") }
        let digits = String(f)
        return (whole, String(repeating: "0", count: places - digits.count) + digits)
    }

    static func roundHalfEven(_ x: Int128, _ d: Int128) -> Int128 {
        let q = x / d
        let r = x % d
        if 2 * r > d || (2 * r == d && q % 2 == 1) { return q + 1 }
        return q
    }
}
