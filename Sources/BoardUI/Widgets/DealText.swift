import Terminal
import Foundation
import Pipeline
import Store

/// Text renderings for the terminal: the deal table and one deal in full.
public enum DealText {
    /// An amount for people; "—" when none was entered.
    public static func amount(_ value: Money, _ pipeline: PipelineDefinition) -> String {
        value.isZero ? "—" : pipeline.money.text(value)
    }

    /// A field's stored value for people: money in the board's style and currency.
    public static func value(_ raw: String, of field: FieldDefinition?, _ pipeline: PipelineDefinition) -> String {
        guard field?.type == .money, let m = Money(canonical: raw) else { return raw }
        return pipeline.money.text(m)
    }

    /// One line of text: line breaks in long values would break the layout (and could forge a
    /// line of output), other controls could drive the terminal; `SafeText.line` shows them all.
    public static func oneLine(_ text: String) -> String {
        SafeText.line(text)
    }

    public static func table(_ deals: [Deal], pipeline: PipelineDefinition, now: Date) -> String {
        var t = TextTable(columns: [
            .init("#", alignRight: true), .init("Title", maxWidth: 32), .init("Company", maxWidth: 20), .init("Stage", maxWidth: 16),
            .init("Owner", maxWidth: 12), .init("Amount", alignRight: true), .init("Days", alignRight: true), .init("Flags", maxWidth: 30),
        ])
        for d in deals {
            let h = pipeline.health(of: d, now: now)
            t.add(["\(d.number)", oneLine(d.title), oneLine(d.company), pipeline.stage(d.stage)?.name ?? d.stage, d.owner,
                   amount(d.amount, pipeline), "\(h.daysInStage)", h.badges.joined(separator: " ")])
        }
        return t.render()
    }

    /// The board as text, stage by stage, with each column's count, total and weighted value.
    public static func board(_ state: BoardState, pipeline: PipelineDefinition, now: Date) -> String {
        var out: [String] = []
        let live = state.liveDeals
        for stage in pipeline.stages {
            let deals = live.filter { $0.stage == stage.key }
            let total = deals.map(\.amount).sum()
            let weighted = total.weighted(percent: stage.probability)
            out.append("== \(stage.name) — \(deals.count) deal\(deals.count == 1 ? "" : "s"), \(pipeline.money.text(total)) (weighted \(pipeline.money.text(weighted)))")
            for d in deals.prefix(stage.isOpen ? deals.count : 8) {
                let h = pipeline.health(of: d, now: now)
                let badges = h.badges.isEmpty ? "" : "  [" + h.badges.joined(separator: ", ") + "]"
                out.append("  #\(d.number)  \(oneLine(d.title)) — \(oneLine(d.company)), \(amount(d.amount, pipeline)), \(d.owner), \(h.daysInStage)d\(badges)")
            }
            if !stage.isOpen, deals.count > 8 { out.append("  … and \(deals.count - 8) more") }
        }
        // Each element is one line: whatever a value holds stays inside it, visibly.
        return out.map { SafeText.line($0) }.joined(separator: "\n")
    }

    public static func deal(_ d: Deal, pipeline: PipelineDefinition, now: Date) -> String {
        let d = d.unpacked // each part read many times below: decoded once
        let h = pipeline.health(of: d, now: now)
        var out: [String] = []
        out.append("#\(d.number)  \(oneLine(d.title))")
        out.append("  Company:  \(d.company.isEmpty ? "—" : oneLine(d.company))")
        out.append("  Amount:   \(amount(d.amount, pipeline))")
        out.append("  Owner:    \(d.owner)")
        out.append("  Stage:    \(pipeline.stage(d.stage)?.name ?? d.stage), \(h.daysInStage) day\(h.daysInStage == 1 ? "" : "s") (since \(pipeline.day(d.enteredStageAt)))"
                   + (h.badges.isEmpty ? "" : "  [" + h.badges.joined(separator: ", ") + "]"))
        let fieldLines = pipeline.allFields.filter { !BuiltInField.dealProperties.contains($0.key) && !d.value($0.key).isEmpty }
        if !fieldLines.isEmpty {
            out.append("")
            out.append("Fields")
            let width = fieldLines.map { TextWidth.of($0.label) }.max() ?? 0
            for f in fieldLines {
                let v = value(d.value(f.key), of: f, pipeline)
                out.append("  \(TextWidth.pad(f.label, to: width))  \(oneLine(v))")
            }
        }
        let results = pipeline.evaluateExit(of: d.stage, for: d, now: now)
        if !results.isEmpty {
            out.append("")
            out.append("Exit criteria of \(pipeline.stage(d.stage)?.name ?? d.stage)")
            for r in results {
                out.append("  \(r.met ? "✓" : "✗") \(r.label)" + (r.met ? "" : " — \(r.needs)"))
            }
        }
        if !pipeline.checklists.isEmpty || !pipeline.signals.isEmpty {
            out.append("")
            out.append("Checks")
            for list in pipeline.checklists {
                let ticked = list.items.filter { d.isChecked($0.key) }.count
                out.append("  \(list.label) (\(ticked)/\(list.items.count)): " + list.items.map { "\(d.isChecked($0.key) ? "☑" : "☐") \($0.label)" }.joined(separator: "  "))
            }
            if !pipeline.signals.isEmpty {
                out.append("  Buyer signals: " + pipeline.signals.map { "\(d.isChecked($0.key) ? "☑" : "☐") \($0.label)" }.joined(separator: "  "))
            }
        }
        out.append("")
        out.append("Activities (\(d.activities.count))")
        if d.activities.isEmpty { out.append("  none yet — dealboard log \(d.number) call \"…\"") }
        for a in d.activities.sorted(by: { $0.date > $1.date }) {
            out.append("  \(pipeline.day(a.date))  \(TextWidth.pad(a.kind, to: 7))  \(oneLine(a.text))  — \(a.by)")
        }
        out.append("")
        out.append("Stage history")
        let nameWidth = pipeline.stages.map { TextWidth.of($0.name) }.max() ?? 16
        let days = d.history.indices.map { i in
            let left = i + 1 < d.history.count ? d.history[i + 1].enteredAt : nil
            return "\(max(0, pipeline.day(left ?? now) - pipeline.day(d.history[i].enteredAt)))d"
        }
        // Days right-aligned, so "2d" and "21d" end in one column and what follows starts in one.
        let daysWidth = days.map(\.count).max() ?? 2
        for (i, v) in d.history.enumerated() {
            let stay = String(repeating: " ", count: daysWidth - days[i].count) + days[i]
            var line = "  \(pipeline.day(v.enteredAt))  \(TextWidth.pad(pipeline.stage(v.stage)?.name ?? v.stage, to: nameWidth))  \(stay)  \(v.move.rawValue) by \(v.by)"
            if let r = v.reason { line += ": \(r)" }
            if v.forced { line += "  (FORCED past: \(v.unmet.joined(separator: "; ")))" }
            if let source = v.imported { line += "  (\(source))" }
            out.append(line)
        }
        // Each element is one line: whatever a value holds (a label, a reason, a note) stays
        // inside its line, with its controls shown visibly.
        return out.map { SafeText.line($0) }.joined(separator: "\n")
    }

