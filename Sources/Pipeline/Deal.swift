import Foundation

/// A deal as the fold of its events.
public struct Deal: Equatable, Sendable {
    /// Stable id: the id of the `deal.created` event.
    public var uid: String
    /// The short number people type (`dealboard show 7`).
    public var number: Int
    public var title: String
    public var company: String
    public var owner: String
    /// The deal's value; zero when none was entered.
    public var amount: Money
    public var stage: String
    public var createdAt: Date
    public var createdBy: String
    /// Fields, checks, stays and tracked changes; packed while nobody changed them since a
    /// snapshot (see `DealDetails`).
    public internal(set) var details: DealDetails
    /// Other fields by key, as canonical text (see `FieldDefinition.canonicalValue`).
    /// Keys the pipeline no longer declares are kept.
    public var fields: [String: String] {
        get { details.packed == nil ? details.decoded.fields : details.parts.fields }
        set {
            details.unpack()
            details.decoded.fields = newValue
        }
        _modify {
            details.unpack()
            yield &details.decoded.fields
        }
    }
    /// Ticked checks and buyer signals: key → when last ticked (re-confirmed).
    public var checks: [String: Date] {
        get { details.packed == nil ? details.decoded.checks : details.parts.checks }
        set {
            details.unpack()
            details.decoded.checks = newValue
        }
        _modify {
            details.unpack()
            yield &details.decoded.checks
        }
    }
    /// Oldest first; packed while nobody changed them since a snapshot (see `ActivityLog`).
    public var activityLog: ActivityLog
    public var activities: [Activity] {
        get { activityLog.all }
        set { activityLog = ActivityLog(newValue) }
        _modify {
            // Taken out first, so the array is the only reference to its storage and an append
            // does not copy it.
            var list = activityLog.all
            activityLog = ActivityLog()
            defer { activityLog = ActivityLog(list) }
            yield &list
        }
    }
    /// Every stay in a stage, oldest first; the last one is the current stage.
    public var history: [StageVisit] {
        get { details.packed == nil ? details.decoded.history : details.parts.history }
        set {
            details.unpack()
            details.decoded.history = newValue
        }
        _modify {
            details.unpack()
            yield &details.decoded.history
        }
    }
    public var updatedAt: Date
    /// Set when the creation is undone: the deal is gone from the board, its events stay.
    public var deleted: Bool = false
    /// Changes of the fields the weekly review reports on (amount, close date), oldest first.
    public var fieldChanges: [FieldChange] {
        get { details.packed == nil ? details.decoded.fieldChanges : details.parts.fieldChanges }
        set {
            details.unpack()
            details.decoded.fieldChanges = newValue
        }
        _modify {
            details.unpack()
            yield &details.decoded.fieldChanges
        }
    }

    /// The same deal with nothing left packed: for code that reads every part of a deal many
    /// times (show, export), so each part is decoded once, not once per look.
    public var unpacked: Deal {
        var d = self
        d.details.unpack()
        if d.activityLog.isPacked { d.activityLog = ActivityLog(d.activityLog.all) }
        return d
    }

    /// The stays and tracked changes, decoded once, the rest left packed: what the weekly review
    /// reads of every deal. It reads a field or two of some (from the bytes), and of the
    /// activities only their latest time, kept beside them: decoding a million activities of a
    /// 100,000-deal board made its report a third slower, and every deal's fields and checks
    /// into dictionaries a fifth of what remained.
    var staysAndChanges: (history: [StageVisit], fieldChanges: [FieldChange]) {
        guard let p = details.packed else { return (details.decoded.history, details.decoded.fieldChanges) }
        return p.block.decodeStays(offset: p.offset, length: p.length)
    }

    public init(uid: String, number: Int, title: String, company: String, owner: String, amount: Money,
                stage: String, createdAt: Date, createdBy: String, fields: [String: String] = [:]) {
        let first = StageVisit(stage: stage, enteredAt: createdAt, eventID: uid, by: createdBy, move: .created)
        self.init(uid: uid, number: number, title: title, company: company, owner: owner, amount: amount, stage: stage,
                  createdAt: createdAt, createdBy: createdBy, details: DealDetails(DealDetails.Parts(fields: fields, history: [first])),
                  activityLog: ActivityLog(), updatedAt: createdAt, deleted: false)
    }

