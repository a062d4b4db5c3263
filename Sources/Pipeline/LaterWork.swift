import Foundation

/// What one person did on a deal after a given change — what undoing that change would take
/// away from them. Keys, not labels: the caller names them with the pipeline.
public struct LaterWork: Equatable, Sendable {
    public var user: String
    /// Activity kinds logged, in order ("meeting", "call").
    public var activities: [String] = []
    /// Field keys edited, each once.
    public var fields: [String] = []
    /// Check keys ticked (or re-confirmed) and unticked, each once.
    public var ticked: [String] = []
    public var unticked: [String] = []
    /// Edits and ticks old enough that their details are no longer at hand (they left the
    /// author's undo history): counted, not named.
    public var unnamedEdits = 0
    public var unnamedTicks = 0
    /// Stage keys moved to, in order.
    public var moves: [String] = []
    public var first: Date
    public var last: Date

    public init(user: String, first: Date, last: Date) {
        self.user = user
        self.first = first
        self.last = last
    }
}
