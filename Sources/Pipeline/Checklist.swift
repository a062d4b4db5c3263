import Foundation

/// A named list of checks (ICP fit, BANT, MEDDIC…). Items are ticked one by one on a deal.
public struct Checklist: Equatable, Sendable {
    public var key: String
    public var label: String
    public var items: [ChecklistItem]

    public init(key: String, label: String, items: [ChecklistItem]) {
        self.key = key
        self.label = label
        self.items = items
    }
}

public struct ChecklistItem: Equatable, Sendable {
    /// Globally unique check key, `<checklist>.<item>` — what the journal records.
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// A single yes/no fact that the *buyer* did ("asked about pricing"). Ticked like a check.
public struct BuyerSignal: Equatable, Sendable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// Turns a label into a key: lower case, ASCII letters and digits, `_` between words.
public func slug(_ text: String) -> String {
    var out = ""
    var pendingUnderscore = false
    for scalar in text.lowercased().unicodeScalars {
        if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
            if pendingUnderscore, !out.isEmpty { out.append("_") }
            pendingUnderscore = false
            out.unicodeScalars.append(scalar)
        } else {
            pendingUnderscore = true
        }
    }
    return out
}
