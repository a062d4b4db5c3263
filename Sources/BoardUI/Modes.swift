import Foundation
import Pipeline

/// A one-line text input (a reason, a field value, the filter). Typed text is never thrown
/// away silently: Esc on non-empty text asks once more.
struct Prompt {
    var title: String
    var text: String = ""
    var hint: String = ""
    var error: String?
    var confirmDiscard = false
    /// The user changed the text (a pre-filled value left as it was is not "typed input").
    var typed = false
    /// The first key typed replaces a pre-filled value instead of adding to it (a date).
    var replaceOnType = false
    /// Called with the text on Enter; returns an error message to keep the prompt open.
    var submit: (String) -> String?
    /// Checks the text as it is typed; the message shows under it at once.
    var validate: ((String) -> String?)?
    /// Called on every change (the live filter).
    var changed: ((String) -> Void)?
    var cancelled: (() -> Void)?
    /// Part of a new deal's fill-in panel: quitting here would lose the deal's form.
    var guardsInput = false
}

/// Several fields at once (new deal, edit a deal), each checked as it is typed: money, dates,
/// numbers and choices say at once what is wrong, and the form cannot be saved until they are right.
struct Form {
    struct Entry {
        var field: FieldDefinition
        var text: String
        /// What the form opened with: an edit writes only the fields that changed.
        var original: String
        var required = false
        /// The latest day a date may be (an activity happened, so not after today).
        var latest: Day?
        /// The earliest day a date may be (an activity on a deal: the day it was created).
        var earliest: Day?
    }

    var title: String
    var entries: [Entry]
    /// The board's currency and number style: how money and number fields are read.
    var money: MoneyFormat
    var focus = 0
    var scroll = 0
    /// A problem with the whole form (from the command that saves it).
    var error: String?
    var confirmDiscard = false
    /// A value far outside the board's usual amounts was shown to the user: Enter again
    /// writes it (typing anything asks again).
    var confirmed = false
    /// Saves; returns an error to keep the form open (and may update the form, e.g. with what
    /// someone else changed meanwhile).
    var save: (inout Form) -> String?
    /// A new deal's: what its fill-in panel added (the form's own fields hold the rest).
    var extras = NewDealExtras()

    var changed: Bool { entries.contains { $0.text != $0.original } || !extras.isEmpty }

    /// The error of one entry as it stands, or nil. While typing, a date is only judged once
    /// it could be complete (ten characters, or a character no date has); on saving (`final`)
    /// every value must be right.
    static func problem(_ e: Entry, money: MoneyFormat, final: Bool = false) -> String? {
        let text = e.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return e.required ? "needed" : nil }
        if !final, case .date = e.field.type, text.count < 10, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) { return nil }
        if case .failure(let error) = e.field.canonicalValue(text, money: money) {
            // "45." on the way to "45.000": wait for the rest before saying it is wrong.
            if !final, error.incomplete { return nil }
            // Money says what it read and what to type instead ("did you mean 12000 or 12?").
            return error.reason ?? "expected " + e.field.expectation(money: money)
        }
        if let latest = e.latest, let day = Day(iso: text), day > latest { return "not after today (\(latest))" }
        if let earliest = e.earliest, let day = Day(iso: text), day < earliest { return "not before the deal was created (\(earliest))" }
        return nil
    }

    var firstProblem: Int? { entries.firstIndex { Form.problem($0, money: money, final: true) != nil } }

    /// Choices a choice or yes/no field cycles through ("" first, not set, unless required).
    static func options(_ f: FieldDefinition, required: Bool = false) -> [String]? {
        let unset = required ? [] : [""]
        switch f.type {
        case .choice(let list): return unset + list
        case .yesNo: return unset + ["yes", "no"]
        default: return nil
        }
    }
}

