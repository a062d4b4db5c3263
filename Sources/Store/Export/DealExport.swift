import Foundation
import Pipeline

/// `dealboard export`: one row per deal with everything the board knows about it, as CSV
/// (dealboard's own CSV format, which `import --from csv` reads back) or JSON.
///
/// The CSV columns, in this order (README, "Export"):
/// `id`, `source_id`, `title`, `company`, `owner`, `amount`, `currency`, `stage`, `stage_name`,
/// `status` (open / won / lost), `created`, `closed`, `lost_reason`, `days_in_stage`,
/// `last_activity`, then every other field (`close_date` and the custom fields, by key), one
/// `checklist:<key>` column per checklist (the ticked items' keys, space-separated), `signals`
/// (the ticked buyer signals' keys), and with `--stage-history` one `entered:<stage>` column per
/// stage (when the deal last entered it).
/// Times are UTC instants as in the journal (`2026-11-02T09:00:00.000Z`); amounts are machine
/// numbers (`12000.5`, no grouping, `.` decimal) in the board's currency.
public enum DealExport {
    public struct Options: Sendable {
        public var includeClosed: Bool
        public var stageHistory: Bool
        public init(includeClosed: Bool = false, stageHistory: Bool = false) {
            self.includeClosed = includeClosed
            self.stageHistory = stageHistory
        }
    }

    /// The fixed leading columns of dealboard's CSV format.
    public static let fixedColumns = ["id", "source_id", "title", "company", "owner", "amount", "currency", "stage", "stage_name",
                                      "status", "created", "closed", "lost_reason", "days_in_stage", "last_activity"]
    public static let checklistPrefix = "checklist:"
    public static let signalsColumn = "signals"
    public static let enteredPrefix = "entered:"

    /// The deals exported: live ones in board order (stage, then number); closed ones only with `includeClosed`.
    public static func deals(_ state: BoardState, pipeline p: PipelineDefinition, options: Options) -> [Deal] {
        let order = Dictionary(uniqueKeysWithValues: p.stages.enumerated().map { ($1.key, $0) })
        return state.liveDeals
            .filter { options.includeClosed || (p.stage($0.stage)?.isOpen ?? true) }
            .sorted { (order[$0.stage] ?? 999, $0.number) < (order[$1.stage] ?? 999, $1.number) }
    }

    public static func status(_ d: Deal, _ p: PipelineDefinition) -> String {
        switch p.stage(d.stage)?.kind {
        case .won: return "won"
        case .lost: return "lost"
        default: return "open"
        }
    }

    /// The CRM record id the deal was imported with, else its own stable id: re-importing an
    /// export (into this board or another) then finds the same deals again.
    public static func sourceID(_ d: Deal) -> String {
        let kept = d.fields[ImportedDeal.sourceIDField] ?? ""
        return kept.isEmpty ? d.uid : kept
    }

    static func closed(_ d: Deal, _ p: PipelineDefinition) -> Date? {
        p.stage(d.stage)?.isClosed == true ? d.enteredStageAt : nil
    }

    static func lostReason(_ d: Deal, _ p: PipelineDefinition) -> String {
        p.stage(d.stage)?.kind == .lost ? (d.history.last?.reason ?? "") : ""
    }

    /// The fields after the fixed columns: `close_date` and the custom fields.
    static func otherFields(_ p: PipelineDefinition) -> [FieldDefinition] {
        p.allFields.filter { !BuiltInField.dealProperties.contains($0.key) }
    }

    /// When the deal last entered each stage.
    static func entered(_ d: Deal) -> [String: Date] {
        var at: [String: Date] = [:]
        for v in d.history { at[v.stage] = v.enteredAt }
        return at
    }

    static func ticked(_ d: Deal, keys: [String], dropping prefix: String) -> String {
        keys.filter { d.isChecked($0) }.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }.joined(separator: " ")
    }

    public static func header(_ p: PipelineDefinition, options: Options) -> [String] {
        fixedColumns + otherFields(p).map(\.key) + p.checklists.map { checklistPrefix + $0.key } + [signalsColumn]
            + (options.stageHistory ? p.stages.map { enteredPrefix + $0.key } : [])
    }

    public static func row(_ d: Deal, pipeline p: PipelineDefinition, now: Date, options: Options) -> [String] {
        let d = d.unpacked // each part read many times below: decoded once
        let entered = entered(d)
        var row = ["\(d.number)", sourceID(d), d.title, d.company, d.owner, d.value("amount"), p.currency, d.stage,
                   p.stage(d.stage)?.name ?? d.stage, status(d, p), Timestamp.format(d.createdAt),
                   closed(d, p).map(Timestamp.format) ?? "", lostReason(d, p), "\(d.daysInStage(now: now, in: p.timeZone))",
                   Timestamp.format(d.lastActivityAt)]
        row += otherFields(p).map { d.value($0.key) }
        row += p.checklists.map { list in ticked(d, keys: list.items.map(\.key), dropping: list.key + ".") }
        row.append(ticked(d, keys: p.signals.map(\.key), dropping: "signal."))
        if options.stageHistory { row += p.stages.map { entered[$0.key].map(Timestamp.format) ?? "" } }
        return row
    }

    public static func csv(_ state: BoardState, pipeline p: PipelineDefinition, now: Date, options: Options) throws -> String {
        try CSVText.write(header: header(p, options: options),
                          rows: deals(state, pipeline: p, options: options).map { row($0, pipeline: p, now: now, options: options) })
    }

    /// JSON for scripts: `show --format json`'s shape of each deal plus `source_id`, `status`,
    /// `closed`, `lost_reason`, `currency`, and with `--stage-history` `stage_entered` (stage → time).
    public static func json(_ state: BoardState, pipeline p: PipelineDefinition, now: Date, options: Options) -> JSONValue {
        .array(deals(state, pipeline: p, options: options).map { d in
            var pairs = DealJSON.deal(d, pipeline: p, now: now, withCriteria: false).object ?? []
            let extra: [(String, JSONValue)] = [
                ("source_id", .string(sourceID(d))), ("status", .string(status(d, p))), ("currency", .string(p.currency)),
                ("closed", closed(d, p).map { .string(Timestamp.format($0)) } ?? .null),
                ("lost_reason", lostReason(d, p).isEmpty ? .null : .string(lostReason(d, p))),
            ]
            pairs.insert(contentsOf: extra, at: min(2, pairs.count))
            if options.stageHistory {
                let entered = entered(d)
                pairs.append(("stage_entered", .object(p.stages.compactMap { s in entered[s.key].map { (s.key, .string(Timestamp.format($0))) } })))
            }
            return .object(pairs)
        })
    }
}

/// How an imported deal keeps where it came from.
public enum ImportedDeal {
    /// The field holding the CRM's record id (for dealboard's own CSV, the source board's id).
    /// A plain field of the deal (kept even though pipeline.toml does not declare it), so
    /// `show` lists it and a re-import finds the deal by it.
    public static let sourceIDField = "crm_id"
}
