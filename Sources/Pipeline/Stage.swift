import Foundation

/// A column of the board.
public struct Stage: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case open, won, lost
    }

    public var key: String
    public var name: String
    /// Chance of closing from this stage, 0–100, for the weighted forecast.
    public var probability: Int
    /// Healthy number of days in this stage; more is "over target". nil: no target.
    public var targetDays: Int?
    public var kind: Kind
    public var exitCriteria: [ExitCriterion]

    public init(key: String, name: String, probability: Int, targetDays: Int?, kind: Kind, exitCriteria: [ExitCriterion] = []) {
        self.key = key
        self.name = name
        self.probability = probability
        self.targetDays = targetDays
        self.kind = kind
        self.exitCriteria = exitCriteria
    }

    public var isOpen: Bool { kind == .open }
    public var isClosed: Bool { kind != .open }
}