/// What the fill-in panel of a new deal adds to its form before the deal exists: fields set,
/// checks ticked and activities logged there. Kept with the form, so going back to the form and
/// on to the panel again loses none of it; written with the deal's creation, in one event.
struct NewDealExtras {
    var fields: [(key: String, value: String)] = []
    var checks: [String] = []
    var activities: [(kind: String, text: String)] = []

    var isEmpty: Bool { fields.isEmpty && checks.isEmpty && activities.isEmpty }
}

/// A choice from a short list (loss reason, activity kind, field to edit).
struct Picker {
    var title: String
    var options: [String]
    var selected = 0
    var pick: (Int) -> Void
    var cancelled: (() -> Void)?
    /// A digit or a letter only moves the choice; Enter makes it. For what cannot be taken
    /// back with one key (marking a deal lost), so a stray digit never does it.
    var confirmWithEnter = false
    /// The keys line under the options (default: "Enter choose · Esc cancel").
    var hint: String?
}

/// The fill-in panel: opened when a move is refused (or with `c` to tick checks). It lists every
/// unmet criterion with what it needs; the rows under it are actions that make it good in place.
struct Panel {
    enum Purpose {
        case move(BoardCommands.MoveTarget, targetName: String)
        case won
        case checks
        /// A new deal that does not pass the gates on the way into `stage` yet: the form it came
        /// from (with what the panel adds, in its `extras`), created once they hold.
        case create(Form, stage: Stage)
    }

    enum RowKind: Equatable {
        /// The stage whose exit the criteria below guard (a move or a new deal passes several).
        case stage
        case heading(met: Bool)
        case field(String)
        case check(String, checked: Bool)
        case activity(ActivityKind)
        case note
        /// Everything is met (by someone else's change): Enter makes the move.
        case confirm
    }

    struct Row {
        var text: String
        var kind: RowKind
        var actionable: Bool {
            switch kind {
            case .stage, .heading, .note: return false
            default: return true
            }
        }
    }

    var deal: Int
    var purpose: Purpose
    /// The stage the deal was in when the panel opened: if someone else moves it meanwhile,
    /// the panel closes instead of moving it again from its new stage.
    var fromStage: String = ""
    var rows: [Row] = []
    var selected = 0
    var scroll = 0
}

/// Which figures the review screen counts flow over; `t` cycles through them.
enum ReviewWindow: CaseIterable {
    case week, month, quarter, sinceLastReview

    var label: String {
        switch self {
        case .week: return "last 7 days"
        case .month: return "last 30 days"
        case .quarter: return "last 90 days"
        case .sinceLastReview: return "since the last review"
        }
    }

    func period(now: Date, lastReview: Date?, zone: BoardTimeZone) -> ReviewPeriod {
        switch self {
        case .week: return .lastDays(7, now: now, zone: zone)
        case .month: return .lastDays(30, now: now, zone: zone)
        case .quarter: return .lastDays(90, now: now, zone: zone)
        case .sinceLastReview:
            guard let last = lastReview, last < now else { return .lastDays(7, now: now, zone: zone) }
            return .upToNow(since: last, now: now)
        }
    }
}

/// The review screen: the report as lines, with a cursor line (Enter on a stuck deal starts the walk).
struct Review {
    var window: ReviewWindow = .week
    var cursor = 0
    var scroll = 0
}

/// One stuck deal at a time, in the order of the list the walk started from.
struct Walk {
    var deals: [Int]
    var index: Int
    var scroll = 0
    /// The review screen to go back to.
    var review: Review
    var current: Int { deals[index] }
}

/// A message too long for the status line (an undo refused, naming who did what): read it,
/// then Enter or Esc goes back. It asks nothing.
struct Notice {
    var title: String
    var lines: [String]
}

enum Mode {
    case board
    case help(scroll: Int)
    case detail(number: Int, scroll: Int)
    case panel(Panel)
    case prompt(Prompt)
    case picker(Picker)
    case review(Review)
    case walk(Walk)
    case form(Form)
    case notice(Notice)
}
