import Foundation
import Pipeline

/// The zone `dealboard init` writes into a new board's pipeline.toml: the server's, found the
/// way the C library finds it — `TZ`, else the /etc/localtime link into the tz database, else
/// /etc/timezone — or UTC when none of them names a zone. From then on the board's days come
/// from pipeline.toml alone, so every member of the team, whatever their own `TZ`, counts the
/// same days.
public enum ServerTimeZone {
    public struct Found: Equatable {
        /// A name `BoardTimeZone(identifier:)` accepts.
        public var name: String
        /// Where it came from, for the message of `init`: "TZ", "/etc/localtime", "default".
        public var source: String
    }

    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              localtime: String = "/etc/localtime", timezoneFile: String = "/etc/timezone") -> Found {
        if let tz = environment["TZ"], let name = zoneName(tz) { return Found(name: name, source: "TZ") }
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: localtime), let name = zoneName(link) {
            return Found(name: name, source: localtime)
        }
        if let data = FileManager.default.contents(atPath: timezoneFile),
           let line = String(data: data, encoding: .utf8)?.split(whereSeparator: \.isNewline).first, let name = zoneName(String(line)) {
            return Found(name: name, source: timezoneFile)
        }
        return Found(name: "UTC", source: "default")
    }

    /// A tz database name out of what `TZ` or a link may hold: `Australia/Sydney`,
    /// `:Australia/Sydney`, `/usr/share/zoneinfo/Australia/Sydney`; the UTC aliases as `UTC`.
    /// nil for what names no zone (a POSIX rule such as `AEST-10AEDT`, an empty value).
    static func zoneName(_ raw: String) -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(":") { text.removeFirst() }
        if let r = text.range(of: "zoneinfo/", options: .backwards) { text = String(text[r.upperBound...]) }
        for prefix in ["posix/", "right/"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        guard let zone = BoardTimeZone(identifier: text) else { return nil }
        return zone.isUTC ? "UTC" : zone.identifier
    }

    /// The template's text with a `timezone` line after its `name` line.
    public static func write(_ name: String, into toml: String) -> String {
        let line = "timezone = \"\(name)\"" + String(repeating: " ", count: max(1, 31 - name.count - 13))
            + "# the board's days (today, due dates, days in stage, report periods): a tz database name"
        var lines = toml.components(separatedBy: "\n")
        let at = lines.firstIndex { $0.hasPrefix("name = ") }.map { $0 + 1 } ?? 0
        lines.insert(line, at: at)
        return lines.joined(separator: "\n")
    }
}
