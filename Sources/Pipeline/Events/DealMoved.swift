import Foundation

/// `deal.moved`: a deal moved from the stage its author saw it in to another, forward, back,
/// won, lost or reopened; a manager's forced move records the reason and the unmet criteria.
///
/// `{"from":"prospecting","to":"qualification","move":"forward","reason":"…","forced":true,"unmet":[…]}`
public struct DealMoved: Equatable, Sendable {
    /// Stage keys; nil when missing or not text (a move without `to` is not applied; one without
    /// `from` is not allowed — see `ReplayRules.judgeMove`).
    public var from: String?
    public var to: String?
    /// nil when missing or a kind this version does not know: the fold counts it as forward.
    public var move: StageVisit.Move?
    public var reason: String?
    /// True only when written as `true`.
    public var forced: Bool
    public var unmet: [String]
    /// An imported move: when the CRM says the deal entered `to` (the fold's entry time; the
    /// event's timestamp stays the time it was written), and where it came from.
    public var at: Date?
    public var imported: ImportSource?

    public init(from: String, to: String, move: StageVisit.Move, reason: String?, forced: Bool, unmet: [String]) {
        self.from = from
        self.to = to
        self.move = move
        self.reason = reason
        self.forced = forced
        self.unmet = unmet
    }

    public init(json: JSONValue) {
        forced = false
        unmet = []
        var keys = PayloadKeys()
        for (key, value) in json.object ?? [] {
            switch key {
            case "from" where keys.first(0): from = value.string
            case "to" where keys.first(1): to = value.string
            case "move" where keys.first(2): move = value.string.flatMap(StageVisit.Move.init(rawValue:))
            case "reason" where keys.first(3): reason = value.string
            case "forced" where keys.first(4): forced = value.bool == true
            case "unmet" where keys.first(5): unmet = value.strings
            case "at" where keys.first(6): at = value.timestamp
            case "imported" where keys.first(7): imported = ImportSource(json: value)
            default: break
            }
        }
    }

    public var json: JSONValue {
        .obj([
            ("from", from.map { .string($0) }), ("to", to.map { .string($0) }), ("move", move.map { .string($0.rawValue) }),
            ("reason", reason.map { .string($0) }), ("forced", forced ? .bool(true) : nil),
            ("unmet", unmet.isEmpty ? nil : .array(unmet.map { .string($0) })),
            ("at", at.map { .string(Timestamp.format($0)) }), ("imported", imported?.json),
        ])
    }
}

extension DealMoved {
    /// The move in words — one wording for the history, the board's status line and the command
    /// line: `Demo → Proposal`, `Proposal → Demo (no budget yet)`, `Demo → Proposal (forced by
    /// maria: signed LOI)`. A stage pipeline.toml no longer has is named by its key.
    public func summary(by user: String, in pipeline: PipelineDefinition) -> String {
        func name(_ key: String?) -> String { key.map { pipeline.stage($0)?.name ?? $0 } ?? "?" }
        var text = "\(name(from)) → \(name(to))"
        if forced {
            text += " (forced by \(user)" + (reason.map { ": \($0)" } ?? "") + ")"
        } else if let reason {
            text += " (\(reason))"
        }
        return text
    }
}