    /// Every part at once, as a snapshot holds them (no first stay made only to be replaced).
    init(uid: String, number: Int, title: String, company: String, owner: String, amount: Money, stage: String,
         createdAt: Date, createdBy: String, details: DealDetails, activityLog: ActivityLog, updatedAt: Date, deleted: Bool) {
        self.uid = uid
        self.number = number
        self.title = title
        self.company = company
        self.owner = owner
        self.amount = amount
        self.stage = stage
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.details = details
        self.activityLog = activityLog
        self.updatedAt = updatedAt
        self.deleted = deleted
    }

    /// When the deal entered its current stage.
    public var enteredStageAt: Date { details.enteredStageAt ?? createdAt }

    /// The latest moment someone worked the deal: its creation or the last time an activity
    /// was logged. When it was *logged*, not the date typed for it: back-dating a note must
    /// not make a quiet deal look fresh (stale and dormant badges).
    public var lastActivityAt: Date {
        activityLog.latestLoggedAt.map { max(createdAt, $0) } ?? createdAt
    }

    /// The value of any field, built-in or custom, as canonical text ("" when empty).
    public func value(_ key: String) -> String {
        switch key {
        case "title": return title
        case "company": return company
        case "owner": return owner
        case "amount": return amount.isZero ? "" : amount.canonical
        default: return details.field(key) ?? ""
        }
    }

    public func isChecked(_ key: String) -> Bool { details.checkedAt(key) != nil }

    /// When a check or signal was last ticked; nil when it is not ticked.
    public func checkedAt(_ key: String) -> Date? { details.checkedAt(key) }

    /// Calendar days since the deal entered its stage, counted in the board's days.
    public func daysInStage(now: Date, in zone: BoardTimeZone) -> Int { max(0, zone.day(now) - zone.day(enteredStageAt)) }
}

/// A call, email, meeting or note.
public struct Activity: Equatable, Sendable {
    public var id: String
    /// The kind as written; unknown kinds from newer versions are kept as text.
    public var kind: String
    public var text: String
    /// When it happened (may be back-dated with `--date`).
    public var date: Date
    /// When it was logged, and in which stage the deal was then.
    public var loggedAt: Date
    public var stage: String
    public var by: String

    public init(id: String, kind: String, text: String, date: Date, loggedAt: Date, stage: String, by: String) {
        self.id = id
        self.kind = kind
        self.text = text
        self.date = date
        self.loggedAt = loggedAt
        self.stage = stage
        self.by = by
    }
}

/// One stay of a deal in a stage.
public struct StageVisit: Equatable, Sendable {
    public enum Move: String, Sendable {
        case created, forward, back, won, lost, reopen
    }

    public var stage: String
    public var enteredAt: Date
    /// The event that moved the deal here.
    public var eventID: String
    public var by: String
    public var move: Move
    public var reason: String?
    /// A manager moved the deal although exit criteria were unmet.
    public var forced: Bool = false
    public var unmet: [String] = []
    /// "imported from pipedrive, row 12": the stay was recorded by an import (file text: show it safely).
    public var imported: String?

    public init(stage: String, enteredAt: Date, eventID: String, by: String, move: Move, reason: String? = nil, forced: Bool = false, unmet: [String] = [],
                imported: String? = nil) {
        self.imported = imported
        self.stage = stage
        self.enteredAt = enteredAt
        self.eventID = eventID
        self.by = by
        self.move = move
        self.reason = reason
        self.forced = forced
        self.unmet = unmet
    }
}

/// A change of a tracked field: what the weekly review lists as "amount changed" and
/// "close date slipped".
public struct FieldChange: Equatable, Sendable {
    /// The fields whose changes are kept; the others change the deal without a trace here
    /// (the journal has them all).
    public static let tracked: Set<String> = ["amount", "close_date"]

    public var key: String
    public var from: String
    public var to: String
    public var at: Date
    public var by: String

    public init(key: String, from: String, to: String, at: Date, by: String) {
        self.key = key
        self.from = from
        self.to = to
        self.at = at
        self.by = by
    }
}
