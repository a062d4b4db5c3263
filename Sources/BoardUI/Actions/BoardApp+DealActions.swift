import Foundation
import Pipeline
import Store
import Terminal

extension BoardApp {
    /// Runs a command through the store protocol (lock, catch up, validate, append).
    /// Errors go to the status line; a refusal is returned for the fill-in panel.
    @discardableResult
    func run(_ build: (BoardCommands) throws -> EventDraft) -> Result<Event, CommandError>? {
        do {
            // What the store did on its own meanwhile (a torn line set aside) is said by the
            // next `tick`, in the status line, after this command's own message, not under it.
            return .success(try store.perform(now: clock(), build))
        } catch let e as CommandError {
            if case .refused = e { return .failure(e) }
            // Nothing to change is no error: said plainly, and nothing was written.
            if case .unchanged = e { say(e.description); return .failure(e) }
            say(e.description, error: true)
            return .failure(e)
        } catch {
            say("\(error)", error: true)
            return nil
        }
    }

    /// For a prompt's Enter: runs the command; on success leaves the prompt and calls `done`,
    /// otherwise returns the error so the prompt stays open with what was typed. A value the
    /// deal already has leaves the prompt too ("no change"), then calls `unchanged`.
    func submit(_ build: (BoardCommands) throws -> EventDraft, unchanged: (() -> Void)? = nil, done: (Event) -> Void) -> String? {
        finish(run(build), unchanged: unchanged, done: done)
    }

    /// Runs a command that may write a value far outside the board's usual amounts (more than
    /// 100× the largest open deal): the first time it is refused with why, `confirmed` is set,
    /// and the same Enter again writes it — what `--yes` does on the command line.
    func submit(confirming confirmed: inout Bool, _ build: (BoardCommands, Bool) throws -> EventDraft,
                unchanged: (() -> Void)? = nil, done: (Event) -> Void) -> String? {
        let already = confirmed
        let result = run({ try build($0, already) })
        if case .failure(.needsConfirmation(let why)) = result {
            confirmed = true
            // The key first: a long amount must not push it off a narrow form.
            let message = "Enter again to save: " + why
            say(message, error: true)
            return message
        }
        return finish(result, unchanged: unchanged, done: done)
    }

    /// What a prompt does with a command's result: done leaves it, "no change" leaves it too,
    /// an error keeps it open with the message.
    private func finish(_ result: Result<Event, CommandError>?, unchanged: (() -> Void)?, done: (Event) -> Void) -> String? {
        switch result {
        case .success(let e):
            mode = home
            done(e)
            return nil
        case .failure(.unchanged(let message)):
            mode = home
            unchanged?()
            say(message)
            return nil
        case .failure(let err): return err.description
        case nil: return status
        }
    }

    /// A field's value as a form shows it for editing: money in the board's style (`45.000` on a
    /// `1.234,56` board), so it reads back as the same amount; everything else as stored.
    func formText(_ d: Deal, _ f: FieldDefinition) -> String {
        let raw = d.value(f.key)
        guard f.type == .money, let m = Money(canonical: raw), !raw.isEmpty else { return raw }
        return pipeline.money.input(m)
    }

    /// "Amount set to €45.000": a money value is said as it was read, so a slip shows at once.
    func setMessage(_ number: Int, _ field: FieldDefinition, cleared: Bool) -> String {
        if cleared { return "#\(number): \(field.label) cleared" }
        guard field.type == .money, let d = store.state.deal(number: number) else { return "#\(number): \(field.label) set" }
        return "#\(number): \(field.label) set to \(DealText.value(d.value(field.key), of: field, pipeline))"
    }

    func moved(_ e: Event) {
        let move = e.moved
        say("#\(e.number ?? 0) moved " + (move?.summary(by: e.user, in: pipeline) ?? "?"))
        // Follow a deal to its next stage; one that closed (won, lost) leaves the column you
        // are working, and the selection stays there.
        let closed = move?.to.flatMap { pipeline.stage($0) }?.isClosed ?? false
        if let n = e.number, !closed { select(number: n) } else { reselect() }
    }

    func moveSelected(_ target: BoardCommands.MoveTarget) {
        guard let d = actingDeal else { return say("no deal selected") }
        if case .next = target, pipeline.stage(d.stage) == nil { return rehome(d) }
        guard let next = pipeline.nextStage(after: d.stage) else { return say("#\(d.number) is in the last stage") }
        switch run({ try $0.move(d.number, to: target, reason: nil, force: false, from: d.stage) }) {
        case .success(let e): moved(e)
        case .failure(.refused(let refusal)): openPanel(Panel(deal: d.number, purpose: .move(target, targetName: next.name), refusal: refusal))
        default: if let n = selectedNumber, store.state.deal(number: n) != nil { select(number: n) }
        }
    }

