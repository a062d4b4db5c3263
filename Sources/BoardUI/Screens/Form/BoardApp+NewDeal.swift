import Foundation
import Pipeline
import Store
import Terminal

/// A new deal in a later column: it enters through the gates of every stage on the way, like a
/// move. Enter on its form creates it when they hold; otherwise the fill-in panel lists what is
/// missing, and what is filled in there (fields, ticks, activities) is kept with the form — in
/// `Form.extras` — until the deal is created with all of it, in one event.
extension BoardApp {
    /// The command that creates the deal: the form's values, and what the panel added on top.
    func creation(_ form: Form, in stage: Stage, force: Bool = false, reason: String? = nil) -> (BoardCommands) throws -> EventDraft {
        let extras = form.extras
        func value(_ key: String) -> String {
            extras.fields.last { $0.key == key }?.value ?? form.entries.first { $0.field.key == key }?.text ?? ""
        }
        var fields: [(String, String)] = []
        for e in form.entries where !BuiltInField.dealProperties.contains(e.field.key) && !extras.fields.contains(where: { $0.key == e.field.key }) {
            if !e.text.isEmpty { fields.append((e.field.key, e.text)) }
        }
        for f in extras.fields where !BuiltInField.dealProperties.contains(f.key) { fields.append((f.key, f.value)) }
        return { try $0.create(title: value("title"), company: value("company"), amount: value("amount"), owner: value("owner"),
                               stage: stage.key, fields: fields, checks: extras.checks, activities: extras.activities, force: force, reason: reason,
                               confirmed: form.confirmed) }
    }

    /// Enter on the new-deal form: the deal is created if the gates on the way hold, else the
    /// fill-in panel opens. Returns an error to keep the form open.
    func saveNewDeal(_ form: inout Form, in stage: Stage) -> String? {
        switch run(creation(form, in: stage)) {
        case .success(let e):
            mode = home
            created(e)
            return nil
        case .failure(.needsConfirmation(let why)):
            // An amount far above the board's usual ones: the same Enter again means it (see `submit(confirming:)`).
            form.confirmed = true
            let message = "Enter again to save: " + why
            say(message, error: true)
            return message
        case .failure(.refused):
            say("gates on the way into \(stage.name) not met: fill in what is missing here, or Esc back to the form")
            openPanel(Panel(deal: 0, purpose: .create(form, stage: stage)))
            return nil
        case .failure(let error): return error.description
        case nil: return status
        }
    }

    func created(_ e: Event) {
        guard let n = store.state.deal(uid: e.id)?.number else { return }
        select(number: n)
        let created = e.created
        let forced = created?.forced == true ? " (forced into \(pipeline.stage(created?.stage ?? "")?.name ?? "?"))" : ""
        // The amount as it was read, so a slip (45 for 45,000) shows at once.
        let amount = store.state.deal(uid: e.id).map { $0.amount.isZero ? "" : " (\(pipeline.money.text($0.amount)))" } ?? ""
        say("created #\(n) \(DealText.oneLine(created?.title ?? ""))\(amount)\(forced)")
    }

    /// The new deal as it would be created now, and the gates on the way it does not pass.
    func prospect(_ form: Form, in stage: Stage) -> (deal: Deal, unmet: [CriterionResult])? {
        let commands = BoardCommands(pipeline: pipeline, state: store.state, user: store.user, now: clock())
        do {
            let draft = try creation(form, in: stage)(commands)
            return (Deal.created(by: draft.stamped(id: "new", timestamp: clock(), user: store.user), number: draft.number ?? 0), [])
        } catch CommandError.refused(let refusal) {
            return refusal.prospect.map { ($0, refusal.unmet) }
        } catch {
            say("\(error)", error: true)
            return nil
        }
    }

    /// Esc in the new deal's panel: back to its form, with everything typed and filled in kept
    /// (a field the form shows takes the panel's value), where Esc asks before discarding it.
    func backToForm(_ form: Form) {
        var f = form
        for (i, e) in f.entries.enumerated() {
            if let v = f.extras.fields.last(where: { $0.key == e.field.key })?.value { f.entries[i].text = v }
        }
        f.extras.fields.removeAll { k in f.entries.contains { $0.field.key == k.key } }
        f.error = nil
        f.confirmDiscard = false
        mode = f
        let x = f.extras
        let kept = [(x.checks.count, "tick"), (x.fields.count, "value"), (x.activities.count, "activity")].filter { $0.0 > 0 }
            .map { n, what in "\(n) \(what == "activity" && n > 1 ? "activities" : n > 1 ? what + "s" : what)" }
        say("back to the form" + (kept.isEmpty ? "" : " (kept from the panel: " + kept.joined(separator: ", ") + ")") + ": Enter checks the gates again, Esc cancels")
    }

