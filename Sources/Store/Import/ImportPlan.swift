import Foundation
import Pipeline

/// One bad value of an import file: where it is and why it cannot be taken.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var value: String
    public var reason: String
    /// One line, whatever the file holds: its header, value and the names quoted in the reason are shown safely.
    public var description: String { SafeText.line("row \(row): \(column) \"\(value)\": \(reason)") }
}

/// A row read and mapped onto the board: the deal as the file describes it.
public struct ImportedRecord: Sendable {
    public var row: Int
    public var sourceID: String
    public var title: String
    public var company: String
    /// The owner's login (or the name as written on a board without `[[people]]`).
    public var owner: String
    public var amount: Money
    /// The board stage the deal is in now, and when it entered earlier stages (oldest first).
    public var stage: String
    public var created: Date
    public var stageEntered: [(stage: String, at: Date)]
    public var closedAt: Date?
    /// For a closed deal, the open stage the file says it was in when it closed (Pipedrive's
    /// stage of a won or lost deal), if any: its history starts there.
    public var openStage: String?
    public var lostReason: String?
    /// close_date and custom fields by key, as canonical text.
    public var fields: [String: String]
    /// Ticked checklist items and signals (dealboard's own CSV only).
    public var checks: [String]
}

/// What a row would do to the board.
public enum ImportAction: Sendable {
    case create(ImportedRecord)
    /// The deal (by number) and what would change on it, as `key: old → new`.
    case update(ImportedRecord, deal: Int, changes: [String])
    case unchanged(ImportedRecord, deal: Int)
    case error([ImportProblem])
}

/// The whole import, row by row, before anything is written: `--dry-run` prints it, and a real
/// import writes it only when no row is in error (or the bad rows are set aside with `--skip-bad`).
public struct ImportPlan: Sendable {
    public var format: CRMFormat
    public var rows: [(row: Int, action: ImportAction)]
    public var problems: [ImportProblem] { rows.flatMap { if case .error(let p) = $0.action { return p } else { return [] } } }

    public static func make(table: CSVTable, format: CRMFormat, mapping: ImportMapping, pipeline p: PipelineDefinition, state: BoardState) -> ImportPlan {
        let reader = RowReader(table: table, format: format, mapping: mapping, pipeline: p)
        var existing: [String: Deal] = [:]
        for d in state.liveDeals {
            existing[d.uid] = d
            if let id = d.fields[ImportedDeal.sourceIDField], !id.isEmpty { existing[id] = d }
        }
        var seen: [String: Int] = [:]
        var rows: [(Int, ImportAction)] = []
        for (i, cells) in table.rows.enumerated() {
            let row = table.rowNumber(i)
            switch reader.record(cells, row: row) {
            case .failure(let problems):
                rows.append((row, .error(problems.list)))
            case .success(let r):
                if let first = seen[r.sourceID] {
                    rows.append((row, .error([ImportProblem(row: row, column: format.columns.id, value: r.sourceID, reason: "the same record id as row \(first)")])))
                    continue
                }
                seen[r.sourceID] = row
                if let d = existing[r.sourceID] {
                    let changes = Self.changes(d, r, p)
                    rows.append((row, changes.isEmpty ? .unchanged(r, deal: d.number) : .update(r, deal: d.number, changes: changes)))
                } else {
                    rows.append((row, .create(r)))
                }
            }
        }
        return ImportPlan(format: format, rows: rows)
    }

    /// What a newer export changes on a deal already imported: its stage, values and fields.
    static func changes(_ d: Deal, _ r: ImportedRecord, _ p: PipelineDefinition) -> [String] {
        var out: [String] = []
        func compare(_ key: String, _ old: String, _ new: String) { if old != new { out.append("\(key): \(old.isEmpty ? "(empty)" : old) → \(new.isEmpty ? "(empty)" : new)") } }
        compare("stage", d.stage, r.stage)
        compare("title", d.title, r.title)
        compare("company", d.company, r.company)
        compare("owner", p.ownerKey(d.owner), r.owner)
        compare("amount", d.value("amount"), r.amount.isZero ? "" : r.amount.canonical)
        for (key, value) in r.fields.sorted(by: { $0.key < $1.key }) { compare(key, d.value(key), value) }
        return out
    }
}

/// Reads one row of a file in a known format into an `ImportedRecord`, collecting every bad value.
struct RowProblems: Error { var list: [ImportProblem] }

struct RowReader {
    var table: CSVTable
    var format: CRMFormat
    var mapping: ImportMapping
    var pipeline: PipelineDefinition
    /// How the file writes amounts: the board's currency, in the mapping's number style if it names one.
    var money: MoneyFormat
    /// Extra columns and the custom field each one fills.
    var extras: [(index: Int, column: String, field: FieldDefinition)]
    /// Column indexes by lowercased header, worked out once: rows are many (10,000 in ≤ 2 s).
    var columnIndex: [String: Int] = [:]
    /// HubSpot's `Date entered "<stage>"` and dealboard's `entered:<stage>` columns: index, header, stage text.
    var historyColumns: [(index: Int, column: String, stage: String)] = []
    /// dealboard's checklist and signal columns: index, header, checklist key (or `signal`).
    var checkColumns: [(index: Int, column: String, list: String)] = []

