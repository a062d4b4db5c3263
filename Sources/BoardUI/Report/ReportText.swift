import Foundation
import Pipeline
import Terminal

/// One line of the review: pieces of text with the role each is drawn in. The review screen
/// draws the roles; `dealboard report` prints the text. `deal` marks a line about a deal: on
/// the screen, Enter there starts the walk (`stuck`) or opens the deal.
public struct ReportLine: Equatable, Sendable {
    public var pieces: [Piece]
    public var deal: Int?
    public var stuck = false

    public struct Piece: Equatable, Sendable {
        public var text: String
        public var role: Role
    }

    init(_ pieces: [Piece] = [], deal: Int? = nil) {
        self.pieces = pieces
        self.deal = deal
    }

    init(_ text: String, _ role: Role = .normal, deal: Int? = nil) {
        self.init([Piece(text: text, role: role)], deal: deal)
    }

    public var text: String { pieces.map(\.text).joined() }

    mutating func add(_ text: String, _ role: Role = .normal) { pieces.append(Piece(text: text, role: role)) }
}

/// The weekly review as text: the lines of `dealboard report` (80 columns, bar charts in block
/// characters) and of the review screen (any width), and the Markdown report.
public enum ReportText {
    /// The text report: lines for a terminal `width` columns wide.
    /// `stuckLimit`: list at most this many stuck deals (the most troubled), saying how many
    /// more there are; nil lists them all.
    public static func lines(_ r: ReviewReport, pipeline: PipelineDefinition, width: Int = 80, unicode: Bool = true,
                             stuckLimit: Int? = nil) -> [ReportLine] {
        var w = Writer(report: r, pipeline: pipeline, width: max(60, width), unicode: unicode, stuckLimit: stuckLimit)
        w.header()
        w.headline()
        w.funnel()
        w.flow()
        w.forecast()
        w.losses()
        w.stuck()
        w.changes()
        w.owners()
        // Titles, companies, owners, reasons, notes and stage names are typed text: every piece
        // is shown on its line with its controls visible, for `dealboard report` and the screen.
        for i in w.out.indices {
            for j in w.out[i].pieces.indices where !SafeText.isClean(w.out[i].pieces[j].text) {
                w.out[i].pieces[j].text = SafeText.line(w.out[i].pieces[j].text, ascii: !unicode)
            }
            // Tables (per rep) made their cells safe already, with ⏎, which ASCII cannot show.
            if !unicode, w.out[i].text.contains("⏎") {
                for j in w.out[i].pieces.indices { w.out[i].pieces[j].text = w.out[i].pieces[j].text.replacingOccurrences(of: "⏎", with: "\\n") }
            }
        }
        return w.out
    }

