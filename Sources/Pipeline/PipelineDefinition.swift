import Foundation

/// Everything `pipeline.toml` declares: the stages in order, the fields and checks deals carry,
/// the exit criteria, and the health thresholds of the review.
public struct PipelineDefinition: Equatable, Sendable {
    public enum QuotaPeriod: String, Sendable, CaseIterable {
        case month, quarter, year
    }

    public var name: String
    /// The board's one currency and number style: how money is read and shown.
    public var money: MoneyFormat
    /// The ISO 4217 code of the board's currency.
    public var currency: String { money.currency.code }
    /// Stages in board order. Lost stages never lie "forward" of anything.
    public var stages: [Stage]
    public var customFields: [FieldDefinition]
    public var checklists: [Checklist]
    public var signals: [BuyerSignal]
    public var lossReasons: [String]
    public var quota: Money
    public var quotaPeriod: QuotaPeriod
    public var staleAfterDays: Int
    public var dormantAfterDays: Int
    public var stalledNegotiationDays: Int
    /// The checklist a dormant deal must re-confirm; nil turns the rule off.
    public var requalifyChecklist: String?
    public var managers: [String]
    public var backMoveNeedsReason: Bool
    /// The stage from which win rate is counted ("reached Proposal").
    public var winRateFromStage: String?
    /// The board's days: "today", date checks, days in stage, due dates, the report's periods.
    public var timeZone: BoardTimeZone
    /// The team (`[[people]]`): owners are checked against it; empty accepts any name.
    public var people: [Person] = []

    public init(name: String, money: MoneyFormat = .standard, stages: [Stage], customFields: [FieldDefinition] = [],
                checklists: [Checklist] = [], signals: [BuyerSignal] = [], lossReasons: [String] = [],
                quota: Money = .zero, quotaPeriod: QuotaPeriod = .quarter, staleAfterDays: Int = 14,
                dormantAfterDays: Int = 45, stalledNegotiationDays: Int = 30, requalifyChecklist: String? = nil,
                managers: [String] = [], backMoveNeedsReason: Bool = true, winRateFromStage: String? = nil,
                timeZone: BoardTimeZone = .utc) {
        self.name = name
        self.money = money
        self.stages = stages
        self.customFields = customFields
        self.checklists = checklists
        self.signals = signals
        self.lossReasons = lossReasons
        self.quota = quota
        self.quotaPeriod = quotaPeriod
        self.staleAfterDays = staleAfterDays
        self.dormantAfterDays = dormantAfterDays
        self.stalledNegotiationDays = stalledNegotiationDays
        self.requalifyChecklist = requalifyChecklist
        self.managers = managers
        self.backMoveNeedsReason = backMoveNeedsReason
        self.winRateFromStage = winRateFromStage
        self.timeZone = timeZone
    }

    /// The board's day an instant falls on.
    public func day(_ date: Date) -> Day { timeZone.day(date) }

    // MARK: Look-ups

    public func stageIndex(_ key: String) -> Int? { stages.firstIndex { $0.key == key } }
    public func stage(_ key: String) -> Stage? { stages.first { $0.key == key } }

    public var firstStage: Stage { stages.first(where: \.isOpen) ?? stages[0] }
    public var firstWonStage: Stage? { stages.first { $0.kind == .won } }
    public var firstLostStage: Stage? { stages.first { $0.kind == .lost } }

