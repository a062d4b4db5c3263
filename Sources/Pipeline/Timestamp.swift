import Foundation

/// The journal's timestamp format: UTC, millisecond precision, fixed width —
/// `2026-11-23T09:34:58.123Z`.
///
/// Replay converts one of these per event; `ISO8601DateFormatter` costs several microseconds
/// each, which alone would blow the open-time budget on a 100,000-event board, so the fixed
/// shape is parsed by position.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let totalMs = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let ms = Int(((totalMs % 1000) + 1000) % 1000)
        let secs = (totalMs - Int64(ms)) / 1000
        let days = Int((secs >= 0 ? secs : secs - 86_399) / 86_400)
        let rem = Int(secs - Int64(days) * 86_400)
        let c = Day.civilFromDays(days)
        let d = Day.digits
        return d(c.year, 4) + "-" + d(c.month, 2) + "-" + d(c.day, 2) + "T" + d(rem / 3600, 2) + ":" + d((rem / 60) % 60, 2) + ":"
            + d(rem % 60, 2) + "." + d(ms, 3) + "Z"
    }

    /// Parses our own format, and the other ISO 8601 shapes a hand-edited journal line may hold:
    /// `2026-11-23` (midnight UTC), `2026-11-23T09:34`, `…:58`, `…:58Z`, `…+01:00` (an offset
    /// no zone has, beyond ±14:00, is not a time). What people type goes through `TypedTime`,
    /// which reads times in the board's zone and says what is wrong.
    public static func parse(_ text: some StringProtocol) -> Date? {
        // Our own fixed shape, parsed straight from the UTF-8 view: the replay hot path.
        if let fast = text.utf8.withContiguousStorageIfAvailable(parseJournalShape), let date = fast { return date }
        var bytes = Array(text.utf8)
        if bytes.count == 10 { // a plain date means the start of that day, UTC
            guard let day = Day(iso: text) else { return nil }
            return day.utcStart
        }
        // Time-zone suffix.
        var offsetSeconds = 0
        if bytes.last == UInt8(ascii: "Z") {
            bytes.removeLast()
        } else if bytes.count >= 6, bytes[bytes.count - 3] == UInt8(ascii: ":"),
                  bytes[bytes.count - 6] == UInt8(ascii: "+") || bytes[bytes.count - 6] == UInt8(ascii: "-") {
            let sign = bytes[bytes.count - 6] == UInt8(ascii: "-") ? -1 : 1
            guard let h = digits(bytes, bytes.count - 5, 2), let m = digits(bytes, bytes.count - 2, 2),
                  m < 60, h * 60 + m <= TypedTime.maxOffsetMinutes else { return nil }
            offsetSeconds = sign * (h * 3600 + m * 60)
            bytes.removeLast(6)
        }
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"),
              let y = digits(bytes, 0, 4), let mo = digits(bytes, 5, 2), let d = digits(bytes, 8, 2),
              let h = digits(bytes, 11, 2), let mi = digits(bytes, 14, 2),
              h < 24, mi < 60,
              let day = Day(year: y, month: mo, day: d) else { return nil }
        var seconds = 0
        var millis = 0
        if bytes.count > 16 {
            guard bytes.count >= 19, bytes[16] == UInt8(ascii: ":"), let s = digits(bytes, 17, 2), s < 61 else { return nil }
            seconds = s
            if bytes.count > 19 {
                let n = bytes.count - 20
                guard bytes[19] == UInt8(ascii: "."), n > 0, digits(bytes, 20, n) != nil,
                      let ms = digits(bytes, 20, min(n, 3)) else { return nil }
                // Keep milliseconds only: the journal's precision.
                millis = n == 1 ? ms * 100 : n == 2 ? ms * 10 : ms
            }
        }
        let total = Double(day.index) * 86_400 + Double(h * 3600 + mi * 60 + seconds - offsetSeconds) + Double(millis) / 1000
        return Date(timeIntervalSince1970: total)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly, or nil (then the general parser decides).
    private static func parseJournalShape(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 46, b[23] == 90 else { return nil }
        guard let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2), let h = digits(b, 11, 2),
              let mi = digits(b, 14, 2), let s = digits(b, 17, 2), let ms = digits(b, 20, 3),
              (1...12).contains(mo), d >= 1, d <= Day.daysIn(month: mo, year: y), h < 24, mi < 60, s < 61 else { return nil }
        let days = Day.daysFromCivil(y, mo, d)
        return Date(timeIntervalSince1970: Double(days) * 86_400 + Double(h * 3600 + mi * 60 + s) + Double(ms) / 1000)
    }

    private static func digits<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, _ start: Int, _ count: Int) -> Int? where Bytes.Index == Int {
        guard start + count <= b.count, count > 0 else { return nil }
        var v = 0
        for i in start..<(start + count) {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}
