import Foundation
import Pipeline

/// The stage sets `dealboard init --template NAME` writes (see PRODUCT.md).
public enum PipelineTemplates {
    public static let defaultName = "b2b"

    public static let all: [(name: String, summary: String, toml: String)] = [
        ("b2b", "B2B sales, 7 stages, BANT + MEDDIC (default)", b2b),
        ("marketing-sales", "lead lifecycle from marketing to sales, 7 stages, BANT + CHAMP", marketingSales),
        ("it-services", "IT services sales, 7 stages", itServices),
    ]

    public static func toml(named name: String) -> String? {
        all.first { $0.name == name }?.toml
    }

    /// The template text with the managers line set to the given users.
    public static func toml(named name: String, managers: [String]) -> String? {
        guard let text = toml(named: name) else { return nil }
        let list = managers.map { "\"\($0)\"" }.joined(separator: ", ")
        return text.replacingOccurrences(of: "managers = []", with: "managers = [\(list)]")
    }

    /// The template text with the board's currency and number style (each template names
    /// USD and 1,234.56 on lines of their own).
    public static func withMoney(_ toml: String, _ money: MoneyFormat) -> String {
        toml.replacingOccurrences(of: "currency = \"USD\"  ", with: "currency = \"\(money.currency.code)\"  ")
            .replacingOccurrences(of: "number_style = \"1,234.56\"", with: "number_style = \"\(money.style.rawValue)\"")
    }
}
