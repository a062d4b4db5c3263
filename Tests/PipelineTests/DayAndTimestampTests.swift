import Foundation
import Testing
@testable import Pipeline

@Suite struct DayAndTimestampTests {
    @Test func dayRoundTrip() {
        #expect(Day(iso: "2026-11-23")?.description == "2026-11-23")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "26-11-23") == nil)
        #expect(Day(iso: "1970-01-01")?.index == 0)
        #expect(Day(Timestamp.parse("2026-11-23T23:59:59Z")!, in: .utc) == Day(iso: "2026-11-23"))
    }

    @Test func timestampFormats() {
        let t = Timestamp.parse("2026-11-23T09:34:58.123Z")!
        #expect(Timestamp.format(t) == "2026-11-23T09:34:58.123Z")
        #expect(Timestamp.format(Timestamp.parse("2026-11-23T09:34:58.012345Z")!) == "2026-11-23T09:34:58.012Z")
        #expect(Timestamp.format(Timestamp.parse("2026-11-23T10:34:58+01:00")!) == "2026-11-23T09:34:58.000Z")
        #expect(Timestamp.format(Timestamp.parse("2026-11-23")!) == "2026-11-23T00:00:00.000Z")
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.parse("2026-11-23T25:00:00Z") == nil)
    }
}
