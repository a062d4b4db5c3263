import Foundation
import Pipeline

extension ReportText {
    /// The review as Markdown, to paste into an email or a wiki: the same figures as the text
    /// report, as headings and tables.
    public static func markdown(_ r: ReviewReport, pipeline: PipelineDefinition, stuckLimit: Int? = nil) -> String {
        func money(_ s: MoneySum) -> String { r.money.text(s) }
        // One deal's amount; a dash when it has none, as in the text report (JSON: null).
        func money(_ m: Money) -> String { m.isZero ? "—" : r.money.text(m) }
        // Every piece of typed text (titles, names, reasons, notes, stage names): one line,
        // controls visible, no HTML, no links or images, no table breaks (SafeText.markdown).
        func cell(_ s: String) -> String { SafeText.markdown(s) }
        func ok(_ healthy: Bool?) -> String { healthy.map { $0 ? "✅" : "⚠️ below" } ?? "no data" }
        var md: [String] = []
        md.append("# Pipeline review — \(cell(pipeline.name))" + (r.owner.map { " — \(cell($0))" } ?? ""))
        md.append("")
        md.append("Period **\(period(r.period, r.timeZone))**. "
                  + (r.changes.lastReview.map { "Last review: \(minute($0, r.timeZone))" + (r.changes.lastReviewBy.map { " by \(cell($0))" } ?? "") + (r.changes.lastReviewNote.isEmpty ? "" : " (\(cell(r.changes.lastReviewNote)))") + "." } ?? "No review marked done yet."))
        md.append("")
        md.append("## Headline")
        md.append("")
        md.append("| figure | value | healthy |")
        md.append("|---|---:|---|")
        md.append("| Coverage (open \(money(r.open.value)) / quota \(money(MoneySum(r.quota))) per \(r.quotaPeriod.rawValue)) | \(ratio(r.coverage)) | "
                  + (r.owner == nil ? "\(ok(healthy(r.coverage, ReviewThresholds.coverage))) (3:1) |" : "team quota |"))
        md.append("| Win rate (\(r.winRate.won) won, \(r.winRate.lost) lost, reached \(cell(r.winRate.fromStageName))) | \(percent(r.winRate.rate)) | \(ok(healthy(r.winRate.rate, ReviewThresholds.winRate))) (25%) |")
        md.append("| \(cell(r.winRate.fromStageName)) → next stage | \(percent(r.proposalConversion)) | \(ok(healthy(r.proposalConversion, ReviewThresholds.proposalConversion))) (30%) |")
        md.append("| Pipeline velocity | \(r.pipelineVelocity.map { money($0) + "/day" } ?? "—") | |")
        md.append("| Weighted pipeline (\(r.open.deals) open deals, \(money(r.open.value))) | \(money(r.open.weightedValue)) | |")
        md.append("| Average sales cycle | \(days(r.averageSalesCycleDays)) days | |")
        md.append("")
        md.append("## Stages")
        md.append("")
        md.append("| stage | deals | value | weighted | over target | conversion | left | avg days | median days | target days |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in r.stages {
            md.append("| \(cell(s.name)) | \(s.count) | \(money(s.value)) | \(money(s.weightedValue)) | \(s.overTarget) | \(percent(s.conversionRate)) | \(s.left) | \(days(s.averageDays)) | \(days(s.medianDays)) | \(s.targetDays.map(String.init) ?? "—") |")
        }
        md.append("")
        md.append("## Weighted forecast")
        md.append("")
        md.append("| close month | deals | value | weighted |")
        md.append("|---|---:|---:|---:|")
        for m in r.forecast { md.append("| \(m.month ?? "no date") | \(m.deals) | \(money(m.value)) | \(money(m.weightedValue)) |") }
        md.append("")
        md.append("## Loss reasons")
        md.append("")
        if r.lossReasons.isEmpty {
            md.append("No deals lost in the period.")
        } else {
            md.append("| reason | deals | value |")
            md.append("|---|---:|---:|")
            for l in r.lossReasons { md.append("| \(cell(l.reason)) | \(l.deals) | \(money(l.value)) |") }
        }
        md.append("")
        md.append("## Stuck deals (\(r.stuck.count))")
        md.append("")
        if r.stuck.isEmpty { md.append("None: every open deal is moving.") }
        for s in r.stuck.prefix(stuckLimit ?? r.stuck.count) {
            md.append("- **#\(s.number) \(cell(s.title))**" + (s.company.isEmpty ? "" : " — \(cell(s.company))")
                      + " (\(cell(s.owner)), \(cell(pipeline.stage(s.stage)?.name ?? s.stage)), \(money(s.amount))): "
                      + s.reasons.map { cell($0.text) }.joined(separator: "; "))
        }
        if let limit = stuckLimit, r.stuck.count > limit { md.append("- … and \(r.stuck.count - limit) more") }
        md.append("")
        let c = r.changes
        md.append("## Changes since " + (c.lastReview.map { "the last review (\(minute($0, r.timeZone)))" } ?? minute(c.since, r.timeZone)))
        md.append("")
        if c.isEmpty { md.append("Nothing changed.") }
        let groups: [(String, [ReviewChanges.Change], (ReviewChanges.Change) -> String)] = [
            ("New deals", c.created, { "in \($0.to ?? "")" }),
            ("Moved forward", c.movedForward, { "\($0.from ?? "") → \($0.to ?? "")" }),
            ("Moved back", c.movedBack, { "\($0.from ?? "") → \($0.to ?? "")" + ($0.reason.map { ": \($0)" } ?? "") }),
            ("Won", c.won, { "\(money($0.amount))" }),
            ("Lost", c.lost, { "\(money($0.amount)): \($0.reason ?? "no reason")" }),
            ("Reopened", c.reopened, { "\($0.from ?? "") → \($0.to ?? "")" }),
            ("Close date slipped", c.closeDateSlipped, { "\($0.from ?? "") → \($0.to ?? "")" }),
            ("Amount changed", c.amountChanged, { "\($0.from.flatMap { Money(canonical: $0) }.map(money) ?? "—") → \($0.to.flatMap { Money(canonical: $0) }.map(money) ?? "—")" }),
        ]
        for (title, items, what) in groups where !items.isEmpty {
            md.append("**\(title) (\(items.count))**")
            md.append("")
            for i in items { md.append("- #\(i.number) \(cell(i.title)): \(cell(what(i))) (\(cell(i.by)), \(date(i.at, r.timeZone)))") }
            md.append("")
        }
        md.append("## Per rep")
        md.append("")
        md.append("| rep | open | value | weighted | won | lost | win rate (reached \(cell(r.winRate.fromStageName))) | cycle days | velocity | stuck |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for o in r.owners {
            md.append("| \(cell(o.owner)) | \(o.open.deals) | \(money(o.open.value)) | \(money(o.open.weightedValue)) | \(o.wonInPeriod) | \(o.lostInPeriod) | \(percent(o.winRate.rate)) | \(days(o.averageSalesCycleDays)) | \(o.pipelineVelocity.map { money($0) + "/day" } ?? "—") | \(o.stuck) |")
        }
        return md.joined(separator: "\n")
    }
}
