import Foundation
import Pipeline

/// `dealboard report --format csv`: the review's stage table, one row per stage, with the same
/// figures and roundings as `report --format json`'s `stages` (rates 0–1 to 4 places, days to
/// 2 places, money as machine numbers in the board's currency; empty when there is no data).
public enum ReportCSV {
    public static let header = ["stage", "name", "probability", "deals", "value", "weighted_value", "over_target", "left",
                                "went_forward", "conversion_rate", "stays_ended", "avg_days_in_stage", "median_days_in_stage",
                                "target_days", "currency"]

    public static func stages(_ r: ReviewReport) throws -> String {
        func fixed(_ x: Double?, _ places: Int) -> String {
            guard let x else { return "" }
            let scale = pow(10, Double(places))
            let v = (x * scale).rounded() / scale
            return v == v.rounded() ? String(Int(v)) : String(v)
        }
        let rows = r.stages.map { s in
            [s.key, s.name, "\(s.probability)", "\(s.count)", r.money.machine(s.value), r.money.machine(s.weightedValue),
             "\(s.overTarget)", "\(s.left)", "\(s.wentForward)", fixed(s.conversionRate, 4), "\(s.staysEnded)",
             fixed(s.averageDays, 2), fixed(s.medianDays, 2), s.targetDays.map(String.init) ?? "", r.currency]
        }
        return try CSVText.write(header: header, rows: rows)
    }
}
