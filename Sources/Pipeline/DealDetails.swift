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
///
/// The decoded parts are stored properties, not an enum's payload: the review reads a deal's
/// stays a dozen times, and each read out of an enum copied (and counted references of) all
/// four parts; a change goes to the part in place.
public struct DealDetails: Sendable, Equatable {
    public struct Parts: Sendable, Equatable {
        public var fields: [String: String] = [:]
        public var checks: [String: Date] = [:]
        public var history: [StageVisit] = []
        public var fieldChanges: [FieldChange] = []
    }

    /// Where packed details are: their block's bytes, and when the deal entered its stage.
    struct Packed: Sendable {
        let block: PackedDeals
        let offset: Int
        let length: Int
        let enteredStageAt: Date
        var parts: Parts { block.decodeDetails(offset: offset, length: length) }
    }

    /// The parts when not packed (empty while `packed` is set).
    var decoded: Parts
    var packed: Packed?

    init(_ parts: Parts) {
        decoded = parts
        packed = nil
    }

    init(packed: PackedDeals, offset: Int, length: Int, enteredStageAt: Date) {
        decoded = Parts()
        self.packed = Packed(block: packed, offset: offset, length: length, enteredStageAt: enteredStageAt)
    }

    var parts: Parts { packed?.parts ?? decoded }

    var isPacked: Bool { packed != nil }

    /// Decodes the parts in place (once): what a change to any of them starts with.
    mutating func unpack() {
        guard let p = packed else { return }
        decoded = p.parts
        packed = nil
    }

    func field(_ key: String) -> String? {
        guard let p = packed else { return decoded.fields[key] }
        let v = p.block.field(key, offset: p.offset, length: p.length)
        return v.isEmpty ? nil : v
    }

    func checkedAt(_ key: String) -> Date? {
        guard let p = packed else { return decoded.checks[key] }
        return p.block.checkedAt(key, offset: p.offset, length: p.length)
    }

    /// When the last stay began; nil without stays.
    var enteredStageAt: Date? {
        guard let p = packed else { return decoded.history.last?.enteredAt }
        return p.enteredStageAt
    }

    public static func == (a: DealDetails, b: DealDetails) -> Bool { a.parts == b.parts }
}
