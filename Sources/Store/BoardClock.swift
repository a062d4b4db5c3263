import Foundation
import Pipeline

/// Where "now" comes from: the system clock, or `DEALBOARD_NOW` for tests and demos.
public enum BoardClock {
    public struct InvalidNow: Error, CustomStringConvertible {
        public var value: String
        public var description: String { "DEALBOARD_NOW=\"\(value)\" is not a date/time; expected ISO 8601 such as 2026-11-23T09:00:00Z or 2026-11-23" }
    }

    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date {
        guard let fixed = environment["DEALBOARD_NOW"], !fixed.isEmpty else { return Date() }
        guard let date = Timestamp.parse(fixed) else { throw InvalidNow(value: fixed) }
        return date
    }
}
