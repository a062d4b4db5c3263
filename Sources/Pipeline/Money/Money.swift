import Foundation

/// An amount of money in the board's currency, held exactly: a whole number of ten-thousandths
/// of the currency's unit (4 decimals: the most any ISO 4217 currency has), from 0 to 10^13.
///
/// Why integers: amounts used to go Decimal → Double → Int64, which loses digits and *traps*
/// (SIGILL) on a large value — one accepted amount crashed every reader. Here nothing converts:
/// an amount is read exactly or refused, 10^13 × 10^4 fits an `Int64` with room to spare, and
/// every sum is a `MoneySum` (128 bits), which no number of amounts in range can overflow.
public struct Money: Hashable, Comparable, Sendable {
    /// Units per currency unit: amounts carry up to 4 decimals.
    public static let scale: Int64 = 10_000
    public static let decimals = 4
    /// The largest amount, in currency units: 10^13 (ten trillion).
    public static let maxWhole: Int64 = 10_000_000_000_000
    public static let max = Money(units: maxWhole * scale)!
    public static let zero = Money(units: 0)!

    /// Ten-thousandths of the currency unit.
    public let units: Int64

    public init?(units: Int64) {
        guard units >= 0, units <= Self.maxWhole * Self.scale else { return nil }
        self.units = units
    }

    public var isZero: Bool { units == 0 }
    public static func < (a: Money, b: Money) -> Bool { a.units < b.units }

    /// Decimals the amount needs (12000 → 0, 40000.5 → 1, 0.125 → 3).
    public var decimalsUsed: Int {
        var f = units % Self.scale
        guard f != 0 else { return 0 }
        var n = Self.decimals
        while f % 10 == 0 { f /= 10; n -= 1 }
        return n
    }

    /// The exact value as a Decimal (for comparing with a number criterion's threshold).
    public var decimal: Decimal { Decimal(units) / Decimal(Self.scale) }

    /// The amount equal to `value`, if it is one (in range, at most 4 decimals).
    public init?(exactly value: Decimal) {
        guard value >= 0, value <= Decimal(Self.maxWhole) else { return nil }
        var scaled = value * Decimal(Self.scale)
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard whole == scaled, let units = Int64(whole.description) else { return nil }
        self.init(units: units)
    }

    // MARK: The journal's form

    /// The text the journal stores: plain digits, `.` and the decimals it needs, no grouping,
    /// no sign, no zeros that say nothing ("12000", "40000.5", "0.25"). Old boards wrote the
    /// same (to at most 2 decimals), so they open unchanged.
    public var canonical: String {
        let whole = units / Self.scale
        let fraction = units % Self.scale
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: Self.decimals - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return String(whole) + "." + digits
    }

    /// Reads the journal's form, and nothing else: a value its writer could not have got from
    /// dealboard (`1e30`, `-5`, `12,000`, `012`, `1.50`, more than 10^13, more than 4 decimals)
    /// is nil, and the fold reports it instead of guessing. Byte by byte: replay reads one per
    /// amount.
    public init?(canonical text: String) {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var wholeDigits = 0
        var fractionDigits = 0
        var seenDot = false
        var first: UInt8 = 0
        var last: UInt8 = 0
        for b in text.utf8 {
            if b == UInt8(ascii: ".") {
                guard !seenDot, wholeDigits > 0 else { return nil }
                seenDot = true
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            let d = Int64(b - 48)
            if seenDot {
                fractionDigits += 1
                guard fractionDigits <= Self.decimals else { return nil }
                fraction = fraction * 10 + d
            } else {
                if wholeDigits == 0 { first = b }
                wholeDigits += 1
                guard wholeDigits <= 14 else { return nil } // 10^13 has 14 digits
                whole = whole * 10 + d
            }
            last = b
        }
        // No leading zeros ("012"), no empty or zero-ended decimals ("12.", "1.50").
        guard wholeDigits > 0, !(first == 48 && wholeDigits > 1), !seenDot || (fractionDigits > 0 && last != 48) else { return nil }
        var f = fraction
        for _ in fractionDigits..<Self.decimals { f *= 10 }
        guard whole <= Self.maxWhole else { return nil }
        self.init(units: whole * Self.scale + f)
    }
}

/// A sum of amounts, or an amount × a percentage (a weighted value): exact, in millionths of
/// the currency's unit, in 128 bits. One amount is at most 10^13 × 10^6 = 10^19 millionths
/// (10^21 weighted by 100 %), so not even 10^16 deals could overflow it.
public struct MoneySum: Hashable, Comparable, Sendable {
    public static let scale: Int128 = 1_000_000
    public var micros: Int128

    public init(micros: Int128) { self.micros = micros }
    public init(_ m: Money) { micros = Int128(m.units) * 100 }
    /// One amount weighted by a whole percentage: units × 100 × p / 100, with no division.
    public init(_ m: Money, percent: Int) { micros = Int128(m.units) * Int128(percent) }
    public static let zero = MoneySum(micros: 0)

    public static func + (a: MoneySum, b: MoneySum) -> MoneySum { MoneySum(micros: a.micros + b.micros) }
    public static func += (a: inout MoneySum, b: MoneySum) { a.micros += b.micros }
    public static func += (a: inout MoneySum, b: Money) { a.micros += Int128(b.units) * 100 }
    public static func < (a: MoneySum, b: MoneySum) -> Bool { a.micros < b.micros }

    public var isZero: Bool { micros == 0 }

    /// The sum weighted by a stage's probability (whole percent): exact, since every sum of
    /// amounts is a multiple of 100 millionths.
    public func weighted(percent: Int) -> MoneySum { MoneySum(micros: micros * Int128(percent) / 100) }

    /// The sum divided by a count (an average), to the nearest millionth.
    public func divided(by n: Int) -> MoneySum {
        guard n > 0 else { return self }
        let d = Int128(n)
        return MoneySum(micros: (micros + d / 2) / d)
    }

    /// For ratios and bar lengths only (coverage, charts), never for what is shown as money.
    public var doubleValue: Double { Double(micros) / Double(Self.scale) }

    /// A money figure computed in floating point (pipeline velocity), to the nearest millionth;
    /// nil when it is not a finite, non-negative number that fits.
    public init?(approximately value: Double) {
        let scaled = (value * Double(Self.scale)).rounded()
        guard scaled.isFinite, scaled >= 0, scaled < 1e36 else { return nil }
        micros = Int128(scaled)
    }
}

extension Sequence where Element == Money {
    /// Σ of amounts, in 128 bits.
    public func sum() -> MoneySum { reduce(into: MoneySum.zero) { $0 += $1 } }
}
