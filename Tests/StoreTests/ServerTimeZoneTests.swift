import Foundation
import Testing
@testable import Store

/// The zone `init` writes: TZ, else the /etc/localtime link, else /etc/timezone, else UTC.
@Suite struct ServerTimeZoneTests {
    let folder: String = {
        var t = Array((NSTemporaryDirectory() + "/dealboard-tzfiles-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        return t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }()

    func link(to target: String) throws -> String {
        let path = folder + "/localtime"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        return path
    }

    @Test(arguments: [
        // TZ, /etc/localtime's target, /etc/timezone's text, the zone found, from, the TZ passed over
        ("Australia/Sydney", "/usr/share/zoneinfo/Europe/Berlin", nil, "Australia/Sydney", "TZ", nil),
        (":America/Los_Angeles", nil, nil, "America/Los_Angeles", "TZ", nil),
        ("AEST-10", "/usr/share/zoneinfo/Europe/Berlin", nil, "Europe/Berlin", "localtime", "AEST-10"),
        (nil, "../usr/share/zoneinfo/Etc/UTC", nil, "UTC", "localtime", nil),
        (nil, nil, "Asia/Kolkata\n", "Asia/Kolkata", "timezone", nil),
        (nil, "/usr/share/zoneinfo/posix/Asia/Tokyo", "Europe/Berlin\n", "Asia/Tokyo", "localtime", nil),
        ("", nil, nil, "UTC", "default", nil),
        ("Nowhere/Atlantis", nil, "not a zone\n", "UTC", "default", "Nowhere/Atlantis"),
    ] as [(String?, String?, String?, String, String, String?)])
    func detect(tz: String?, localtime: String?, timezone: String?, name: String, source: String, unused: String?) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let linkPath = try localtime.map(link) ?? folder + "/no-localtime"
        let timezoneFile = folder + "/timezone"
        if let timezone { try timezone.write(toFile: timezoneFile, atomically: false, encoding: .utf8) }
        let found = ServerTimeZone.detect(environment: tz.map { ["TZ": $0] } ?? [:], localtime: linkPath, timezoneFile: timezoneFile)
        #expect(found.name == name)
        #expect(found.source.hasSuffix(source))
        #expect(found.unusedTZ == unused)
    }

    @Test func theLineGoesAfterTheName() {
        let toml = "# a comment\n\nname = \"Team\"\ncurrency = \"USD\"\n"
        #expect(ServerTimeZone.write("Australia/Sydney", into: toml)
                == "# a comment\n\nname = \"Team\"\ntimezone = \"Australia/Sydney\"  # the board's days: today, due dates, days in stage, report periods\ncurrency = \"USD\"\n")
    }
}
