import Foundation

/// A deal's fields, checks, stays in stages and tracked changes.
///
/// Built by the fold they are plain values. Read from a snapshot they stay packed, like the
/// activities (`ActivityLog`): the snapshot's bytes for them, decoded when someone reads them
/// (a card on screen, the detail view, a command about that deal, the weekly review). An open
/// then builds no dictionary, no stay and no event id for the thousands of deals nobody looks
/// at: with the activities, that was most of reading a snapshot. What every deal is asked
/// for on every open, when it entered its stage, is kept beside the bytes; one field or one
/// check is read from them without decoding the rest.
public struct DealDetails: Sendable, Equatable {
    public struct Parts: Sendable, Equatable {
        public var fields: [String: String] = [:]
        public var checks: [String: Date] = [:]
        public var history: [StageVisit] = []
        public var fieldChanges: [FieldChange] = []
    }

    enum Storage: Sendable {
        case decoded(Parts)
        case packed(PackedDeals, offset: Int, length: Int, enteredStageAt: Date)
    }

    var storage: Storage

    init(_ parts: Parts) { storage = .decoded(parts) }

    init(packed: PackedDeals, offset: Int, length: Int, enteredStageAt: Date) {
        storage = .packed(packed, offset: offset, length: length, enteredStageAt: enteredStageAt)
    }

    var parts: Parts {
        switch storage {
        case .decoded(let parts): return parts
        case .packed(let p, let offset, let length, _): return p.decodeDetails(offset: offset, length: length)
        }
    }

    /// The parts, decoded, for a change: this value is left empty meanwhile, so the caller's
    /// copy is the only reference to their storage and changing it copies nothing.
    mutating func take() -> Parts {
        let out = parts
        storage = .decoded(Parts())
        return out
    }

    var isPacked: Bool {
        if case .packed = storage { return true }
        return false
    }

    func field(_ key: String) -> String? {
        switch storage {
        case .decoded(let parts): return parts.fields[key]
        case .packed(let p, let offset, let length, _):
            let v = p.field(key, offset: offset, length: length)
            return v.isEmpty ? nil : v
        }
    }

    func checkedAt(_ key: String) -> Date? {
        switch storage {
        case .decoded(let parts): return parts.checks[key]
        case .packed(let p, let offset, let length, _): return p.checkedAt(key, offset: offset, length: length)
        }
    }

    /// When the last stay began; nil without stays.
    var enteredStageAt: Date? {
        switch storage {
        case .decoded(let parts): return parts.history.last?.enteredAt
        case .packed(_, _, _, let at): return at
        }
    }

    public static func == (a: DealDetails, b: DealDetails) -> Bool { a.parts == b.parts }
}
