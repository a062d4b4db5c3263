import Foundation
import Pipeline
import Store
import Terminal

/// The weekly review screen (`r`) and the walk through stuck deals.
extension BoardApp {
    func openReview() {
        let review = Review(window: reviewWindow)
        mode = .review(review)
        home = mode
        let r = report(for: review.window)
        say("Review: \(r.stuck.count) stuck deal\(r.stuck.count == 1 ? "" : "s") · w walk · t period · R done · q back")
    }

    /// The report for a window, recomputed only when the board (or the day) changed.
    func report(for window: ReviewWindow) -> ReviewReport {
        let now = clock()
        let key = ReviewCacheKey(events: store.state.eventCount, window: window, minute: Int(now.timeIntervalSince1970 / 60),
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

    func handleReview(_ key: KeyEvent, _ current: Review) {
        home = mode
        var review = current
        let lines = reviewLines(review, width: reviewWidth)
        let last = max(0, lines.count - 1)
        let action = keymap.action(for: key, in: .review)
        switch action {
        case .up: review.cursor = max(0, review.cursor - 1)
        case .down: review.cursor = min(last, review.cursor + 1)
        case .pageUp: review.cursor = max(0, review.cursor - max(1, reviewRows - 1))
        case .pageDown: review.cursor = min(last, review.cursor + max(1, reviewRows - 1))
        case .halfPageUp: review.cursor = max(0, review.cursor - Self.halfPage(reviewRows))
        case .halfPageDown: review.cursor = min(last, review.cursor + Self.halfPage(reviewRows))
        case .first: review.cursor = 0
        case .last: review.cursor = last
        case .stuckList:
            guard let first = lines.firstIndex(where: \.stuck) else { return say("no stuck deals") }
            review.cursor = first
            review.scroll = max(0, first - 1)   // with its heading
        case .period:
            let all = ReviewWindow.allCases
            review.window = all[(all.firstIndex(of: review.window)! + 1) % all.count]
            reviewWindow = review.window
            review.cursor = min(review.cursor, max(0, reviewLines(review, width: reviewWidth).count - 1))
            say("period: \(review.window.label)")
        case .open, .walk:
            let here = lines.isEmpty ? nil : lines[min(review.cursor, last)]
            // Enter on a deal that is not stuck (a change) opens it.
            if action == .open, let here, let n = here.deal, !here.stuck, store.state.deal(number: n) != nil {
                mode = .review(review)
                home = mode
                openDetail(n)
                return
            }
            let stuck = report(for: review.window).stuck.map(\.number)
            guard !stuck.isEmpty else { return say("no stuck deals to walk") }
            let start = action == .open ? here?.deal : stuck.first
            guard let start, let index = stuck.firstIndex(of: start) else { return say("Enter on a stuck deal walks them, on a changed deal opens it (s jumps to the stuck deals)") }
            mode = .walk(Walk(deals: stuck, index: index, review: review))
            home = mode
            say("walking \(stuck.count) stuck deal\(stuck.count == 1 ? "" : "s"): n next, p previous, Esc back to the list")
            return
        case .reviewDone: confirmReviewDone(review)
            return
        case .owner:
            let owners = Set(store.state.liveDeals.map(\.owner)).sorted()
            let options = ["All reps (the team)"] + owners
            mode = .picker(Picker(title: "Whose review?", options: options, selected: reviewOwner.flatMap { owners.firstIndex(of: $0) }.map { $0 + 1 } ?? 0,
                                  pick: { [unowned self] i in
                reviewOwner = i == 0 ? nil : owners[i - 1]
                var fresh = review
                fresh.cursor = 0
                fresh.scroll = 0
                mode = .review(fresh)
                home = mode
                say(reviewOwner.map { "review of \($0)'s deals (o: another rep or the team)" } ?? "review of the whole team")
            }))
            return
        case .help: mode = .help(scroll: 0)
            return
        case .cancel, .quit:
            mode = .board
            home = .board
            say("back to the board")
            return
        default:
            if key != .resize, case .char(let c) = key { say("\(c): no such key on the review screen (? shows them)") }
        }
        mode = .review(review)
    }

    func confirmReviewDone(_ review: Review) {
        guard pipeline.isManager(store.user) else {
            return say("only a manager may mark the review done (\(pipeline.managersText))", error: true)
        }
        mode = .picker(Picker(title: "Mark the review done? (changes then count from now)",
                              options: ["Yes, mark the review done", "No, keep reviewing"], pick: { [unowned self] i in
            mode = .review(review)
            home = mode
            guard i == 0 else { return say("review not marked") }
            if case .success = run({ try $0.markReviewed() }) {
                say("review marked done at \(pipeline.timeZone.minute(clock())); changes now count from here")
            }
        }))
    }

    func handleWalk(_ key: KeyEvent, _ current: Walk) {
        home = mode
        var walk = current
        let action = keymap.action(for: key, in: .walk) ?? keymap.action(for: key, in: .board)
        switch action {
        case .nextDeal:
            guard walk.index + 1 < walk.deals.count else { return say("that was the last stuck deal (p goes back, Esc to the list)") }
            walk.index += 1
            walk.scroll = 0
            say("#\(walk.current): stuck deal \(walk.index + 1) of \(walk.deals.count)")
        case .previousDeal:
            guard walk.index > 0 else { return say("this is the first stuck deal") }
            walk.index -= 1
            walk.scroll = 0
            say("#\(walk.current): stuck deal \(walk.index + 1) of \(walk.deals.count)")
        case .up: walk.scroll = max(0, walk.scroll - 1)
        case .down: walk.scroll += 1
        case .pageUp: walk.scroll = max(0, walk.scroll - 10)
        case .pageDown: walk.scroll += 10
        case .halfPageUp: walk.scroll = max(0, walk.scroll - Self.halfPage(size.height - 8))
        case .halfPageDown: walk.scroll += Self.halfPage(size.height - 8)
        case .first: walk.scroll = 0
        case .nextStep: return setNextStep(walk.current)
        case .moveForward: return moveSelected(.next)
        case .moveBack: return moveBackSelected()
        case .won: return wonSelected()
        case .lost: return lostSelected()
        case .logActivity: return logActivitySelected()
        case .edit: return editSelected()
        case .tickChecks: return openChecks()
        case .undo: return undo()
        case .help: mode = .help(scroll: 0)
            return
        case .cancel, .quit:
            var review = walk.review
            // Back on the list, at the deal the walk ended on.
            if let i = reviewLines(review, width: reviewWidth).firstIndex(where: { $0.deal == walk.current }) { review.cursor = i }
            mode = .review(review)
            home = mode
            say("back to the review")
            return
        default:
            if key != .resize, case .char(let c) = key { say("\(c): no such key while walking (? shows them)") }
        }
        mode = .walk(walk)
    }

    /// Next step, its owner and due date: three prompts, one edit (one event, one undo).
    func setNextStep(_ number: Int) {
        guard let d = store.state.deal(number: number) else { return say("#\(number) no longer exists", error: true) }
        let today = pipeline.day(clock())
        mode = .prompt(Prompt(title: "#\(number) next step: what is agreed to happen next?", text: d.value("next_step"),
                              hint: "Enter for the owner · Esc to cancel", submit: { [unowned self] step in
            let step = step.trimmingCharacters(in: .whitespaces)
            guard !step.isEmpty else { return "a next step needs a few words" }
            let owner = d.value("next_step_owner").isEmpty ? d.owner : d.value("next_step_owner")
            // With [[people]], the owner is one of them: checked here, so a typo is fixed in this
            // prompt (with a suggestion) rather than found after the due date.
            let who = pipeline.people.isEmpty ? "a person (buyer or seller side)" : "one of: " + pipeline.people.map(\.login).joined(separator: ", ")
            mode = .prompt(Prompt(title: "#\(number) who owns \"\(step)\"?", text: owner, hint: "\(who) · Enter for the due date",
                                  submit: { [unowned self] who in
                let who = who.trimmingCharacters(in: .whitespaces)
                guard !who.isEmpty else { return "the next step needs an owner" }
                do { _ = try pipeline.checkedPerson(BuiltInField.nextStepOwner, who) } catch { return "\(error)" }
                let due = Day(iso: d.value("next_step_date")).map { $0 >= today ? $0 : today + 7 } ?? today + 7
                mode = .prompt(Prompt(title: "#\(number) when is \"\(step)\" due?", text: due.description,
                                      hint: "YYYY-MM-DD, today or later (typing replaces it) · Enter to save", replaceOnType: true, submit: { [unowned self] date in
                    // A next step agreed now is not already overdue.
                    guard let day = Day(iso: date.trimmingCharacters(in: .whitespaces)) else { return "expected a date as YYYY-MM-DD" }
                    guard day >= today else { return "a next step is due today (\(today)) or later" }
                    return submit({ try $0.edit(number, assignments: [("next_step", step), ("next_step_owner", who), ("next_step_date", date)]) }) { [unowned self] _ in
                        say("#\(number): next step set (\(step), \(who), due \(date.trimmingCharacters(in: .whitespaces))); a logs an activity")
                    }
                }))
                return nil
            }))
            return nil
        }))
    }
}

struct ReviewCacheKey: Equatable {
    var events: Int
    var window: ReviewWindow
    var minute: Int
    var pipeline: Int
    var owner: String?
}
