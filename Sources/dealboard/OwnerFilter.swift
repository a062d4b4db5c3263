import ArgumentParser
import Foundation
import Pipeline
import Store

/// `--owner X` and `--mine` of `list` and `report`: one rule for both, so they agree on who
/// an owner is and on what an unknown one gets (an error naming the known owners).
enum OwnerFilter {
    /// The owner key (`PipelineDefinition.ownerKey`) that the options name, or nil for everyone.
    static func resolve(owner: String?, mine: Bool, user: String, pipeline: PipelineDefinition, state: BoardState) throws -> String? {
        if owner != nil, mine { throw Failure.error("give --owner or --mine, not both") }
        if mine { return pipeline.ownerKey(user) }
        guard let owner else { return nil }
        if let p = pipeline.person(owner) { return p.login }
        let known = knownOwners(pipeline, state)
        if let hit = known.first(where: { $0 == owner }) ?? known.first(where: { $0.caseInsensitiveCompare(owner) == .orderedSame }) { return hit }
        let shown = known.map { key in pipeline.person(key)?.shown ?? key }
        let hint = Suggestion.didYouMean(owner, in: known + pipeline.people.map(\.name))
        throw Failure.error("no owner \"\(owner)\" on this board; \(hint)owners: " + (shown.isEmpty ? "none yet" : shown.joined(separator: ", ")))
    }

    /// The board's people and whoever owns a deal on it (by owner key), sorted.
    static func knownOwners(_ pipeline: PipelineDefinition, _ state: BoardState) -> [String] {
        Set(pipeline.people.map(\.login) + state.liveDeals.map { pipeline.ownerKey($0.owner) }).sorted()
    }
}

/// `--owner X` / `--mine`, declared once for `list` and `report`; TAB offers the board's owners.
struct OwnerOptions: ParsableArguments {
    @Option(help: "Only deals of this owner: a login, name or e-mail of [[people]], or an owner as written on deals.",
            completion: .custom(Complete.owners))
    var owner: String?
    @Flag(help: "Only your own deals (the owner is you, by login or by your name in [[people]]).") var mine = false

    /// The owner key to keep, or nil for everyone.
    func resolve(_ store: BoardStore) throws -> String? {
        try OwnerFilter.resolve(owner: owner, mine: mine, user: store.user, pipeline: store.pipeline, state: store.state)
    }
}
