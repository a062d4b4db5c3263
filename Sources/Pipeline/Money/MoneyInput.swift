import Foundation

/// Why typed money was refused, in words a person can act on: what is wrong and, where one
/// reading is likely, what to type instead ("did you mean 12000 or 12?").
public struct MoneyInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was typed (trimmed).
    public var text: String
    public var reason: String
    /// The text may still become an amount as more is typed (`45.`, `45.00` on a board that
    /// groups with dots): a form waits before showing the error.
    public var incomplete = false

    public var description: String { reason }
}

/// Reading money as people type it, under the board's currency and number style.
///
/// The rules (README, "Money"):
/// - digits 0–9, grouped by thousands with the board's group mark or a space (also no-break
///   and narrow no-break spaces), decimals after the board's decimal mark;
/// - at most as many decimals as the currency has (trailing zeros aside); never cut;
/// - a value the other convention would read differently is refused with both readings:
///   `12.000` on a board whose decimal mark is `.` (a 3-digit group or 3 decimals?) —
///   unless the currency itself has 3 or more decimals (KWD), where `12.000` is twelve;
/// - a value written in another style (`12.000,50` on a `1,234.56` board) is refused with
///   the reading in the board's style;
/// - `k` (thousand) or `m` (million) right after at most three digits: `12k`, `1.5m`;
/// - the currency may be given once, before or after, as the board's code (`12000 EUR`,
///   `EUR 12000`; a code is a word of its own) or its sign (`€12000`, `12000 €`); any other
///   currency is refused — amounts are never converted;
/// - from 0 to 10^13; no sign: a deal's value is not negative.
extension MoneyFormat {
    public func read(_ typed: String) -> Result<Money, MoneyInputError> {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return .success(try MoneyReader(format: self, text: text).read())
        } catch let e as MoneyInputError {
            return .failure(e)
        } catch {
            return .failure(MoneyInputError(text: text, reason: "\(error)"))
        }
    }
}

/// One reading of typed money (see `MoneyFormat.read`).
struct MoneyReader {
    let format: MoneyFormat
    let text: String
    var currency: Currency { format.currency }

    enum Mark: Hashable { case dot, comma, space }

    /// The digits of a number as one convention reads it.
    struct Reading: Equatable {
        var whole: String
        var fraction: String
        var grouped: Bool
    }

    func fail(_ reason: String, incomplete: Bool = false) -> MoneyInputError {
        MoneyInputError(text: text, reason: reason, incomplete: incomplete)
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\u{00A0}" || c == "\u{202F}" || c == "\u{2009}" }

    func read() throws -> Money {
        guard !text.isEmpty else { throw fail("no amount given") }
        let chars = Array(text)
        guard let first = chars.firstIndex(where: Self.isDigit), let last = chars.lastIndex(where: Self.isDigit) else {
            if chars.contains(where: { $0.isNumber }) { throw fail("\"\(text)\": write the amount with the digits 0–9") }
            throw fail("\"\(text)\" is not an amount: it has no digits")
        }
        let prefix = chars[..<first]
        var suffix = chars[(last + 1)...]
        if prefix.contains("-") || prefix.contains("−") { throw fail("\"\(text)\": an amount cannot be negative") }
        if let mark = prefix.last, mark == "." || mark == "," {
            throw fail("\"\(text)\": write a 0 before the decimal mark (0\(format.style.decimalMark)5)")
        }

        // A k or m right after the last digit.
        var multiplier = 0 // power of ten
        let glued = suffix.prefix { $0.isLetter }
        if !glued.isEmpty {
            let word = String(glued)
            switch word {
            case "k", "K": multiplier = 3
            case "m", "M": multiplier = 6
            default:
                if Currency.iso(word) != nil, word.count == 3 {
                    try checkCurrency(word, isSign: false)
                    throw fail("\"\(text)\": put a space between the number and \(word.uppercased())")
                }
                throw fail("\"\(text)\": unexpected \"\(word)\" after the number; amounts take k (thousand) or m (million), as in 12k or 1.5m")
            }
            suffix = suffix.dropFirst(glued.count)
        }
        if suffix.count == 1, suffix.first == "." || suffix.first == "," {
            throw fail("\"\(text)\" is not a number: nothing after \(suffix.first!)", incomplete: true)
        }
        let marks = try currencyMarks(Array(prefix), before: true) + currencyMarks(Array(suffix), before: false)
        if marks.count > 1 { throw fail("\"\(text)\": the currency is given \(marks.count) times; give it once, or not at all") }

        let reading = try number(Array(chars[first...last]), multiplier: multiplier)
        return try value(reading, multiplier: multiplier)
    }

    // MARK: Currency

    /// The currency signs and codes in the text around the number, each checked against the
    /// board's currency.
    func currencyMarks(_ part: [Character], before: Bool) throws -> [String] {
        var found: [String] = []
        var i = 0
        while i < part.count {
            let c = part[i]
            if Self.isSpace(c) { i += 1; continue }
            if Currency.isSign(c) {
                try checkCurrency(String(c), isSign: true)
                found.append(String(c))
                i += 1
                continue
            }
            if c.isLetter {
                var j = i
                while j < part.count, part[j].isLetter { j += 1 }
                var word = String(part[i..<j])
                // US$, A$, C$, HK$, R$…: a dollar sign with a country's letters.
                if j < part.count, part[j] == "$", let code = Self.dollarPrefixes[word.uppercased()] {
                    try checkCurrency(code, isSign: false, typed: word + "$")
                    found.append(word + "$")
                    i = j + 1
                    continue
                }
                if ["k", "m", "K", "M"].contains(word) {
                    throw fail("\"\(text)\": write the \(word) right after the digits, as in 12\(word)")
                }
                if word.count == 3, Currency.iso(word) != nil {
                    try checkCurrency(word, isSign: false)
                    found.append(word)
                } else if word.count == 3, word.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                    throw fail("\"\(text)\": \(word) is not a currency code (ISO 4217); amounts on this board are in \(currency.code)")
                } else {
                    if word.count > 40 { word = String(word.prefix(40)) + "…" }
                    throw fail("\"\(text)\": unexpected \"\(word)\" \(before ? "before" : "after") the number")
                }
                i = j
                continue
            }
            throw fail("\"\(text)\": unexpected \"\(c)\" \(before ? "before" : "after") the number")
        }
        return found
    }

