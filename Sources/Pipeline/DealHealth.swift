import Foundation

/// The warning signs a card and the weekly review show, with the pipeline's thresholds.
public struct DealHealth: Equatable, Sendable {
    public var daysInStage: Int
    public var daysSinceActivity: Int
    /// No activity for the pipeline's stale days (14 by default).
    public var stale: Bool
    /// Longer in the stage than its target days.
    public var overTarget: Bool
    /// The next step's due date has passed.
    public var nextStepOverdue: Bool
    /// No activity for the dormant days (45 by default): must be re-qualified.
    public var dormant: Bool
    /// In a negotiation-like stage longer than the stalled days, without next step and owner.
    public var stalledNegotiation: Bool
    /// Every exit criterion of the current stage holds.
    public var readyToAdvance: Bool

    /// Short tags for text output, in a fixed order.
    public var badges: [String] {
        var out: [String] = []
        if stale { out.append("stale") }
        if overTarget { out.append("over-target") }
        if nextStepOverdue { out.append("overdue") }
        if dormant { out.append("dormant") }
        if stalledNegotiation { out.append("stalled") }
        if readyToAdvance { out.append("ready") }
        return out
    }
}

extension PipelineDefinition {
    /// `readiness: false` skips evaluating the exit criteria (readyToAdvance stays false): the
    /// weekly review asks for the warning signs of every open deal and needs only those.
    /// A negotiation-like stage, by its key ("negotiation", "contract_negotiation"…). Bytes, not
    /// Foundation's `contains`: the review asks this for every open deal.
    static func isNegotiation(_ key: String) -> Bool {
        let word = Array("negotiat".utf8)
        let bytes = Array(key.utf8)
        guard bytes.count >= word.count else { return false }
        for start in 0...(bytes.count - word.count) {
            var k = 0
            while k < word.count, bytes[start + k] | 0x20 == word[k] { k += 1 }
            if k == word.count { return true }
        }
        return false
    }

    public func health(of deal: Deal, now: Date, readiness: Bool = true) -> DealHealth {
        let today = day(now)
        let stage = self.stage(deal.stage)
        // A stage pipeline.toml no longer has is still an open deal's: its warnings stay.
        let open = stage?.isOpen ?? true
        let inStage = deal.daysInStage(now: now, in: timeZone)
        let quiet = max(0, today - day(deal.lastActivityAt))
        let nextDue = Day(iso: deal.value("next_step_date"))
        let isNegotiation = Self.isNegotiation(deal.stage)
        let hasNextStep = !deal.value("next_step").isEmpty && !deal.value("next_step_owner").isEmpty
        let criteria = open && readiness ? evaluateExit(of: deal.stage, for: deal, now: now) : []
        return DealHealth(
            daysInStage: inStage,
            daysSinceActivity: quiet,
            stale: open && quiet >= staleAfterDays,
            overTarget: open && (stage?.targetDays.map { inStage > $0 } ?? false),
            nextStepOverdue: open && (nextDue.map { $0 < today } ?? false),
            dormant: open && quiet >= dormantAfterDays,
            stalledNegotiation: open && isNegotiation && inStage > stalledNegotiationDays && !hasNextStep,
            readyToAdvance: open && !criteria.isEmpty && criteria.allSatisfy(\.met)
        )
    }
}
