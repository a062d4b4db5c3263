import Foundation
import Pipeline

/// Where "now" comes from: the system clock, or `DEALBOARD_NOW` for tests and demos.
public enum BoardClock {
    public struct InvalidNow: Error, CustomStringConvertible {
        public var value: String
        public var problem: String
        public var description: String { "DEALBOARD_NOW=\"\(value)\": \(problem); it is an instant such as 2026-11-23T09:00:00Z (without an offset: UTC)" }
    }

    /// A clock for a long-running process (the board): `DEALBOARD_NOW` is read once, here, not
    /// on every call — the board asks the time for every card of every frame, and building the
    /// process environment each time was a tenth of a key's work.
    public static func source(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> @Sendable () -> Date {
        guard let fixed = environment["DEALBOARD_NOW"], !fixed.isEmpty else { return { Date() } }
        let at = try now(environment: environment)
        return { at }
    }

    /// `DEALBOARD_NOW` is read before any board is open, so a time without an offset (or a bare
    /// date, its midnight) is UTC, like the journal's timestamps.
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date {
        guard let fixed = environment["DEALBOARD_NOW"], !fixed.isEmpty else { return Date() }
        do { return try TypedTime.instant(fixed, zone: .utc) } catch let e as TypedTime.Invalid { throw InvalidNow(value: fixed, problem: e.description) }
    }
}
