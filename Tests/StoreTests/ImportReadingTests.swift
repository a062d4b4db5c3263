import Foundation
import Testing
import Pipeline
@testable import Store

/// Issue 11: reading CRM files strictly — dates in each export's style, the delimiter from the header.
@Suite struct ImportReadingTests {
    static let dates: [(text: String, monthFirst: Bool, expected: String?)] = [
        ("2026-10-31", false, "2026-10-31T00:00:00.000Z"),
        ("2026-10-31 14:03", false, "2026-10-31T14:03:00.000Z"),
        ("2026-10-31 14:03:22", false, "2026-10-31T14:03:22.000Z"),
        ("2026-10-31T14:03:22.000Z", false, "2026-10-31T14:03:22.000Z"),
        ("10/31/2026", true, "2026-10-31T00:00:00.000Z"),
        ("1/2/2027 2:30 PM", true, "2027-01-02T14:30:00.000Z"),
        ("12/31/2026 12:05 AM", true, "2026-12-31T00:05:00.000Z"),
        ("10/31/2026", false, nil),       // month first only where the export writes it so
        ("31/10/2026", true, nil),        // no month 31
        ("2026-02-30", false, nil),       // no such day
        ("2026-10-31 24:00", false, nil),
        ("13:00 PM", true, nil),
        ("0226-01-01", false, nil),       // outside the accepted years
        ("yesterday", false, nil),
    ]

    @Test(arguments: dates)
    func datesAreReadStrictly(_ c: (text: String, monthFirst: Bool, expected: String?)) throws {
        let r = ImportDates.parse(c.text, monthFirst: c.monthFirst, zone: .utc)
        switch r {
        case .success(let t): #expect(Timestamp.format(t) == c.expected, "\(c.text)")
        case .failure: #expect(c.expected == nil, "\(c.text)")
        }
    }

    @Test func dateWithoutTimeIsMidnightOfTheBoardsZone() throws {
        let zone = try #require(BoardTimeZone(identifier: "Europe/Berlin"))
        let t = try ImportDates.parse("2026-10-31", monthFirst: false, zone: zone).get()
        #expect(Timestamp.format(t) == "2026-10-30T23:00:00.000Z")
    }

    static let delimited: [(text: String, delimiter: Character)] = [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\r\n1;2,5;3\r\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("\"x;y\",b,c\n", ","), // a delimiter inside quotes does not count
    ]

    @Test(arguments: delimited)
    func theDelimiterComesFromTheHeader(_ c: (text: String, delimiter: Character)) throws {
        #expect(try CSVTable.read(Data(c.text.utf8), name: "f.csv").delimiter == c.delimiter)
    }

    @Test func bomQuotedLineBreaksAndShortRows() throws {
        let text = "\u{FEFF}id;title;note\r\n1;\"two\r\nlines\";x\r\n2;short\r\n\r\n"
        let t = try CSVTable.read(Data(text.utf8), name: "f.csv")
        #expect(t.header == ["id", "title", "note"])
        #expect(t.rows == [["1", "two\r\nlines", "x"], ["2", "short", ""]])
        #expect(t.rowNumber(1) == 3)
    }

    @Test func notUTF8IsRefused() {
        #expect(throws: CSVTable.Invalid.self) { try CSVTable.read(Data([0x61, 0xFF, 0x0A]), name: "f.csv") }
    }
}
