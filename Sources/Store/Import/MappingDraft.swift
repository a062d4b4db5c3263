import Foundation
import Pipeline

/// `dealboard import FILE --write-map MAPPING.toml`: a starting mapping listing every distinct
/// stage, owner, lost reason and extra column of the file, each with the board value of the
/// same name (ignoring case) or "" to fill in.
public enum MappingDraft {
    public static func text(table: CSVTable, format: CRMFormat, pipeline p: PipelineDefinition, file: String) -> String {
        let c = format.columns
        func distinct(_ column: String?) -> [String] {
            guard let column, let i = table.column(column) else { return [] }
            var seen = Set<String>(), out: [String] = []
            for row in table.rows where i < row.count {
                let v = row[i].trimmedCell
                if !v.isEmpty, seen.insert(v).inserted { out.append(v) }
            }
            return out
        }
        var stages = distinct(c.stage)
        if format == .hubspot {
            for column in table.header {
                if let label = HubSpotHistory.stage(ofColumn: column)?.replacingOccurrences(of: #" \([^()]*\)$"#, with: "", options: .regularExpression),
                   !stages.contains(label) { stages.append(label) }
            }
        }
        func same(_ a: String, _ b: String) -> Bool { a.caseInsensitiveCompare(b) == .orderedSame }
        var out = """
        # dealboard import mapping for \(SafeText.line(file)) (\(format.rawValue) export).
        # Fill in every "": an unmapped stage, owner or lost reason is an error naming its rows.
        # Then: dealboard import FILE --map THIS_FILE --dry-run

        # How the file writes amounts: "1,234.56", "1.234,56" or "1 234,56".
        number_style = \(ImportMapping.quoted((format == .csv ? p.money.style : .commaDot).rawValue))

        [stages]       # CRM stage = board stage key: \(p.stages.map(\.key).joined(separator: ", "))

        """
        for s in stages {
            let guess = p.stages.first { same($0.key, s) || same($0.name, s) }?.key ?? ""
            out += "\(ImportMapping.quoted(s)) = \(ImportMapping.quoted(guess))\n"
        }
        out += "\n[owners]       # CRM owner = login of [[people]]" + (p.people.isEmpty ? "" : ": " + p.people.map(\.login).joined(separator: ", ")) + "\n"
        for o in distinct(c.owner) {
            out += "\(ImportMapping.quoted(o)) = \(ImportMapping.quoted(p.person(o)?.login ?? (p.people.isEmpty ? o : "")))\n"
        }
        out += "\n[loss_reasons] # CRM lost reason = one of: \(p.lossReasons.joined(separator: ", "))\n"
        for r in distinct(c.lostReason) {
            out += "\(ImportMapping.quoted(r)) = \(ImportMapping.quoted(p.lossReasons.first { same($0, r) } ?? ""))\n"
        }
        let custom = p.allFields.filter { !BuiltInField.dealProperties.contains($0.key) }
        out += "\n[fields]       # extra column = custom field key (\"\" leaves the column out): \(custom.map(\.key).joined(separator: ", "))\n"
        for column in table.header where !format.isKnown(column) {
            out += "\(ImportMapping.quoted(column)) = \(ImportMapping.quoted(p.findField(column)?.key ?? ""))\n"
        }
        return out
    }
}
