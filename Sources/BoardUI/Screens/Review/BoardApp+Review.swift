import Foundation
import Pipeline
import Store
import Terminal

/// The weekly review screen (`r`) and the walk through stuck deals.
extension BoardApp {
    func openReview() {
        let review = Review(window: reviewWindow)
        mode = review
        home = mode
        let r = report(for: review.window)
        say("Review: \(r.stuck.count) stuck deal\(r.stuck.count == 1 ? "" : "s") · w walk · t period · R done · q back")
    }

    /// The report for a window, recomputed only when the board (or the day) changed.
    func report(for window: ReviewWindow) -> ReviewReport {
        let now = clock()
        let key = ReviewCacheKey(stateChanges: store.stateChanges, window: window, minute: Int(now.timeIntervalSince1970 / 60),
                                 pipeline: pipelineGeneration, owner: reviewOwner)
        if let cached = reviewCache, cached.key == key { return cached.report }
        let period = window.period(now: now, lastReview: store.state.lastReviewAt, zone: pipeline.timeZone)
        let r = ReviewReport.compute(state: store.state, pipeline: pipeline, period: period, now: now, owner: reviewOwner)
        reviewCache = (key, r)
        return r
    }

    /// The screen's lines, kept while the report and the width stay the same: with thousands
    /// of stuck deals, building them costs far more than drawing the visible ones.
    func reviewLines(_ review: Review, width: Int) -> [ReportLine] {
        let r = report(for: review.window)
        if let cached = reviewLinesCache, cached.key == reviewCache?.key, cached.width == width { return cached.lines }
        // Capped at 100 columns: on a wide screen the figures stay next to their labels.
        let lines = ReportText.lines(r, pipeline: pipeline, width: min(width, 100), unicode: unicode)
        reviewLinesCache = (reviewCache?.key, width, lines)
        return lines
    }

    func confirmReviewDone(_ review: Review) {
        guard pipeline.isManager(store.user) else {
            return say("only a manager may mark the review done (\(pipeline.managersText))", error: true)
        }
        mode = Picker(title: "Mark the review done? (changes then count from now)",
                              options: ["Yes, mark the review done", "No, keep reviewing"], pick: { [unowned self] i in
            mode = review
            home = mode
            guard i == 0 else { return say("review not marked") }
            if case .success = run({ try $0.markReviewed() }) {
                say("review marked done at \(pipeline.timeZone.minute(clock())); changes now count from here")
            }
        })
    }

    /// Next step, its owner and due date: three prompts, one edit (one event, one undo).
    func setNextStep(_ number: Int) {
        guard let d = store.state.deal(number: number) else { return say("#\(number) no longer exists", error: true) }
        let today = pipeline.day(clock())
        mode = Prompt(title: "#\(number) next step: what is agreed to happen next?", text: d.value("next_step"),
                              hint: "Enter for the owner · Esc to cancel", submit: { [unowned self] step in
            let step = step.trimmingCharacters(in: .whitespaces)
            guard !step.isEmpty else { return "a next step needs a few words" }
            let owner = d.value("next_step_owner").isEmpty ? d.owner : d.value("next_step_owner")
            // With [[people]], the owner is one of them: checked here, so a typo is fixed in this
            // prompt (with a suggestion) rather than found after the due date.
            let who = pipeline.people.isEmpty ? "a person (buyer or seller side)" : "one of: " + pipeline.people.map(\.login).joined(separator: ", ")
            mode = Prompt(title: "#\(number) who owns \"\(step)\"?", text: owner, hint: "\(who) · Enter for the due date",
                                  submit: { [unowned self] who in
                let who = who.trimmingCharacters(in: .whitespaces)
                guard !who.isEmpty else { return "the next step needs an owner" }
                do { _ = try pipeline.checkedPerson(BuiltInField.nextStepOwner, who) } catch { return "\(error)" }
                let due = Day(iso: d.value("next_step_date")).map { $0 >= today ? $0 : today + 7 } ?? today + 7
                mode = Prompt(title: "#\(number) when is \"\(step)\" due?", text: due.description,
                                      hint: "YYYY-MM-DD, today or later (typing replaces it) · Enter to save", replaceOnType: true, submit: { [unowned self] date in
                    // A next step agreed now is not already overdue.
                    guard let day = Day(iso: date.trimmingCharacters(in: .whitespaces)) else { return "expected a date as YYYY-MM-DD" }
                    guard day >= today else { return "a next step is due today (\(today)) or later" }
                    return submit({ try $0.edit(number, assignments: [("next_step", step), ("next_step_owner", who), ("next_step_date", date)]) }) { [unowned self] _ in
                        say("#\(number): next step set (\(step), \(who), due \(date.trimmingCharacters(in: .whitespaces))); a logs an activity")
                    }
                })
                return nil
            })
            return nil
        })
    }
}

struct ReviewCacheKey: Equatable {
    var stateChanges: Int
    var window: ReviewWindow
    var minute: Int
    var pipeline: Int
    var owner: String?
}