    static let dollarPrefixes: [String: String] = [
        "US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD", "HK": "HKD", "S": "SGD",
        "SG": "SGD", "R": "BRL", "MX": "MXN", "NT": "TWD",
    ]

    /// A currency written in the text must be the board's: amounts are never converted, and a
    /// sign shared by several currencies (`$`, `¥`) is accepted only as the board's own.
    func checkCurrency(_ mark: String, isSign: Bool, typed: String? = nil) throws {
        if isSign {
            if mark == currency.symbol { return }
        } else if mark.uppercased() == currency.code {
            return
        }
        let own = currency.symbol.map { "\($0) or \(currency.code)" } ?? currency.code
        let shown = typed ?? (isSign ? mark : mark.uppercased())
        throw fail("\"\(text)\": \(shown) is not this board's currency: amounts here are in \(currency.code) and are never converted (type the amount without a currency, or with \(own))")
    }

    // MARK: The number

    /// The digits and marks between the first and the last digit, read in the board's style.
    func number(_ body: [Character], multiplier: Int, ambiguousFrom: Int? = nil) throws -> Reading {
        var runs: [String] = [""]
        var marks: [Mark] = []
        for c in body {
            if Self.isDigit(c) {
                runs[runs.count - 1].append(c)
                continue
            }
            let mark: Mark
            switch c {
            case ".": mark = .dot
            case ",": mark = .comma
            case _ where Self.isSpace(c): mark = .space
            default:
                if c == "'" || c == "’" {
                    throw fail("\"\(text)\": this board groups thousands as 1\(format.style.groupMark)234, not with \(c)")
                }
                throw fail("\"\(text)\": unexpected \"\(c)\" in the number")
            }
            guard !runs[runs.count - 1].isEmpty else { throw fail("\"\(text)\": two marks in a row in the number") }
            marks.append(mark)
            runs.append("")
        }
        let style = format.style
        // "45.00" on a board that groups with dots: more digits may be on the way.
        let incomplete = marks.last.map { Self.groups(of: style).contains($0) && runs.last!.count < 3 } ?? false
        let own = Self.interpret(runs, marks, decimal: Self.decimal(of: style), groups: Self.groups(of: style))
        if let own {
            if multiplier > 0, own.grouped {
                throw fail("\"\(text)\": k and m go after a plain number, as in 12k or 1\(style.decimalMark)5m")
            }
            try ambiguity(own, marks: marks, multiplier: multiplier, below: ambiguousFrom ?? currency.minorDigits)
            return own
        }
        // Not a number in the board's style: say how it would read in the others (those that
        // would be a valid amount, largest first), never take it.
        var readings: [(value: Money, shown: String)] = []
        for other in NumberStyle.allCases where other != style {
            guard let r = Self.interpret(runs, marks, decimal: Self.decimal(of: other), groups: Self.groups(of: other)),
                  let value = try? value(r, multiplier: multiplier) else { continue }
            let shown = suggestion(r, multiplier: multiplier)
            if !readings.contains(where: { $0.shown == shown }) { readings.append((value, shown)) }
        }
        let others = readings.sorted { $0.value > $1.value }.map(\.shown)
        let how = "this board writes numbers as \(style.rawValue)"
        if !others.isEmpty {
            throw fail("\"\(text)\": \(how); did you mean " + others.joined(separator: " or ") + "?", incomplete: incomplete)
        }
        throw fail("\"\(text)\" is not a number as this board writes them (\(style.rawValue): 12\(style.groupMark)000\(style.decimalMark)50)", incomplete: incomplete)
    }