    /// A deal in a stage pipeline.toml no longer has: pick the stage it belongs in (its gates
    /// are checked, and a refusal opens the fill-in panel as usual).
    func rehome(_ d: Deal) {
        let open = pipeline.stages.filter(\.isOpen)
        mode = Picker(title: "#\(d.number) is in \"\(d.stage)\", which pipeline.toml no longer has: move it to", options: open.map(\.name), pick: { [unowned self] i in
            mode = home
            let target = open[i]
            switch run({ try $0.move(d.number, to: .stage(target.key), reason: nil, force: false) }) {
            case .success(let e): moved(e)
            case .failure(.refused(let refusal)): openPanel(Panel(deal: d.number, purpose: .move(.stage(target.key), targetName: target.name), refusal: refusal))
            default: break
            }
        })
    }

    func moveBackSelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        if pipeline.stage(d.stage) == nil { return rehome(d) }
        // Back from Won or Lost is a reopen: to the open stage the deal closed from, no reason asked.
        if pipeline.stage(d.stage)?.isClosed == true {
            if case .success(let e) = run({ try $0.reopen(d.number) }) {
                moved(e)
                say("#\(d.number) reopened in \(pipeline.stage(e.moved?.to ?? "")?.name ?? "?")")
            }
            return
        }
        guard let prev = pipeline.previousStage(before: d.stage) else { return say("#\(d.number) is already in the first stage") }
        let go: (String) -> String? = { [unowned self] reason in
            submit({ try $0.move(d.number, to: .back, reason: reason, force: false, from: d.stage) }, done: moved)
        }
        if pipeline.backMoveNeedsReason {
            mode = Prompt(title: "Why does #\(d.number) go back to \(prev.name)?", hint: "Enter to move, Esc to cancel", submit: { text in
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return "a back move needs a reason" }
                return go(text)
            })
        } else {
            _ = go("")
        }
    }

    func wonSelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        switch run({ try $0.won(d.number, reason: nil, force: false, from: d.stage) }) {
        case .success(let e): moved(e)
        case .failure(.refused(let refusal)): openPanel(Panel(deal: d.number, purpose: .won, refusal: refusal))
        default: break
        }
    }

    func lostSelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        guard pipeline.stage(d.stage)?.isOpen ?? false else { return say("#\(d.number) is already closed; reopen it with: dealboard reopen \(d.number)", error: true) }
        // Which deal, by number and title, and Enter to do it: a digit alone only picks the reason.
        let count = pipeline.lossReasons.count
        let dot = " \(glyphs.dot) "
        let keys = "\(glyphs.upDown) or 1\(glyphs.unicode ? "–" : "-")\(min(9, count)) pick the reason\(dot)"
            + keymap.hints([(.open, "marks #\(d.number) lost"), (.cancel, "cancel")], in: .panel, glyphs, separator: dot)
        mode = Picker(title: "Mark #\(d.number) \(DealText.oneLine(d.title)) lost — why?", options: pipeline.lossReasons, pick: { [unowned self] i in
            mode = home
            if case .success(let e) = run({ try $0.lost(d.number, reason: pipeline.lossReasons[i], from: d.stage) }) { moved(e) }
        }, confirmWithEnter: true, hint: keys)
    }

    /// `u`. Undo never takes away someone else's work: when others have worked on the deal
    /// since the change, it is refused here as on the command line (no "undo anyway"), and a
    /// box says who did what — the status line is too short for it — and what to do instead.
    func undo() {
        switch run({ try $0.undo() }) {
        case .success(let e):
            say((e.undo?.summary ?? "undone").replacingOccurrences(of: "undo ", with: "undid the ", options: .anchored))
            if let n = e.number, store.state.deal(number: n) != nil { select(number: n) }
        case .failure(.notPermitted):
            // The refusal was judged on the state just caught up under the lock; the same
            // state says who did what.
            guard let block = BoardCommands(pipeline: pipeline, state: store.state, user: store.user, now: clock()).undoBlock() else { return }
            say("not undone: " + block.work.map(\.user).joined(separator: ", ") + " worked on #\(block.deal) since", error: true)
            if home is BoardScreen { select(number: block.deal) }
            let instead = block.instead.prefix(1).uppercased() + block.instead.dropFirst()
            mode = Notice(title: "Cannot undo \(block.undoing)",
                                  lines: ["Others have worked on #\(block.deal) since; undo never takes their work away:"]
                                      + block.work.map { "• " + block.line($0) }
                                      + ["", instead + "."])
        default:
            break
        }
    }

    func openFilter() {
        mode = Prompt(title: "Filter", text: filter, hint: "matches title, company, owner, #number — Enter keeps it, Esc clears",
                              submit: { [unowned self] _ in mode = home; return nil },
                              changed: { [unowned self] text in filter = text; reselect(); followMatches() },
                              cancelled: { [unowned self] in filter = ""; reselect() })
    }

    func editField(_ number: Int, _ field: FieldDefinition, then: (() -> Void)? = nil, cancelled: (() -> Void)? = nil) {
        let current = store.state.deal(number: number).map { formText($0, field) } ?? ""
        // The text last refused as far outside the usual amounts: Enter on it again writes it.
        var warned: String?
        let set: (String) -> String? = { [unowned self] text in
            var confirmed = warned == text
            let error = submit(confirming: &confirmed, { try $0.edit(number, assignments: [(field.key, text)], confirmed: $1) },
                               unchanged: then) { [unowned self] _ in
                say(setMessage(number, field, cleared: text.trimmingCharacters(in: .whitespaces).isEmpty))
                then?()
            }
            warned = error != nil && confirmed ? text : nil
            return error
        }
        // A choice is picked from its list, not typed.
        if let options = Form.options(field) {
            let labels = options.map { $0.isEmpty ? "(not set)" : $0 }
            mode = Picker(title: "#\(number) \(field.label)", options: labels, selected: options.firstIndex(of: current) ?? 0,
                                  pick: { [unowned self] i in
                if let error = set(options[i]) { say(error, error: true) }
            }, cancelled: cancelled)
            return
        }
        let entry = Form.Entry(field: field, text: "", original: current)
        let money = pipeline.money
        let hint = field.type == .date ? "YYYY-MM-DD (typing replaces the date shown); empty clears" : "\(field.expectation(money: pipeline.money)); empty clears; Ctrl-E: $EDITOR"
        mode = Prompt(title: "#\(number) \(field.label)", text: current, hint: hint, replaceOnType: field.type == .date,
                              submit: { text in
            var e = entry
            e.text = text
            if let problem = Form.problem(e, money: money, final: true) { return problem }
            return set(text)
        }, validate: { text in
            var e = entry
            e.text = text
            return Form.problem(e, money: money)
        }, cancelled: cancelled)
    }

    /// `a`: kind, what happened and when, in one form (when: empty means now; a past day
    /// back-dates it, as the CLI's --date does).
    func logActivitySelected() {
        guard let d = actingDeal else { return say("no deal selected") }
        let kind = FieldDefinition(key: "kind", label: "Kind", type: .choice(ActivityKind.allCases.map(\.rawValue)))
        let text = FieldDefinition(key: "text", label: "What happened", type: .text)
        let date = FieldDefinition(key: "date", label: "When (empty: now)", type: .date)
        say("Log on #\(d.number): \(glyphs.key(.left)) \(glyphs.key(.right)) kind, Enter logs, Ctrl-E writes in $EDITOR")
        mode = Form(title: "Log an activity on #\(d.number) \(DealText.oneLine(d.title))",
                          entries: [Form.Entry(field: kind, text: "call", original: "call", required: true),
                                    Form.Entry(field: text, text: "", original: "", required: true),
                                    Form.Entry(field: date, text: "", original: "", latest: pipeline.day(clock()), earliest: pipeline.day(d.createdAt))], money: pipeline.money,
                          focus: 1, save: { [unowned self] (form: inout Form) in
            let kind = form.entries[0].text
            // A day of the board's calendar: its first moment in the board's zone.
            let when = Day(iso: form.entries[2].text.trimmingCharacters(in: .whitespaces)).map { pipeline.timeZone.start(of: $0) }
            return submit({ try $0.logActivity(d.number, kind: kind, text: form.entries[1].text, date: when) }) { [unowned self] _ in
                say("#\(d.number): \(kind) logged")
            }
        })
    }

    func logActivity(_ number: Int, _ kind: ActivityKind, then: (() -> Void)? = nil, cancelled: (() -> Void)? = nil) {
        mode = Prompt(title: "#\(number): \(kind.rawValue) — what happened?", hint: "Enter to log · Ctrl-E writes it in $EDITOR · Esc to cancel", submit: { [unowned self] text in
            submit({ try $0.logActivity(number, kind: kind.rawValue, text: text, date: nil) }) { [unowned self] _ in
                say("#\(number): \(kind.rawValue) logged")
                then?()
            }
        }, cancelled: cancelled)
    }

    // MARK: Prompt and picker keys

}
