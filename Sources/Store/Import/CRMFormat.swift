import Foundation
import Pipeline

/// The deal exports `dealboard import` reads, with their real column headers.
public enum CRMFormat: String, CaseIterable, Sendable {
    case pipedrive, hubspot, salesforce
    /// dealboard's own export (`dealboard export`, see `DealExport`).
    case csv

    /// The column of each part of a deal in this format; nil where the export has none.
    public struct Columns: Sendable {
        public var id: String
        public var title: String
        var company: String?
        var owner: String?
        var amount: String?
        var currency: String?
        public var stage: String
        var status: String?
        var created: String?
        var closeDate: String?
        var wonTime: String?
        var lostTime: String?
        var closed: String?
        var lostReason: String?
    }

    public var columns: Columns {
        switch self {
        case .pipedrive:
            return Columns(id: "Deal - ID", title: "Deal - Title", company: "Deal - Organization", owner: "Deal - Owner",
                           amount: "Deal - Value", currency: "Deal - Currency of value", stage: "Deal - Stage", status: "Deal - Status",
                           created: "Deal - Deal created", closeDate: "Deal - Expected close date", wonTime: "Deal - Won time",
                           lostTime: "Deal - Lost time", lostReason: "Deal - Lost reason")
        case .hubspot:
            // HubSpot's Close Date is the expected close date while open and the close date once closed.
            return Columns(id: "Record ID", title: "Deal Name", company: "Associated Company", owner: "Deal owner", amount: "Amount",
                           currency: "Currency", stage: "Deal Stage", created: "Create Date", closeDate: "Close Date",
                           closed: "Close Date", lostReason: "Closed Lost Reason")
        case .salesforce:
            return Columns(id: "Opportunity ID", title: "Opportunity Name", company: "Account Name", owner: "Opportunity Owner",
                           amount: "Amount", currency: "Opportunity Currency", stage: "Stage", created: "Created Date",
                           closeDate: "Close Date", closed: "Close Date", lostReason: "Loss Reason")
        case .csv:
            return Columns(id: "source_id", title: "title", company: "company", owner: "owner", amount: "amount", currency: "currency",
                           stage: "stage", status: "status", created: "created", closeDate: "close_date", closed: "closed",
                           lostReason: "lost_reason")
        }
    }

    /// Columns this format knows and that are not custom fields (the rest are "extra" columns).
    public var knownColumns: Set<String> {
        let c = columns
        var known = Set([c.id, c.title, c.stage] + [c.company, c.owner, c.amount, c.currency, c.status, c.created, c.closeDate,
                                                     c.wonTime, c.lostTime, c.closed, c.lostReason].compactMap { $0 })
        switch self {
        case .pipedrive: known.formUnion(["Deal - Pipeline", "Deal - Probability", "Deal - Contact person"])
        case .hubspot: known.formUnion(["Pipeline", "Last Activity Date"])
        case .salesforce: known.formUnion(["Probability (%)", "Next Step"])
        case .csv: known.formUnion(DealExport.fixedColumns)
        }
        return Set(known.map { $0.lowercased() })
    }

    /// Whether a column is part of the format rather than an extra one.
    public func isKnown(_ column: String) -> Bool {
        let l = column.lowercased()
        if knownColumns.contains(l) { return true }
        switch self {
        case .hubspot: return HubSpotHistory.stage(ofColumn: column) != nil
        case .csv: return l.hasPrefix(DealExport.enteredPrefix) || l.hasPrefix(DealExport.checklistPrefix) || l == DealExport.signalsColumn
        default: return false
        }
    }

    /// The format whose id, title and stage columns the header has.
    public static func detect(_ header: [String]) -> CRMFormat? {
        let names = Set(header.map { $0.lowercased() })
        return allCases.first { f in [f.columns.id, f.columns.title, f.columns.stage].allSatisfy { names.contains($0.lowercased()) } }
    }

    /// Whether this format writes dates month first (`10/31/2026`), as US exports do.
    var monthFirst: Bool { self == .hubspot || self == .salesforce }
}

/// HubSpot's stage history: one `Date entered "<stage>"` column per stage (with the stage's
/// label, sometimes followed by ` (<pipeline>)`).
public enum HubSpotHistory {
    public static func stage(ofColumn column: String) -> String? {
        let prefix = "date entered \""
        guard column.lowercased().hasPrefix(prefix) else { return nil }
        let rest = column.dropFirst(prefix.count)
        guard let end = rest.lastIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