    static func decimal(of style: NumberStyle) -> Mark { style == .commaDot ? .dot : .comma }
    static func groups(of style: NumberStyle) -> Set<Mark> {
        switch style {
        case .commaDot: return [.comma, .space]
        case .dotComma: return [.dot, .space]
        case .spaceComma: return [.space]
        }
    }

    /// The number as one convention reads it, or nil: one decimal mark at most, after every
    /// group mark; groups of the same mark, 1–3 digits first and exactly 3 after.
    static func interpret(_ runs: [String], _ marks: [Mark], decimal: Mark, groups: Set<Mark>) -> Reading? {
        guard !runs.last!.isEmpty else { return nil }
        let decimals = marks.indices.filter { marks[$0] == decimal }
        guard decimals.count <= 1 else { return nil }
        if let d = decimals.first, d != marks.count - 1 { return nil }
        let wholeRuns = decimals.isEmpty ? runs : Array(runs.dropLast())
        let fraction = decimals.isEmpty ? "" : runs.last!
        let groupMarks = decimals.isEmpty ? marks : Array(marks.dropLast())
        if let g = groupMarks.first {
            // 0.001 is never a thousands group.
            guard groups.contains(g), groupMarks.allSatisfy({ $0 == g }), (1...3).contains(wholeRuns[0].count), wholeRuns[0].first != "0",
                  wholeRuns.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return Reading(whole: wholeRuns.joined(), fraction: fraction, grouped: !groupMarks.isEmpty)
    }

    /// `12.000` where `.` is the decimal mark: the other convention reads a group of thousands.
    /// Both readings are offered, never one chosen — unless the currency has 3 decimals or more
    /// (KWD), whose people write twelve as 12.000.
    /// `below`: the currency's decimals (a number field has no currency: always ambiguous).
    func ambiguity(_ r: Reading, marks: [Mark], multiplier: Int, below decimals: Int) throws {
        guard marks.count == 1, r.fraction.count == 3, !r.grouped, (1...3).contains(r.whole.count), r.whole.first != "0",
              decimals < 3 else { return }
        let asGroup = suggestion(Reading(whole: r.whole + r.fraction, fraction: "", grouped: false), multiplier: multiplier)
        let decimal = Reading(whole: r.whole, fraction: Self.trimmedFraction(r.fraction), grouped: false)
        if decimal.fraction.count - multiplier <= currency.minorDigits {
            throw fail("\"\(text)\" is ambiguous: did you mean \(asGroup) or \(suggestion(decimal, multiplier: multiplier))?")
        }
        throw fail("\"\(text)\" has 3 decimals, but \(decimalsText): did you mean \(asGroup)?")
    }

    /// A reading as the board's style writes it without grouping (with its k or m, unless the
    /// digits before it are too many for one: then in full).
    func suggestion(_ r: Reading, multiplier: Int) -> String {
        var whole = String(r.whole.drop { $0 == "0" })
        if multiplier > 0, whole.count > 3, let full = fullNumber(whole, Self.trimmedFraction(r.fraction), multiplier) { return full }
        if whole.isEmpty { whole = "0" }
        var fraction = Self.trimmedFraction(r.fraction)
        // Cents as cents (12000.50), in a currency that has them; a number field's as typed.
        if !fraction.isEmpty, multiplier == 0, !currency.code.isEmpty, fraction.count < currency.minorDigits {
            fraction += String(repeating: "0", count: currency.minorDigits - fraction.count)
        }
        return format.plain(whole: whole, fraction: fraction) + (multiplier == 3 ? "k" : multiplier == 6 ? "m" : "")
    }

    static func trimmedFraction(_ f: String) -> String {
        var f = f
        while f.hasSuffix("0") { f.removeLast() }
        return f
    }

    var decimalsText: String {
        currency.minorDigits == 0 ? "\(currency.code) amounts have no decimals" : "\(currency.code) amounts have at most \(currency.minorDigits)"
    }

    // MARK: The value

    func value(_ r: Reading, multiplier: Int) throws -> Money {
        let whole = String(r.whole.drop { $0 == "0" })
        let fraction = Self.trimmedFraction(r.fraction)
        let largest = format.text(Money.max)
        if multiplier > 0, whole.count > 3 {
            throw fail("\"\(text)\": k and m go after at most three digits, as in 12k or 1\(format.style.decimalMark)5m; write \(fullNumber(whole, fraction, multiplier) ?? "the number in full")")
        }
        let decimals = fraction.count - multiplier
        if decimals > currency.minorDigits {
            let count = decimals == 1 ? "1 decimal" : "\(decimals) decimals"
            throw fail("\"\(text)\" has \(count), but \(decimalsText); amounts are never rounded")
        }
        guard whole.count <= 14 else { throw fail("\"\(text)\" is more than the largest amount, \(largest)") }
        var units = Int128(whole).map { $0 * Self.power(Money.decimals + multiplier) } ?? 0
        if !fraction.isEmpty, let f = Int128(fraction) {
            units += f * Self.power(Money.decimals + multiplier - fraction.count)
        }
        guard units <= Int128(Money.max.units), let m = Money(units: Int64(units)) else {
            throw fail("\"\(text)\" is more than the largest amount, \(largest)")
        }
        return m
    }

    /// `9000k` in full (`9000000`), or nil when it is out of range anyway.
    func fullNumber(_ whole: String, _ fraction: String, _ multiplier: Int) -> String? {
        guard whole.count + multiplier <= 14 else { return nil }
        let digits = whole + fraction + String(repeating: "0", count: max(0, multiplier - fraction.count))
        let cut = whole.count + multiplier
        let w = String(digits.prefix(cut))
        let f = Self.trimmedFraction(String(digits.dropFirst(cut)))
        return format.plain(whole: w.isEmpty ? "0" : w, fraction: f)
    }

    static func power(_ n: Int) -> Int128 {
        var p: Int128 = 1
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }
}

/// Numbers of `number` fields (a lead score, a head count) follow the board's number style too:
/// `12,5` on a `1,234.56` board is refused with "did you mean 12.5?", never stored as 125.
extension MoneyFormat {
    /// The journal's text of a typed number (`-12.5`, `1200`), or why it is refused.
    public func readNumber(_ typed: String) -> Result<String, MoneyInputError> {
        var text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        var sign = ""
        if let first = text.first, first == "-" || first == "−" {
            sign = "-"
            text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        // Read as an amount of a currency without decimals limit and without a sign of its own.
        let reader = MoneyReader(format: MoneyFormat(currency: Currency(code: "", minorDigits: 6, symbol: nil), style: style), text: text)
        guard !text.isEmpty, text.allSatisfy({ MoneyReader.isDigit($0) || $0 == "." || $0 == "," || MoneyReader.isSpace($0) }),
              text.first.map(MoneyReader.isDigit) == true, text.last.map(MoneyReader.isDigit) == true else {
            return .failure(MoneyInputError(text: typed, reason: "\"\(typed)\" is not a number as this board writes them (\(style.rawValue))"))
        }
        do {
            let r = try reader.number(Array(text), multiplier: 0, ambiguousFrom: 0)
            var whole = String(r.whole.drop { $0 == "0" })
            if whole.isEmpty { whole = "0" }
            let fraction = MoneyReader.trimmedFraction(r.fraction)
            guard whole.count <= 15 else {
                return .failure(MoneyInputError(text: typed, reason: "\"\(typed)\" is too large for a number field (at most 15 digits)"))
            }
            let body = fraction.isEmpty ? whole : whole + "." + fraction
            return .success(body == "0" ? "0" : sign + body)
        } catch let e as MoneyInputError {
            return .failure(e)
        } catch {
            return .failure(MoneyInputError(text: typed, reason: "\(error)"))
        }
    }
}