    public static func text(_ r: ReviewReport, pipeline: PipelineDefinition, width: Int = 80, unicode: Bool = true,
                            stuckLimit: Int? = nil) -> [String] {
        lines(r, pipeline: pipeline, width: width, unicode: unicode, stuckLimit: stuckLimit).map { line in
            var s = line.text
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    // MARK: Formatting shared with the screen and Markdown

    static func percent(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
    static func days(_ x: Double?) -> String { x.map { $0 == $0.rounded() ? String(format: "%.0f", $0) : String(format: "%.1f", $0) } ?? "—" }
    static func ratio(_ x: Double?) -> String { x.map { String(format: "%.1f:1", $0) } ?? "—" }
    /// The board's day of an instant, and a time with its zone (`2026-12-05 08:00 +11:00`).
    static func date(_ d: Date, _ zone: BoardTimeZone) -> String { zone.day(d).description }
    static func minute(_ d: Date, _ zone: BoardTimeZone) -> String { zone.minute(d) }

    /// "2026-11-16 → now (2026-11-23 13:20 UTC), 7.6 days" or "2026-11-16 through 2026-11-22,
    /// 7 days": whole days of the board's zone show as dates, other instants with their time and
    /// zone, so the period can be asked for again with --since / --until.
    static func period(_ p: ReviewPeriod, _ zone: BoardTimeZone, arrow: String = "→") -> String {
        func startsDay(_ d: Date) -> Bool { d == zone.start(of: zone.day(d)) }
        func at(_ d: Date) -> String { startsDay(d) ? date(d, zone) : minute(d, zone) }
        let span = "\(days((p.days * 10).rounded() / 10)) days"
        if p.includesEnd { return "\(at(p.since)) \(arrow) now (\(minute(p.until, zone))), \(span)" }
        if startsDay(p.until) { return "\(at(p.since)) through \(zone.day(p.until) + -1), \(span)" }
        return "\(at(p.since)) \(arrow) \(at(p.until)), \(span)"
    }

    /// The colour of a stuck-deal reason: quiet deals as stale, a missed next step as overdue,
    /// time in stage as over target.
    static func role(of kind: StuckDeal.Kind) -> Role {
        switch kind {
        case .stale, .dormant: return .stale
        case .nextStepOverdue: return .overdue
        case .overTarget, .stalledNegotiation: return .overTarget
        }
    }

    /// Whether a figure is healthy against its minimum; nil when there is no figure.
    static func healthy(_ x: Double?, _ minimum: Double) -> Bool? { x.map { $0 >= minimum } }

    /// A horizontal bar of `value / maximum` of `width` cells, in eighths where Unicode allows.
    static func bar(_ value: Double, of maximum: Double, width: Int, unicode: Bool) -> String {
        guard maximum > 0, width > 0, value > 0 else { return "" }
        let cells = min(Double(width), value / maximum * Double(width))
        guard unicode else { return String(repeating: "#", count: max(1, Int(cells.rounded()))) }
        let eighths = max(1, Int((cells * 8).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}

/// Builds the lines section by section.
private struct Writer {
    let report: ReviewReport
    let pipeline: PipelineDefinition
    let width: Int
    let glyphs: Glyphs
    let stuckLimit: Int?
    var out: [ReportLine] = []

    init(report: ReviewReport, pipeline: PipelineDefinition, width: Int, unicode: Bool, stuckLimit: Int?) {
        self.report = report
        self.pipeline = pipeline
        self.width = width
        glyphs = Glyphs.of(unicode: unicode)
        self.stuckLimit = stuckLimit
    }

    var r: ReviewReport { report }
    func money(_ s: MoneySum) -> String { r.money.short(s) }
    func money(_ m: Money) -> String { r.money.short(m) }
    var dash: String { glyphs.dash }
    var arrow: String { glyphs.arrow }
    func stageName(_ key: String) -> String { pipeline.stage(key)?.name ?? key }

    mutating func line(_ text: String = "", _ role: Role = .normal, deal: Int? = nil, stuck: Bool = false) {
        var l = ReportLine(text, role, deal: deal)
        l.stuck = stuck
        out.append(l)
    }

    mutating func section(_ title: String) {
        if !out.isEmpty { line() }
        line(title, .title)
    }

    /// "✓ at least 3:1" in green or "✗ below 3:1" in red; nothing without a figure.
    func verdict(_ ok: Bool?, _ minimum: String) -> (String, Role) {
        switch ok {
        case true?: return ("\(glyphs.atLeast) " + minimum, .ready)
        case false?: return (glyphs.below + " below " + minimum, .error)
        case nil: return ("no data yet", .hint)
        }
    }

    mutating func header() {
        let who = r.owner.map { "rep \($0)" } ?? "all reps"
        line("Pipeline review \(dash) \(pipeline.name) \(dash) \(who)", .title)
        line("Period " + ReportText.period(r.period, r.timeZone, arrow: arrow))
        if let last = r.changes.lastReview {
            line("Last review \(ReportText.minute(last, r.timeZone))" + (r.changes.lastReviewBy.map { " by \($0)" } ?? "")
                 + (r.changes.lastReviewNote.isEmpty ? "" : ": \(DealText.oneLine(r.changes.lastReviewNote))"))
        } else {
            line("No review marked done yet (R on the review screen, or dealboard review-done)", .hint)
        }
    }

    mutating func figure(_ label: String, _ value: String, _ detail: String, _ verdict: (String, Role)? = nil) {
        var l = ReportLine()
        l.add("  " + TextWidth.pad(label, to: 20))
        l.add(TextWidth.pad(value, to: 10), .title)
        let room = width - 32 - (verdict.map { TextWidth.of($0.0) + 2 } ?? 0)
        l.add(TextWidth.pad(TextWidth.truncate(detail, to: max(0, room)), to: max(0, room)))
        if let verdict { l.add("  " + verdict.0, verdict.1) }
        out.append(l)
    }

    mutating func headline() {
        section("HEADLINE")
        let quota = !r.quota.isZero ? "\(money(r.quota))/\(r.quotaPeriod.rawValue)" : "no quota set"
        if r.owner == nil {
            figure("Coverage", ReportText.ratio(r.coverage), "open \(money(r.open.value)) vs quota \(quota)",
                   verdict(ReportText.healthy(r.coverage, ReviewThresholds.coverage), "3:1"))
        } else {
            // There is no per-rep quota: the share of the team's, without a verdict.
            figure("Coverage", ReportText.ratio(r.coverage), "open \(money(r.open.value)) vs team quota \(quota)")
        }
        figure("Win rate", ReportText.percent(r.winRate.rate), "\(r.winRate.won) won, \(r.winRate.lost) lost (reached \(r.winRate.fromStageName))",
               verdict(ReportText.healthy(r.winRate.rate, ReviewThresholds.winRate), "25%"))
        if let s = r.stages.first(where: { $0.key == r.winRate.fromStage }) {
            figure("\(s.name) \(arrow) next", ReportText.percent(r.proposalConversion), "\(s.wentForward) of \(s.left) went forward",
                   verdict(ReportText.healthy(r.proposalConversion, ReviewThresholds.proposalConversion), "30%"))
        }
        let velocity = r.pipelineVelocity.map { money($0) + "/day" } ?? "—"
        // The divisor the formula used: the average cycle, at least 1 day (a deal won the day
        // it was created has a cycle of 0, shown on the next lines), so the line gives the figure.
        let divisor: String
        if let cycle = r.averageSalesCycleDays, cycle < 1 {
            divisor = "1 day (at least 1)"
        } else {
            divisor = "\(ReportText.days(r.averageSalesCycleDays)) days"
        }
        let x = glyphs.times
        let parts = "\(r.open.deals) open \(x) \(ReportText.percent(r.winRate.rate)) \(x) \(r.open.averageValue.map(money) ?? dash) \(glyphs.divide) \(divisor)"
        let why = r.pipelineVelocity != nil ? parts
            : r.open.deals == 0 ? "no open deals" : "needs a deal won in the period"
        figure("Pipeline velocity", velocity, why)
        figure("Weighted pipeline", money(r.open.weightedValue), "\(r.open.deals) open deals worth \(money(r.open.value))")
        figure("Avg sales cycle", ReportText.days(r.averageSalesCycleDays), "days from creation to won (won in period)")
    }

    mutating func funnel() {
        section("FUNNEL \(dash) open deals by stage, now")
        let nameWidth = 14
        let barWidth = max(8, width - nameWidth - 4 - 34)
        let most = Double(r.stages.map(\.count).max() ?? 0)
        line("  " + TextWidth.pad("", to: nameWidth + barWidth + 1) + " deals     value  weighted  over", .hint)
        for s in r.stages {
            var l = ReportLine()
            l.add("  " + TextWidth.pad(TextWidth.truncate(s.name, to: nameWidth), to: nameWidth) + " ")
            l.add(TextWidth.pad(ReportText.bar(Double(s.count), of: most, width: barWidth, unicode: glyphs.unicode), to: barWidth), .title)
            l.add(" " + TextWidth.pad("\(s.count)", to: 6, alignRight: true) + TextWidth.pad(money(s.value), to: 10, alignRight: true)
                  + TextWidth.pad(money(s.weightedValue), to: 10, alignRight: true))
            l.add(TextWidth.pad(s.overTarget == 0 ? "" : "\(s.overTarget)", to: 6, alignRight: true), s.overTarget == 0 ? .normal : .overTarget)
            out.append(l)
        }
    }

    mutating func flow() {
        section("FLOW IN THE PERIOD \(dash) conversion, and days in stage against target (\(glyphs.bar))")
        let nameWidth = 14
        let barWidth = max(8, width - nameWidth - 4 - 38)
        let most = r.stages.map { max($0.averageDays ?? 0, Double($0.targetDays ?? 0)) }.max() ?? 0
        line("  " + TextWidth.pad("", to: nameWidth + barWidth + 1) + "  conv.  left   avg  median  target", .hint)
        for s in r.stages {
            var l = ReportLine()
            l.add("  " + TextWidth.pad(TextWidth.truncate(s.name, to: nameWidth), to: nameWidth) + " ")
            var cells = Array(TextWidth.pad(ReportText.bar(s.averageDays ?? 0, of: most, width: barWidth, unicode: glyphs.unicode), to: barWidth))
            let over = (s.averageDays ?? 0) > Double(s.targetDays ?? Int.max)
            if let target = s.targetDays, most > 0 {
                let at = min(barWidth - 1, Int((Double(target) / most * Double(barWidth)).rounded()))
                if at >= 0, at < cells.count, cells[at] == " " { cells[at] = Character(glyphs.bar) }
            }
            l.add(String(cells), over ? .overTarget : .title)
            let conv = ReportText.percent(s.conversionRate)
            l.add(" " + TextWidth.pad(conv, to: 6, alignRight: true),
                  s.key == r.winRate.fromStage && ReportText.healthy(s.conversionRate, ReviewThresholds.proposalConversion) == false ? .error : .normal)
            l.add(TextWidth.pad("\(s.left)", to: 6, alignRight: true) + TextWidth.pad(ReportText.days(s.averageDays), to: 6, alignRight: true)
                  + TextWidth.pad(ReportText.days(s.medianDays), to: 8, alignRight: true)
                  + TextWidth.pad(s.targetDays.map(String.init) ?? "—", to: 8, alignRight: true))
            out.append(l)
        }
    }

    mutating func forecast() {
        section("WEIGHTED FORECAST \(dash) by expected close month")
        guard !r.forecast.isEmpty else { return line("  no open deals", .hint) }
        let barWidth = max(8, width - 12 - 36)
        let most = r.forecast.map(\.weightedValue.doubleValue).max() ?? 0
        for m in r.forecast {
            var l = ReportLine()
            l.add("  " + TextWidth.pad(m.month ?? "no date", to: 9) + " ")
            l.add(TextWidth.pad(ReportText.bar(m.weightedValue.doubleValue, of: most, width: barWidth, unicode: glyphs.unicode), to: barWidth), .title)
            l.add(TextWidth.pad(money(m.weightedValue), to: 10, alignRight: true) + "  of " + TextWidth.pad(money(m.value), to: 8)
                  + TextWidth.pad("\(m.deals) deal\(m.deals == 1 ? "" : "s")", to: 10, alignRight: true))
            out.append(l)
        }
    }

    mutating func losses() {
        section("LOSS REASONS \(dash) deals lost in the period")
        guard !r.lossReasons.isEmpty else { return line("  no deals lost in the period", .hint) }
        for l in r.lossReasons {
            line("  " + TextWidth.pad(TextWidth.truncate(l.reason, to: 30), to: 30) + TextWidth.pad("\(l.deals)", to: 5, alignRight: true)
                 + TextWidth.pad(money(l.value), to: 10, alignRight: true))
        }
    }

    mutating func stuck() {
        section("STUCK DEALS (\(r.stuck.count))" + (r.stuck.isEmpty ? "" : " \(dash) most troubled first"))
        guard !r.stuck.isEmpty else { return line("  none: every open deal is moving", .ready) }
        for s in r.stuck.prefix(stuckLimit ?? r.stuck.count) {
            var l = ReportLine(deal: s.number)
            l.stuck = true
            // Owner, stage and amount in columns of their own, so the list reads as a table.
            let right = TextWidth.pad(TextWidth.truncate(s.owner, to: 10), to: 10) + " " + TextWidth.pad(TextWidth.truncate(stageName(s.stage), to: 13), to: 13)
                + TextWidth.pad(s.amount.isZero ? dash : money(s.amount), to: 7, alignRight: true)
            let left = "  #\(s.number) \(DealText.oneLine(s.title))" + (s.company.isEmpty ? "" : " \(dash) \(DealText.oneLine(s.company))")
            let room = width - TextWidth.of(right) - 2
            l.add(TextWidth.pad(TextWidth.truncate(left, to: room), to: room) + "  ")
            l.add(right, .cardDim)
            out.append(l)
            for reason in s.reasons {
                let role = ReportText.role(of: reason.kind)
                line(TextWidth.truncate("      " + "\(glyphs.bullet) " + reason.text, to: width), role, deal: s.number, stuck: true)
            }
        }
        if let limit = stuckLimit, r.stuck.count > limit {
            line("  … and \(r.stuck.count - limit) more (--stuck all lists every one; --format json always does)", .hint)
        }
    }

    mutating func changes() {
        let c = r.changes
        let basis = c.lastReview.map { "since the last review, \(ReportText.minute($0, r.timeZone))" } ?? "since \(ReportText.minute(c.since, r.timeZone)) (no review marked done yet)"
        section("CHANGES \(basis)")
        if c.isEmpty { return line("  nothing changed", .hint) }
        // Locals, not properties: the closures must not capture self while `list` mutates it.
        let arrow = self.arrow
        let dash = self.dash
        let format = r.money
        // A deal without an amount shows a dash, here as in the stuck list and in Markdown (JSON: null).
        func full(_ m: Money) -> String { m.isZero ? dash : format.text(m) }
        list("New deals", c.created) { "in \($0.to ?? "")" }
        list("Moved forward", c.movedForward) { "\($0.from ?? "") \(arrow) \($0.to ?? "")" }
        list("Moved back", c.movedBack) { "\($0.from ?? "") \(arrow) \($0.to ?? "")" + ($0.reason.map { ": \($0)" } ?? "") }
        list("Won", c.won) { "\(full($0.amount)) from \($0.from ?? "")" }
        list("Lost", c.lost) { "\(full($0.amount)): \($0.reason ?? "no reason")" }
        list("Reopened", c.reopened) { "\($0.from ?? "") \(arrow) \($0.to ?? "")" }
        list("Close date slipped", c.closeDateSlipped) { "\($0.from ?? "") \(arrow) \($0.to ?? "")" }
        list("Amount changed", c.amountChanged) { change in
            let from = change.from.flatMap { Money(canonical: $0) }.map(full) ?? dash
            let to = change.to.flatMap { Money(canonical: $0) }.map(full) ?? dash
            return "\(from) \(arrow) \(to)"
        }
    }

    mutating func list(_ title: String, _ items: [ReviewChanges.Change], _ what: (ReviewChanges.Change) -> String) {
        guard !items.isEmpty else { return }
        line("  \(title) (\(items.count))")
        for i in items {
            let tail = "  \(i.by), \(String(ReportText.date(i.at, r.timeZone).dropFirst(5)))"
            let head = "    #\(i.number) \(DealText.oneLine(i.title)): \(what(i))"
            line(TextWidth.truncate(head, to: width - TextWidth.of(tail)) + tail, deal: i.number)
        }
    }

    mutating func owners() {
        section("PER REP")
        guard !r.owners.isEmpty else { return line("  no deals yet", .hint) }
        var t = TextTable(columns: [
            .init("Rep", maxWidth: 12), .init("Open", alignRight: true), .init("Value", alignRight: true), .init("Weighted", alignRight: true),
            .init("Won", alignRight: true), .init("Lost", alignRight: true), .init("Win", alignRight: true), .init("Cycle", alignRight: true),
            .init("Velocity", alignRight: true), .init("Stuck", alignRight: true),
        ])
        for o in r.owners {
            t.add([o.owner, "\(o.open.deals)", money(o.open.value), money(o.open.weightedValue), "\(o.wonInPeriod)", "\(o.lostInPeriod)",
                   ReportText.percent(o.winRate.rate), ReportText.days(o.averageSalesCycleDays), o.pipelineVelocity.map { money($0) + "/d" } ?? "—",
                   "\(o.stuck)"])
        }
        for row in t.render().split(separator: "\n") { line("  " + row) }
        line("  Won, Lost: closed in the period; Win: of those that reached \(r.winRate.fromStageName)", .hint)
    }
}
