import Foundation

/// One observable fact that must hold before a deal may leave a stage.
///
/// The kinds cover every exit criterion in the product brief: required fields, minimum amounts,
/// dates in the future, "at least N of M" checklists (ICP, BANT, MEDDIC), buyer signals,
/// activities logged in the stage, and re-qualification of dormant deals.
public struct ExitCriterion: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The field must hold a value.
        case field(String)
        /// The number or money field must be at least `min`.
        case minimum(field: String, min: Decimal)
        /// The date must be set and after today; with `withinDays`, no later than today + N.
        case futureDate(field: String, withinDays: Int?)
        /// At least `atLeast` of the checklist's items must be ticked.
        case checklist(String, atLeast: Int)
        /// The buyer signal must be ticked (yes).
        case signal(String)
        /// An activity of this type must have been logged while the deal was in this stage.
        case activity(ActivityKind)
        /// A deal with no activity for `afterDays` must have every item of the checklist
        /// re-confirmed (ticked again) since it went quiet.
        case requalify(checklist: String, afterDays: Int)
    }

    public var kind: Kind
    /// What people read: "Economic buyer named".
    public var label: String

    public init(_ kind: Kind, label: String) {
        self.kind = kind
        self.label = label
    }

    /// The JSON/CLI name of the kind.
    public var kindName: String {
        switch kind {
        case .field: return "field"
        case .minimum: return "min"
        case .futureDate: return "date"
        case .checklist: return "checklist"
        case .signal: return "signal"
        case .activity: return "activity"
        case .requalify: return "requalify"
        }
    }
}

/// The kinds of activity a rep logs.
public enum ActivityKind: String, CaseIterable, Sendable {
    case call, email, meeting, note
}