    /// Finds a stage by key, by name, or by a unique prefix of either, ignoring case —
    /// what people type on the command line.
    public func findStage(_ text: String) -> Stage? {
        let t = text.lowercased()
        if let s = stages.first(where: { $0.key.lowercased() == t || $0.name.lowercased() == t || slug($0.name) == slug(text) }) { return s }
        let matches = stages.filter { $0.key.lowercased().hasPrefix(t) || $0.name.lowercased().hasPrefix(t) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The stage after `key` in the forward direction (lost stages are skipped: nothing moves
    /// "forward" into Lost).
    public func nextStage(after key: String) -> Stage? {
        guard let i = stageIndex(key) else { return nil }
        return stages[(i + 1)...].first { $0.kind != .lost }
    }

    /// The stage before `key`, among open and won stages.
    public func previousStage(before key: String) -> Stage? {
        guard let i = stageIndex(key) else { return nil }
        return stages[..<i].last { $0.kind != .lost }
    }

    public var allFields: [FieldDefinition] { BuiltInField.all + customFields }

    public func field(_ key: String) -> FieldDefinition? {
        allFields.first { $0.key == key }
    }

    /// Finds a field by key or label, ignoring case.
    public func findField(_ text: String) -> FieldDefinition? {
        let t = text.lowercased()
        return allFields.first { $0.key.lowercased() == t || $0.label.lowercased() == t || slug($0.label) == slug(text) }
    }

    public func checklist(_ key: String) -> Checklist? { checklists.first { $0.key == key } }

    /// Every tickable thing: checklist items and buyer signals, with their labels.
    public var allChecks: [(key: String, label: String)] {
        checklists.flatMap { list in list.items.map { ($0.key, $0.label) } } + signals.map { ($0.key, $0.label) }
    }

    /// Finds a check by its label (what people type), its key, or `checklist.item`, ignoring
    /// case, or by the start of its label when nothing matches whole.
    /// Several checklists may share a label ("Budget confirmed" in BANT and a re-qualification
    /// list): then `preferring` — the checklists of the deal's current stage — decides.
    public func findCheck(_ text: String, preferring: [String] = []) -> [(key: String, label: String)] {
        let t = text.lowercased()
        let s = slug(text)
        // Signals are declared as `key = "demo_agreed"` and stored as `signal.demo_agreed`: accept both.
        var matches = allChecks.filter {
            $0.key.lowercased() == t || $0.key.lowercased() == "signal." + t || $0.label.lowercased() == t || (!s.isEmpty && slug($0.label) == s)
        }
        // Else the start of a label ("tech stack" for "Tech stack fits"); several are ambiguous.
        if matches.isEmpty, !t.trimmingCharacters(in: .whitespaces).isEmpty {
            matches = allChecks.filter { $0.label.lowercased().hasPrefix(t) }
        }
        if matches.count > 1 {
            let preferred = matches.filter { m in preferring.contains { m.key.hasPrefix($0 + ".") } }
            if preferred.count == 1 { return preferred }
        }
        return matches
    }

    public func checkLabel(_ key: String) -> String? { allChecks.first { $0.key == key }?.label }

    public func isManager(_ user: String) -> Bool { managers.contains(user) }

    /// Who may force moves and mark reviews done, for the messages that refuse everyone else.
    public var managersText: String {
        managers.isEmpty ? "nobody is listed in managers = [...] in pipeline.toml" : "managers: " + managers.joined(separator: ", ")
    }

    /// The criteria a deal must meet to leave `stageKey`, including the pipeline-wide
    /// re-qualification rule for dormant deals. That rule applies to the stages *after* the one
    /// whose exit first requires the checklist: only a deal that was qualified can be re-qualified.
    public func exitCriteria(of stageKey: String) -> [ExitCriterion] {
        guard let stage = stage(stageKey), stage.isOpen, let index = stageIndex(stageKey) else { return [] }
        var criteria = stage.exitCriteria
        let qualifiedAt = requalifyChecklist.flatMap { list in
            stages.firstIndex { s in s.exitCriteria.contains { if case .checklist(list, _) = $0.kind { return true } else { return false } } }
        }
        if let list = requalifyChecklist, let checklist = checklist(list), index > (qualifiedAt ?? -1),
           !criteria.contains(where: { if case .requalify = $0.kind { return true } else { return false } }) {
            criteria.append(ExitCriterion(.requalify(checklist: list, afterDays: dormantAfterDays),
                                          label: "Re-qualified after \(dormantAfterDays) quiet days (\(checklist.label) re-confirmed)"))
        }
        return criteria
    }
}