    init(table: CSVTable, format: CRMFormat, mapping: ImportMapping, pipeline: PipelineDefinition) {
        self.table = table
        self.format = format
        self.mapping = mapping
        self.pipeline = pipeline
        money = MoneyFormat(currency: pipeline.money.currency, style: mapping.numberStyle ?? pipeline.money.style)
        var extras: [(Int, String, FieldDefinition)] = []
        for (i, column) in table.header.enumerated() where !format.isKnown(column) || (format == .csv && column == "close_date") {
            let target = mapping.fields[column] ?? pipeline.findField(column).map(\.key) ?? ""
            guard !target.isEmpty, let def = pipeline.field(target), !BuiltInField.dealProperties.contains(def.key) else { continue }
            extras.append((i, column, def))
        }
        if format != .csv, let c = format.columns.closeDate, let i = table.column(c) { extras.append((i, c, BuiltInField.closeDate)) }
        self.extras = extras
        for (i, column) in table.header.enumerated() {
            if columnIndex[column.lowercased()] == nil { columnIndex[column.lowercased()] = i }
            if format == .hubspot, let label = HubSpotHistory.stage(ofColumn: column) {
                historyColumns.append((i, column, label.replacingOccurrences(of: #" \([^()]*\)$"#, with: "", options: .regularExpression)))
            } else if format == .csv, column.hasPrefix(DealExport.enteredPrefix) {
                historyColumns.append((i, column, String(column.dropFirst(DealExport.enteredPrefix.count))))
            } else if format == .csv, column.hasPrefix(DealExport.checklistPrefix) || column == DealExport.signalsColumn {
                checkColumns.append((i, column, column == DealExport.signalsColumn ? "signal" : String(column.dropFirst(DealExport.checklistPrefix.count))))
            }
        }
    }

    func record(_ cells: [String], row: Int) -> Result<ImportedRecord, RowProblems> {
        var problems: [ImportProblem] = []
        let c = format.columns
        func cell(_ name: String?) -> String {
            guard let name, let i = columnIndex[name.lowercased()], i < cells.count else { return "" }
            return cells[i].trimmedCell
        }
        func fail(_ column: String?, _ value: String, _ reason: String) {
            problems.append(ImportProblem(row: row, column: column ?? "", value: value, reason: reason))
        }
        func date(_ column: String?, _ text: String) -> Date? {
            switch ImportDates.parse(text, monthFirst: format.monthFirst, zone: pipeline.timeZone) {
            case .success(let t): return t
            case .failure(let why): fail(column, text, why.why); return nil
            }
        }
        let id = cell(c.id)
        if id.isEmpty { fail(c.id, id, "no record id: every row needs one, so a re-import finds the deal again") }
        let title = cell(c.title)
        if title.isEmpty { fail(c.title, title, "no title") }
        // Stage and status.
        let stageText = cell(c.stage)
        var stage = resolveStage(stageText, column: c.stage, fail: fail)
        let openStage = stage?.isOpen == true ? stage?.key : nil
        let status = cell(c.status).lowercased()
        if format == .pipedrive {
            switch status {
            case "won": stage = pipeline.firstWonStage
            case "lost": stage = pipeline.firstLostStage
            case "open", "": if let s = stage, s.isClosed { fail(c.status, cell(c.status), "open, but the stage \"\(stageText)\" maps to \(s.name), a closed stage") }
            default: fail(c.status, cell(c.status), "expected Open, Won or Lost")
            }
        } else if format == .csv, let s = stage, !status.isEmpty, status != (s.kind == .won ? "won" : s.kind == .lost ? "lost" : "open") {
            fail(c.status, cell(c.status), "does not match the stage \(s.key) (\(s.kind.rawValue))")
        }
        // Dates: creation, closing.
        let createdText = cell(c.created)
        let created = createdText.isEmpty ? nil : date(c.created, createdText)
        if createdText.isEmpty { fail(c.created, "", "no creation date: imported deals keep their history, so it is needed") }
        var closedAt: Date?
        var lostReason: String?
        if let s = stage, s.isClosed {
            let column = format == .pipedrive ? (s.kind == .won ? c.wonTime : c.lostTime) : c.closed
            let text = cell(column)
            if text.isEmpty { fail(column, "", "\(s.kind == .won ? "won" : "lost") without a date") } else { closedAt = date(column, text) }
            if s.kind == .lost { lostReason = resolveReason(cell(c.lostReason), column: c.lostReason ?? "lost reason", fail: fail) }
        }
        // Owner, amount, currency.
        let owner = resolveOwner(cell(c.owner), column: c.owner ?? "owner", fail: fail)
        var amount = Money.zero
        let amountText = cell(c.amount)
        if !amountText.isEmpty {
            switch money.read(amountText) {
            case .success(let m): amount = m
            case .failure(let e): fail(c.amount, amountText, e.reason + (mapping.numberStyle == nil ? " (if the file writes numbers another way, say so with number_style in the mapping file)" : ""))
            }
        }
        let currency = cell(c.currency)
        if !currency.isEmpty, currency.uppercased() != pipeline.currency {
            fail(c.currency, currency, "the board's currency is \(pipeline.currency); amounts are never converted")
        }
        // Custom fields and close date.
        var fields: [String: String] = [:]
        for e in extras {
            var text = e.index < cells.count ? cells[e.index].trimmedCell : ""
            if e.field.type == .date, !text.isEmpty, Day(iso: text) == nil {
                guard let t = date(e.column, text) else { continue }
                text = pipeline.day(t).description
            }
            switch e.field.canonicalValue(text, money: money) {
            case .success(let v): if !v.isEmpty { fields[e.field.key] = v }
            case .failure(let err): fail(e.column, text, "expected \(err.expected)" + (err.reason.map { ": \($0)" } ?? ""))
            }
        }
        // Stage history: HubSpot's Date entered columns, dealboard's entered: columns.
        var entered: [(String, Date)] = []
        for h in historyColumns {
            let text = h.index < cells.count ? cells[h.index].trimmedCell : ""
            guard !text.isEmpty else { continue }
            if format == .hubspot {
                if let s = resolveStage(h.stage, column: h.column, fail: fail), let t = date(h.column, text) { entered.append((s.key, t)) }
            } else {
                guard pipeline.stage(h.stage) != nil else { fail(h.column, text, "no stage \"\(h.stage)\" on this board"); continue }
                if let t = date(h.column, text) { entered.append((h.stage, t)) }
            }
        }
        entered.sort { $0.1 < $1.1 }
        var checks: [String] = []
        if format == .csv {
            for c in checkColumns {
                for item in (c.index < cells.count ? cells[c.index] : "").split(separator: " ") {
                    let key = c.list + "." + item
                    if pipeline.checkLabel(key) == nil { fail(c.column, String(item), "no such item on this board") } else { checks.append(key) }
                }
            }
        }
        guard problems.isEmpty, let stage, let created else { return .failure(RowProblems(list: problems)) }
        return .success(ImportedRecord(row: row, sourceID: id, title: title, company: cell(c.company), owner: owner, amount: amount,
                                       stage: stage.key, created: created, stageEntered: entered, closedAt: closedAt,
                                       openStage: stage.isClosed ? openStage : nil, lostReason: lostReason, fields: fields, checks: checks))
    }

    /// A CRM stage as a board stage: the mapping's, else the board stage of that key or name.
    func resolveStage(_ text: String, column: String, fail: (String?, String, String) -> Void) -> Stage? {
        if let target = mapping.stages[text], !target.isEmpty {
            guard let s = pipeline.stage(target) ?? pipeline.stages.first(where: { $0.name.caseInsensitiveCompare(target) == .orderedSame }) else {
                fail(column, text, "the mapping file maps it to \"\(target)\", which is not a stage of the board; stages: " + pipeline.stages.map(\.key).joined(separator: ", "))
                return nil
            }
            return s
        }
        if let s = pipeline.stages.first(where: { $0.key.caseInsensitiveCompare(text) == .orderedSame || $0.name.caseInsensitiveCompare(text) == .orderedSame }) {
            return s
        }
        fail(column, text, text.isEmpty ? "no stage" : "not a stage of the board; map it in [stages] of the mapping file (--write-map makes one)")
        return nil
    }

    func resolveOwner(_ text: String, column: String, fail: (String?, String, String) -> Void) -> String {
        let mapped = mapping.owners[text].flatMap { $0.isEmpty ? nil : $0 }
        if let person = pipeline.person(mapped ?? text) { return person.login }
        if pipeline.people.isEmpty, !(mapped ?? text).isEmpty { return mapped ?? text }
        if text.isEmpty { fail(column, text, "no owner") } else if let mapped {
            fail(column, text, "the mapping file maps it to \"\(mapped)\", who is not one of the board's [[people]]")
        } else {
            fail(column, text, "not one of the board's [[people]]; map it to a login in [owners] of the mapping file")
        }
        return text
    }

    func resolveReason(_ text: String, column: String, fail: (String?, String, String) -> Void) -> String? {
        let wanted = mapping.lossReasons[text].flatMap { $0.isEmpty ? nil : $0 } ?? text
        if let r = pipeline.lossReasons.first(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) { return r }
        if pipeline.lossReasons.isEmpty, !wanted.isEmpty { return wanted }
        fail(column, text, text.isEmpty ? "lost without a reason" : "not one of the board's loss_reasons (\(pipeline.lossReasons.joined(separator: ", "))); map it in [loss_reasons] of the mapping file")
        return nil
    }
}
