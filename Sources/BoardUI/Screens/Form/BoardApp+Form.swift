import Foundation
import Pipeline
import Store
import Terminal

/// The new-deal and edit forms.
extension BoardApp {
    func newDeal() {
        let stage = currentStage
        guard stage.isOpen else { return say("new deals start in an open stage; select one first", error: true) }
        func entry(_ f: FieldDefinition, _ text: String = "", required: Bool = false) -> Form.Entry {
            Form.Entry(field: f, text: text, original: text, required: required)   // pre-filled is not typed
        }
        let entries = [entry(BuiltInField.title, required: true), entry(BuiltInField.company), entry(BuiltInField.amount),
                       entry(BuiltInField.closeDate), entry(BuiltInField.owner, store.user)]
        // Past the first stage, Enter checks the gates on the way and opens the fill-in panel for what is missing.
        let gates = stage.key == pipeline.firstStage.key ? "" : " (the gates on the way are checked)"
        say("New deal: Enter saves\(gates); Tab: next field")
        mode = Form(title: "New deal in \(stage.name)", entries: entries, money: pipeline.money, save: { [unowned self] (form: inout Form) in
            saveNewDeal(&form, in: stage)
        })
    }

    func editSelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        let entries = pipeline.allFields.map { f in Form.Entry(field: f, text: formText(d, f), original: formText(d, f), required: f.key == "title" || f.key == "owner") }
        say("Edit #\(d.number): Enter saves what you changed; Tab: next field")
        mode = Form(title: "Edit #\(d.number) \(DealText.oneLine(d.title))", entries: entries, money: pipeline.money, save: { [unowned self] form in
            let changes = form.entries.filter { $0.text != $0.original }.map { ($0.field.key, $0.text) }
            guard !changes.isEmpty else {
                mode = home
                say("#\(d.number): no change")
                return nil
            }
            // Someone else changed a field this user changed too, since the form opened: say so
            // and show theirs, instead of silently writing over it; Enter again keeps ours.
            // Checked under the lock, against the board as it is now.
            let entries = form.entries
            var clashes: [(index: Int, theirs: String)] = []
            let result = submit(confirming: &form.confirmed, { commands, confirmed in
                guard let now = commands.state.deal(number: d.number) else { throw CommandError.noSuchDeal(d.number) }
                for (i, e) in entries.enumerated() where e.text != e.original && formText(now, e.field) != e.original {
                    clashes.append((i, formText(now, e.field)))
                }
                if !clashes.isEmpty {
                    let what = clashes.map { c in "\(entries[c.index].field.label) → " + (c.theirs.isEmpty ? "empty" : "\"\(DealText.oneLine(c.theirs))\"") }
                    throw CommandError.invalid("Enter again saves yours; changed meanwhile: " + what.joined(separator: ", "))
                }
                return try commands.edit(d.number, assignments: changes, confirmed: confirmed)
            }) { [unowned self] e in
                // What was written: a value typed differently but the same (12k for 12000) is not.
                let set = e.edited?.set ?? []
                if set.count == 1, let field = pipeline.field(set[0].key) {
                    say(setMessage(d.number, field, cleared: set[0].value.string?.isEmpty ?? true))
                } else {
                    say("#\(d.number): \(set.count) fields changed")
                }
            }
            for c in clashes { form.entries[c.index].original = c.theirs }
            return result
        })
    }

}