    /// Makes a row of the new deal's panel good: a field's value, a tick, an activity — kept in
    /// the form's extras; the panel is built again (and the deal created once all hold).
    func actOnNewDeal(_ p: Panel, _ kind: Panel.RowKind, _ form: Form, _ stage: Stage) {
        func with(_ change: (inout NewDealExtras) -> Void) -> Panel {
            var f = form
            change(&f.extras)
            var next = p
            next.purpose = .create(f, stage: stage)
            return next
        }
        let back: () -> Void = { [unowned self] in mode = p }
        switch kind {
        case .field(let key):
            guard let field = pipeline.field(key) else { return }
            let current = prospect(form, in: stage)?.deal.value(key) ?? ""
            let set: (String) -> Void = { [unowned self] text in
                mode = home
                say("\(field.label) " + (text.isEmpty ? "cleared" : "set") + " for the new deal")
                rebuild(with { $0.fields.removeAll { $0.key == key }; $0.fields.append((key, text)) })
            }
            if let options = Form.options(field) {
                let labels = options.map { $0.isEmpty ? "(not set)" : $0 }
                mode = Picker(title: "New deal: \(field.label)", options: labels, selected: options.firstIndex(of: current) ?? 0,
                                      pick: { i in set(options[i]) }, cancelled: back)
                return
            }
            let money = pipeline.money
            let entry = Form.Entry(field: field, text: "", original: current)
            let hint = field.type == .date ? "YYYY-MM-DD (typing replaces the date shown); empty clears" : "\(field.type.expectation); empty clears; Ctrl-E: $EDITOR"
            mode = Prompt(title: "New deal: \(field.label)", text: current, hint: hint, replaceOnType: field.type == .date, submit: { text in
                var e = entry
                e.text = text
                if let problem = Form.problem(e, money: money, final: true) { return problem }
                set(text)
                return nil
            }, validate: { text in
                var e = entry
                e.text = text
                return Form.problem(e, money: money)
            }, cancelled: back, guardsInput: true)
        case .check(let key, let checked):
            let label = pipeline.checkLabel(key) ?? key
            say((checked ? "unticked" : "ticked") + " \"\(label)\" for the new deal")
            rebuild(with { extras in
                if checked { extras.checks.removeAll { $0 == key } } else if !extras.checks.contains(key) { extras.checks.append(key) }
            })
        case .activity(let kind):
            mode = Prompt(title: "New deal: \(kind.rawValue) — what happened?", hint: "logged with the deal when it is created · Ctrl-E: $EDITOR · Esc to cancel",
                                  submit: { [unowned self] text in
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "say what happened" }
                mode = home
                say("\(kind.rawValue) noted: it is logged with the new deal")
                rebuild(with { $0.activities.append((kind.rawValue, text)) })
                return nil
            }, cancelled: back, guardsInput: true)
        case .confirm:
            complete(p)
        case .stage, .heading, .note:
            break
        }
    }

    /// Creates the deal the panel was opened for. On an error (a value refused meanwhile) the
    /// form comes back with it, nothing typed lost; refused by the gates (the rules changed
    /// meanwhile), the panel stays.
    func createFromPanel(_ p: Panel, _ form: Form, _ stage: Stage, force: Bool = false, reason: String? = nil) -> Bool {
        switch run(creation(form, in: stage, force: force, reason: reason)) {
        case .success(let e):
            mode = home
            created(e)
            return true
        case .failure(.refused):
            return false
        case .failure(let error):
            var f = form
            f.error = error.description
            mode = f
            return true
        case nil:
            var f = form
            f.error = status
            mode = f
            return true
        }
    }

    /// `F` in the new deal's panel: a manager's forced entry, with a reason, recorded as such.
    func forceNewDeal(_ p: Panel, _ form: Form, _ stage: Stage) {
        mode = Prompt(title: "Force the new deal into \(stage.name) past unmet criteria — reason", hint: "recorded with the deal; Enter to force, Esc back to the panel",
                              submit: { [unowned self] reason in
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { return "a forced entry needs a reason" }
            if createFromPanel(p, form, stage, force: true, reason: reason) { return nil }
            return status
        }, cancelled: { [unowned self] in mode = p }, guardsInput: true)
    }
}
