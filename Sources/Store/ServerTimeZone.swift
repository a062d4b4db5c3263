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
        /// Where it came from: "TZ", "/etc/localtime", "/etc/timezone", or "default".
        public var source: String
        /// A `TZ` that names no zone (a POSIX rule such as `AEST-10`), passed over.
        public var unusedTZ: String?

        /// For the message of `init`: "Australia/Sydney, from TZ".
        public var said: String {
            (source == "default" ? "\(name): neither TZ nor /etc/localtime names a zone" : "\(name), from \(source)")
                + (unusedTZ.map { " — TZ=\"\($0)\" is not a tz database name; if \(name) is wrong, set timezone in pipeline.toml" } ?? "")
        }
    }

    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              localtime: String = "/etc/localtime", timezoneFile: String = "/etc/timezone") -> Found {
        let tz = environment["TZ"].flatMap { $0.isEmpty ? nil : $0 }
        if let tz, let name = zoneName(tz) { return Found(name: name, source: "TZ") }
        var found = Found(name: "UTC", source: "default", unusedTZ: tz)
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: localtime), let name = zoneName(link) {
            found = Found(name: name, source: localtime, unusedTZ: tz)
        } else if let data = FileManager.default.contents(atPath: timezoneFile),
                  let line = String(data: data, encoding: .utf8)?.split(whereSeparator: \.isNewline).first, let name = zoneName(String(line)) {
            found = Found(name: name, source: timezoneFile, unusedTZ: tz)
        }
        return found
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
            + "# the board's days: today, due dates, days in stage, report periods"
        var lines = toml.components(separatedBy: "\n")
        let at = lines.firstIndex { $0.hasPrefix("name = ") }.map { $0 + 1 } ?? 0
        lines.insert(line, at: at)
        return lines.joined(separator: "\n")
    }
}
