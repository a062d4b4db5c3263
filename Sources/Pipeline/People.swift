import Foundation

/// Someone on the board's team: `[[people]]` in pipeline.toml. The login is the operating-system
/// user name — the author of their events, and what `m` (my deals) looks for.
public struct Person: Equatable, Sendable {
    public var login: String
    /// The name people know them by ("Maria Rossi"); the login when none is given.
    public var name: String
    public var email: String

    public init(login: String, name: String = "", email: String = "") {
        self.login = login
        self.name = name.isEmpty ? login : name
        self.email = email
    }

    /// `maria (Maria Rossi)`, or just `maria` when the name is the login.
    public var shown: String { name == login ? login : "\(login) (\(name))" }
}

/// The fields whose value is a person: checked against `[[people]]` when the board has one.
public enum PersonField {
    public static let keys: Set<String> = ["owner", "next_step_owner"]
}

extension PipelineDefinition {
    /// The person a typed name stands for: their login, name or e-mail, ignoring case and the
    /// spaces around it. Deals store the login; older deals may hold a name, and still match.
    public func person(_ text: String) -> Person? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        func same(_ a: String) -> Bool { !a.isEmpty && a.caseInsensitiveCompare(t) == .orderedSame }
        return people.first { same($0.login) } ?? people.first { same($0.name) } ?? people.first { same($0.email) }
    }

    /// Who an owner value means, for grouping and filtering: the person's login when the board
    /// knows them (whether the deal says `maria` or `Maria Rossi`), else the value as stored.
    public func ownerKey(_ owner: String) -> String {
        people.isEmpty ? owner : person(owner)?.login ?? owner
    }

    /// Whether a deal's owner is the user logged in as `login` (`m`, `list --mine`).
    public func isOwned(by login: String, owner: String) -> Bool {
        ownerKey(owner) == ownerKey(login)
    }

    /// What to store for a person field: without `[[people]]` the text as typed (as always);
    /// with it, the person's login, or a refusal naming the closest match and the list.
    public func checkedPerson(_ field: FieldDefinition, _ text: String) throws -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !people.isEmpty, !t.isEmpty, PersonField.keys.contains(field.key) else { return t }
        if let p = person(t) { return p.login }
        let names = people.flatMap { [$0.login, $0.name] }
        let hint = Suggestion.closest(to: t, in: names).compactMap { person($0)?.shown }
        let unique = hint.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let mean = unique.isEmpty ? "" : "did you mean \(unique.joined(separator: " or "))? "
        throw CommandError.invalid("\(field.label) \"\(t)\" is not one of the board's people; \(mean)people: "
                                   + people.map(\.shown).joined(separator: ", ") + " ([[people]] in pipeline.toml)")
    }
}
