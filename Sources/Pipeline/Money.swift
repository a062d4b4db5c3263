import Foundation

/// Money amounts: exact decimals, typed by people as `12000`, `12,000`, `12k`, `1.5m`, `$40,000.50`.
public enum Money {
    public static func parse(_ raw: String) -> Decimal? {
        // Fast path for the canonical form the journal stores ("12000", "40000.5"): replay
        // parses one per amount, and the general path below is ~20x slower.
        if let v = parseCanonical(raw) { return v }
        var text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        for symbol in ["$", "€", "£", "usd", "eur", "gbp", " "] { text = text.replacingOccurrences(of: symbol, with: "") }
        // A comma groups thousands (12,000 / 1,250,000.50) or it is a mistake: "12,5" must not
        // quietly become 125.
        if text.contains(",") {
            var whole = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if whole.hasSuffix("k") || whole.hasSuffix("m") { whole = whole.dropLast() }
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        text = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        var multiplier: Decimal = 1
        if text.hasSuffix("k") { multiplier = 1_000; text.removeLast() }
        else if text.hasSuffix("m") { multiplier = 1_000_000; text.removeLast() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return value * multiplier
    }

    static func parseCanonical(_ raw: String) -> Decimal? {
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var fractionDigits = 0
        var seenDot = false
        var digits = 0
        for b in raw.utf8 {
            if b == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            digits += 1
            if digits > 17 { return nil }
            if seenDot { fraction = fraction * 10 + UInt64(b - 48); fractionDigits += 1 } else { whole = whole * 10 + UInt64(b - 48) }
        }
        guard digits > 0 else { return nil }
        let total = whole * UInt64(pow(10, Double(fractionDigits))) + fraction
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(total))
    }

    /// Canonical form stored in the journal: plain digits, `.` decimal point, no grouping.
    public static func canonical(_ value: Decimal) -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .bankers)
        return NSDecimalNumber(decimal: rounded).stringValue
    }

    /// For people: `12,000` or `12,000.50`, with the pipeline's currency symbol if given.
    /// Written by hand: a NumberFormatter per call cost ~1 ms, which a report of a big board
    /// pays thousands of times.
    public static func display(_ value: Decimal, currency: String = "") -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .plain)
        let negative = rounded < 0
        // Cents as an integer: exact for amounts up to ~90 trillion.
        let cents = abs(Int64((NSDecimalNumber(decimal: rounded).doubleValue * 100).rounded()))
        let digits = String(cents / 100)
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        // Cents show as cents ($12,000.50), whole amounts without them ($12,000).
        let fraction = cents % 100
        if fraction != 0 { grouped += "." + (fraction < 10 ? "0" : "") + String(fraction) }
        return (negative ? "-" : "") + symbol(currency) + grouped
    }

    /// Short form for narrow places: `12k`, `1.2M`.
    public static func short(_ value: Decimal, currency: String = "") -> String {
        let d = NSDecimalNumber(decimal: value).doubleValue
        let a = abs(d)
        // Integer arithmetic, not String(format:): boards print thousands of these.
        let sign = d < 0 ? "-" : ""
        let body: String
        if a >= 1_000_000 {
            let tenths = Int((a / 100_000).rounded(.toNearestOrEven))
            body = String(tenths / 10) + (tenths % 10 == 0 ? "" : "." + String(tenths % 10)) + "M"
        } else if a >= 1_000 {
            body = String(Int((a / 1_000).rounded(.toNearestOrEven))) + "k"
        } else {
            body = String(Int(a.rounded(.toNearestOrEven)))
        }
        return symbol(currency) + sign + body
    }

    static func symbol(_ currency: String) -> String {
        switch currency.uppercased() {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        default: return ""
        }
    }

}
