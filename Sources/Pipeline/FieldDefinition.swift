import Foundation

/// The kinds of value a deal field can hold.
public enum FieldType: Equatable, Sendable {
    case text
    case number
    case money
    case date
    case yesNo
    case choice([String])

    public var name: String {
        switch self {
        case .text: return "text"
        case .number: return "number"
        case .money: return "money"
        case .date: return "date"
        case .yesNo: return "yesno"
        case .choice: return "choice"
        }
    }

    /// What a person must type, for error messages.
    public var expectation: String {
        switch self {
        case .text: return "any text"
        case .number: return "a number"
        case .money: return "an amount such as 12000, 12,000 or 12k" // the board's own: `expectation(money:)`
        case .date: return "a date as YYYY-MM-DD"
        case .yesNo: return "yes or no"
        case .choice(let options): return "one of: " + options.joined(separator: ", ")
        }
    }
}

/// A field every deal has or a custom field declared in `pipeline.toml`.
public struct FieldDefinition: Equatable, Sendable {
    public var key: String
    public var label: String
    public var type: FieldType

    public init(key: String, label: String, type: FieldType) {
        self.key = key
        self.label = label
        self.type = type
    }

    /// What a person must type here, in the board's currency and number style.
    public func expectation(money: MoneyFormat) -> String {
        switch type {
        case .money: return money.expectation
        case .number: return "a number such as 12 or 12\(money.style.decimalMark)5"
        default: return type.expectation
        }
    }

    /// Turns what a person typed into the canonical text stored in the journal,
    /// or explains what was expected. An empty input clears the field. Money and numbers are
    /// read under the board's currency and number style (`money`), exactly or not at all.
    public func canonicalValue(_ raw: String, money: MoneyFormat) -> Result<String, FieldValueError> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .success("") }
        switch type {
        case .text:
            return .success(text)
        case .number:
            switch money.readNumber(text) {
            case .success(let v): return .success(v)
            case .failure(let e): return .failure(error(text, e))
            }
        case .money:
            switch money.read(text) {
            case .success(let m): return .success(m.canonical)
            case .failure(let e): return .failure(error(text, e))
            }
        case .date:
            guard let d = Day(iso: text) else { return .failure(error(text)) }
            // A placeholder year (0000) or a typo (0226, 3026) is refused, not stored.
            guard TypedTime.inRange(d) else {
                return .failure(FieldValueError(field: key, label: label, value: text, expected: "a date from \(TypedTime.rangeText)"))
            }
            return .success(d.description)
        case .yesNo:
            switch text.lowercased() {
            case "yes", "y", "true", "1", "x": return .success("yes")
            case "no", "n", "false", "0": return .success("no")
            default: return .failure(error(text))
            }
        case .choice(let options):
            guard let match = options.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                return .failure(error(text))
            }
            return .success(match)
        }
    }

    private func error(_ text: String) -> FieldValueError {
        FieldValueError(field: key, label: label, value: text, expected: type.expectation)
    }

    private func error(_ text: String, _ e: MoneyInputError) -> FieldValueError {
        FieldValueError(field: key, label: label, value: text, expected: type.expectation, reason: e.reason, incomplete: e.incomplete)
    }
}

public struct FieldValueError: Error, Equatable, CustomStringConvertible, Sendable {
    public var field: String
    public var label: String
    public var value: String
    public var expected: String
    /// Why, when there is more to say than what was expected ("did you mean 12000 or 12?").
    public var reason: String?
    /// More typing may still make it valid (a form waits before showing it).
    public var incomplete = false

    public init(field: String, label: String, value: String, expected: String, reason: String? = nil, incomplete: Bool = false) {
        self.field = field
        self.label = label
        self.value = value
        self.expected = expected
        self.reason = reason
        self.incomplete = incomplete
    }

    public var description: String {
        reason.map { "\(label) (\(field)): \($0)" } ?? "\(label) (\(field)): \"\(value)\" is not valid; expected \(expected)"
    }
}

/// Fields every deal has, whatever the pipeline declares. `title`, `company`, `amount` and `owner`
/// live on the deal itself; the rest are ordinary fields with agreed keys so the board and the
/// review can rely on them (close month for the forecast, next step for the health badges).
public enum BuiltInField {
    public static let title = FieldDefinition(key: "title", label: "Title", type: .text)
    public static let company = FieldDefinition(key: "company", label: "Company", type: .text)
    public static let amount = FieldDefinition(key: "amount", label: "Amount", type: .money)
    public static let owner = FieldDefinition(key: "owner", label: "Owner", type: .text)
    public static let closeDate = FieldDefinition(key: "close_date", label: "Expected close date", type: .date)
    public static let nextStep = FieldDefinition(key: "next_step", label: "Next step", type: .text)
    public static let nextStepOwner = FieldDefinition(key: "next_step_owner", label: "Next step owner", type: .text)
    public static let nextStepDate = FieldDefinition(key: "next_step_date", label: "Next step due", type: .date)

    public static let all: [FieldDefinition] = [title, company, amount, owner, closeDate, nextStep, nextStepOwner, nextStepDate]
    /// Keys held as properties of `Deal` rather than in its `fields` dictionary.
    public static let dealProperties: Set<String> = ["title", "company", "amount", "owner"]
}
