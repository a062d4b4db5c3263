import Foundation

/// How a board writes numbers: which mark is the decimal one and which groups thousands.
/// `pipeline.toml` names it by example (`number_style = "1.234,56"`).
public enum NumberStyle: String, CaseIterable, Sendable {
    case commaDot = "1,234.56"
    case dotComma = "1.234,56"
    case spaceComma = "1 234,56"

    public var decimalMark: Character { self == .commaDot ? "." : "," }
    /// The mark between thousands when amounts are shown (a plain space for `1 234,56`, so
    /// what is shown can be copied into a form or a script).
    public var groupMark: Character {
        switch self {
        case .commaDot: return ","
        case .dotComma: return "."
        case .spaceComma: return " "
        }
    }

    /// The style of a locale's separators (Foundation's `Locale.decimalSeparator` and
    /// `groupingSeparator`): a comma decimal with a dot group is `1.234,56`, with any space
    /// (fr_FR's narrow no-break space, sv_SE's no-break space) `1 234,56`; everything else,
    /// including de_CH's `1’234.56`, writes decimals with a dot: `1,234.56`.
    public static func of(decimalSeparator: String?, groupingSeparator: String?) -> NumberStyle {
        guard decimalSeparator == "," else { return .commaDot }
        if let g = groupingSeparator, g.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return .spaceComma }
        return .dotComma
    }

    /// The style by its name; a no-break or narrow no-break space in "1 234,56" is the same style.
    public init?(named name: String) {
        self.init(rawValue: String(name.map { MoneyReader.isSpace($0) ? " " : $0 }))
    }

    /// "1,234.56", "1.234,56" or "1 234,56" — the names `number_style` takes.
    public static var names: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}