    /// One event as a line of `dealboard history`.
    public static func event(_ e: Event, state: BoardState, pipeline: PipelineDefinition) -> String {
        let when = pipeline.timeZone.minute(e.timestamp)
        let (tag, what) = eventSummary(e, state: state, pipeline: pipeline)
        // One event, one line: a line break typed into a title or note is `⏎`, never a forged event.
        return SafeText.line("\(when)  \(TextWidth.pad(e.user, to: 10))  \(TextWidth.pad(tag, to: 5))  \(what)")
    }

    /// An event as the status line says it: "bob #7 moved Discovery → Demo".
    public static func eventLine(_ e: Event, state: BoardState, pipeline: PipelineDefinition) -> String {
        let (tag, what) = eventSummary(e, state: state, pipeline: pipeline)
        return SafeText.line([e.user, tag, what].filter { !$0.isEmpty }.joined(separator: " "))
    }

    /// The deal's tag (`#7`) and what the event did, with a refusal at replay said on it.
    static func eventSummary(_ e: Event, state: BoardState, pipeline: PipelineDefinition) -> (tag: String, what: String) {
        let deal = e.deal.flatMap { state.deal(uid: $0) }
        let tag = deal.map { "#\($0.number)" } ?? e.number.map { "#\($0)" } ?? ""
        func stageName(_ key: String?) -> String { key.flatMap { pipeline.stage($0)?.name } ?? key ?? "?" }
        let what: String
        switch e.payload {
        case .dealCreated(let p):
            what = "created \"\(p.title)\" in \(stageName(p.stage))" + (p.forced ? " (\(p.reason ?? "")) FORCED" : "")
        case .dealEdited(let p):
            // People read labels ("Economic buyer: Jean"), not keys.
            what = "set " + (p.set ?? []).map { f in
                let text = value(f.text, of: pipeline.field(f.key), pipeline)
                return "\(pipeline.field(f.key)?.label ?? f.key): \(text.isEmpty ? "(cleared)" : oneLine(text))"
            }.joined(separator: ", ")
        case .checkSet(let p):
            what = "\(p.checked ? "ticked" : "unticked") \"\(p.label ?? p.check ?? "")\""
        case .activityLogged(let p):
            what = "logged \(p.kind ?? "activity"): \(p.text)"
        case .dealMoved(let p):
            what = "moved " + p.summary(by: e.user, in: pipeline)
        case .undo(let p):
            what = p.summary ?? "undo"
        case .reviewDone(let p):
            what = "marked the weekly review done" + (p.note.map { ": \(oneLine($0))" } ?? "")
        default:
            what = e.type
        }
        // Imported: where from, and when it happened in the CRM (the line's time is when it was written).
        var imported: (ImportSource, Date?)?
        switch e.payload {
        case .dealCreated(let p): imported = p.imported.map { ($0, p.at) }
        case .dealMoved(let p): imported = p.imported.map { ($0, p.at) }
        case .dealEdited(let p): imported = p.imported.map { ($0, nil) }
        default: break
        }
        let source = imported.map { src, at in " (\(oneLine(src.description))" + (at.map { ", on \(pipeline.timeZone.minute($0))" } ?? "") + ")" } ?? ""
        // Not applied at replay (its author could not have made it through dealboard): said on its line.
        let refused = state.disallowed(eventID: e.id).map { "  ✗ not allowed: \($0.reason)" } ?? ""
        return (tag, what + source + refused)
    }
}
