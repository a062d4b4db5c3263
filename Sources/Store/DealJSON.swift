import Foundation
import Pipeline

/// The JSON shape of a deal for `show`, `list` and `export` — a stable contract for scripts:
/// `id`, `title`, `company`, `owner`, `amount`, `stage` (key), `fields`, `activities`, `history`,
/// and for `show` also `criteria` (the current stage's exit criteria).
public enum DealJSON {
    public static func deal(_ d: Deal, pipeline: PipelineDefinition, now: Date, withCriteria: Bool) -> JSONValue {
        let d = d.unpacked // each part read many times below: decoded once
        var fields: [(String, JSONValue)] = []
        let known = pipeline.allFields.filter { !BuiltInField.dealProperties.contains($0.key) }
        for def in known {
            guard let raw = d.fields[def.key], !raw.isEmpty else { continue }
            fields.append((def.key, typed(raw, def.type)))
        }
        for (key, raw) in d.fields.sorted(by: { $0.key < $1.key }) where pipeline.field(key) == nil {
            fields.append((key, .string(raw))) // kept even if pipeline.toml no longer declares it
        }
        let health = pipeline.health(of: d, now: now)
        var pairs: [(String, JSONValue?)] = [
            ("id", .number(Double(d.number))), ("uid", .string(d.uid)),
            ("title", .string(d.title)), ("company", .string(d.company)), ("owner", .string(d.owner)),
            ("amount", amount(d.amount)), ("stage", .string(d.stage)),
            ("stage_name", .string(pipeline.stage(d.stage)?.name ?? d.stage)),
            ("days_in_stage", .number(Double(health.daysInStage))),
            ("created", .string(Timestamp.format(d.createdAt))), ("created_by", .string(d.createdBy)),
            ("last_activity", .string(Timestamp.format(d.lastActivityAt))),
            ("badges", .array(health.badges.map { .string($0) })),
            ("fields", .object(fields)),
            ("checks", .array(pipeline.allChecks.filter { d.isChecked($0.key) }.map { c in
                .obj([("key", .string(c.key)), ("label", .string(c.label)), ("at", .string(Timestamp.format(d.checkedAt(c.key)!)))])
            })),
            ("activities", .array(d.activities.map(activity))),
            ("history", .array(history(d, pipeline: pipeline, now: now))),
        ]
        if withCriteria {
            let results = pipeline.evaluateExit(of: d.stage, for: d, now: now)
            pairs.append(("criteria", .array(results.map { criterion($0, deal: d, pipeline: pipeline) })))
        }
        return .obj(pairs)
    }

    /// An amount as a JSON number, exactly as stored (`12000.5`); null when there is none.
    static func amount(_ m: Money) -> JSONValue { m.isZero ? .null : .numberText(m.canonical) }

    static func number(_ d: Decimal) -> JSONValue { .numberText(d.description) }

    static func typed(_ raw: String, _ type: FieldType) -> JSONValue {
        switch type {
        case .money: return Money(canonical: raw).map { .numberText($0.canonical) } ?? .string(raw)
        case .number: return Double(raw).map { .number($0) } ?? .string(raw)
        case .yesNo: return .bool(raw == "yes")
        default: return .string(raw)
        }
    }

    static func activity(_ a: Activity) -> JSONValue {
        .obj([("id", .string(a.id)), ("kind", .string(a.kind)), ("text", .string(a.text)), ("date", .string(Timestamp.format(a.date))),
              ("logged_at", .string(Timestamp.format(a.loggedAt))), ("by", .string(a.by)), ("stage", .string(a.stage))])
    }

    static func history(_ d: Deal, pipeline: PipelineDefinition, now: Date) -> [JSONValue] {
        d.history.enumerated().map { i, v in
            let left = i + 1 < d.history.count ? d.history[i + 1].enteredAt : nil
            let days = max(0, pipeline.day(left ?? now) - pipeline.day(v.enteredAt))
            return .obj([
                ("stage", .string(v.stage)), ("entered", .string(Timestamp.format(v.enteredAt))),
                ("left", left.map { .string(Timestamp.format($0)) } ?? .null), ("days", .number(Double(days))),
                ("move", .string(v.move.rawValue)), ("by", .string(v.by)), ("reason", v.reason.map { .string($0) } ?? .null),
                ("forced", .bool(v.forced)), ("unmet", .array(v.unmet.map { .string($0) })),
            ])
        }
    }

    static func criterion(_ r: CriterionResult, deal: Deal, pipeline: PipelineDefinition) -> JSONValue {
        var pairs: [(String, JSONValue?)] = [("label", .string(r.label)), ("met", .bool(r.met)), ("kind", .string(r.criterion.kindName))]
        switch r.criterion.kind {
        case .field(let key):
            pairs += [("field", .string(key)), ("type", .string(pipeline.field(key)?.type.name ?? "text"))]
        case .minimum(let key, let min):
            pairs += [("field", .string(key)), ("min", number(min))]
        case .futureDate(let key, let within):
            pairs += [("field", .string(key)), ("within_days", within.map { .number(Double($0)) } ?? .null)]
        case .checklist(let key, let atLeast):
            let items = pipeline.checklist(key)?.items ?? []
            pairs += [("checklist", .string(key)), ("at_least", .number(Double(atLeast))),
                      ("items", .array(items.map { .obj([("label", .string($0.label)), ("checked", .bool(deal.isChecked($0.key)))]) }))]
        case .signal(let key):
            pairs += [("signal", .string(key.hasPrefix("signal.") ? String(key.dropFirst(7)) : key))]
        case .activity(let kind):
            pairs += [("activity", .string(kind.rawValue))]
        case .requalify(let key, let days):
            pairs += [("checklist", .string(key)), ("after_days", .number(Double(days)))]
        }
        if !r.met { pairs.append(("needs", .string(r.needs))) }
        return .obj(pairs)
    }
}
