import Foundation
import Pipeline

/// `check` and the board's people: owners that `[[people]]` does not know, and for a board
/// without the list, one built from who is on the board, to paste into pipeline.toml.
extension BoardCheck {
    /// Owners and next-step owners that are none of the board's people (deals written before
    /// the list, or by hand): they still show, but `edit` would refuse them as they are.
    static func peopleFindings(_ state: BoardState, _ pipeline: PipelineDefinition) -> [Finding] {
        guard !pipeline.people.isEmpty else { return [] }
        var unknown: [(field: String, value: String, deals: [Int])] = []
        for d in state.liveDeals.sorted(by: { $0.number < $1.number }) {
            for key in [BuiltInField.owner.key, BuiltInField.nextStepOwner.key] {
                let value = d.value(key)
                guard !value.isEmpty, pipeline.person(value) == nil else { continue }
                if let i = unknown.firstIndex(where: { $0.field == key && $0.value == value }) { unknown[i].deals.append(d.number) } else { unknown.append((key, value, [d.number])) }
            }
        }
        return unknown.map { u in
            let label = pipeline.field(u.field)?.label.lowercased() ?? u.field
            let numbers = u.deals.map { "#\($0)" }.joined(separator: ", ")
            return Finding(severity: .warning, message: "pipeline.toml: \(label) \"\(u.value)\" of \(numbers) is not one of [[people]]; "
                           + "add them to the list, or: dealboard edit \(u.deals[0]) \(u.field)=LOGIN")
        }
    }

    /// `[[people]]` tables for everyone on the board: deal owners (most deals first), next-step
    /// owners and the authors of events, each with a comment saying where it was found.
    /// nil when the board names nobody yet.
    public static func peopleSnippet(_ state: BoardState) -> String? {
        var found: [(value: String, owns: Int, steps: [Int], wrote: Bool)] = []
        func note(_ value: String, owns: Int = 0, step: Int? = nil, wrote: Bool = false) {
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !v.isEmpty else { return }
            guard let i = found.firstIndex(where: { $0.value.caseInsensitiveCompare(v) == .orderedSame }) else {
                found.append((v, owns, step.map { [$0] } ?? [], wrote))
                return
            }
            found[i].owns += owns
            if let step { found[i].steps.append(step) }
            found[i].wrote = found[i].wrote || wrote
        }
        for d in state.liveDeals.sorted(by: { $0.number < $1.number }) {
            note(d.owner, owns: 1)
            note(d.createdBy, wrote: true)
            for v in d.history { note(v.by, wrote: true) }
            for a in d.activities { note(a.by, wrote: true) }
        }
        for d in state.liveDeals.sorted(by: { $0.number < $1.number }) { note(d.value(BuiltInField.nextStepOwner.key), step: d.number) }
        guard !found.isEmpty else { return nil }
        found.sort { ($0.owns, $0.wrote ? 1 : 0) > ($1.owns, $1.wrote ? 1 : 0) }
        var out: [String] = []
        for f in found {
            var whence: [String] = []
            if f.owns > 0 { whence.append("owns \(f.owns) deal\(f.owns == 1 ? "" : "s")") }
            if !f.steps.isEmpty { whence.append("next-step owner of " + f.steps.prefix(5).map { "#\($0)" }.joined(separator: ", ") + (f.steps.count > 5 ? ", …" : "")) }
            if f.wrote { whence.append("wrote events") }
            // A login is an OS user name; a value with spaces is a name someone typed: its login
            // is a guess to correct, and its name keeps the deals that say it theirs.
            let isLogin = f.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            let login = isLogin ? f.value : slug(f.value)
            out.append("[[people]]" + String(repeating: " ", count: 14) + "# " + whence.joined(separator: ", "))
            out.append("login = \(tomlString(login.isEmpty ? "LOGIN" : login))" + (isLogin ? "" : "    # a guess: their operating-system user name"))
            out.append("name = \(tomlString(f.value))")
            out.append("email = \"\"")
            out.append("")
        }
        return out.dropLast().joined(separator: "\n")
    }

    /// A TOML basic string: quotes and backslashes escaped, and every control, format (bidi)
    /// or line-separator character as `\uXXXX`, so what a colleague typed cannot break the file
    /// or the terminal it is shown on.
    static func tomlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                    out += scalar.value > 0xFFFF ? String(format: "\\U%08X", scalar.value) : String(format: "\\u%04X", scalar.value)
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
