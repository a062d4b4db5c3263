import Foundation
import Pipeline
import TOMLKit

/// Reads `pipeline.toml` into a `PipelineDefinition`, checking every value it relies on.
///
/// Errors name the file, the line, the key path and what was expected; nothing here crashes
/// on a bad file, because an admin edits this file by hand.
public struct PipelineLoader {
    public let file: String
    let locator: TOMLLocator

    public static func load(path: String) throws -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineFileError(file: path, line: nil, keyPath: "", message: "cannot read the file (missing or not readable)")
        }
        return try load(data: data, file: path)
    }

    /// Loads pipeline.toml from bytes already read (the store reads them through a checked descriptor).
    public static func load(data: Data, file path: String) throws -> PipelineDefinition {
        try parse(try text(of: data, file: path), file: path)
    }

    /// The file's bytes as text, or an error that says where it stops being text: the line of a
    /// NUL byte (a binary file, or a file cut short by a crash), or the line, column and byte
    /// of the first invalid UTF-8 sequence. A UTF-8 byte order mark is fine.
    public static func text(of data: Data, file: String) throws -> String {
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            throw PipelineFileError(file: file, line: lineNumber(bytes, at: nul), keyPath: "", message: "contains a NUL byte (this is not a text file)")
        }
        if let bad = UTF8Check.firstInvalid(bytes) {
            let line = lineNumber(bytes, at: bad.offset)
            let lineStart = bytes[..<bad.offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = bad.offset - lineStart + 1
            let shown = bytes[bad.offset..<bad.offset + bad.length].map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw PipelineFileError(file: file, line: line, keyPath: "",
                                    message: "not valid UTF-8 at column \(column) (byte \(bad.offset + 1) of the file: \(shown)); save the file as UTF-8")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineFileError(file: file, line: nil, keyPath: "", message: "the file is not valid UTF-8 text")
        }
        return text
    }

    static func lineNumber(_ bytes: [UInt8], at offset: Int) -> Int {
        var n = 1
        for b in bytes[..<offset] where b == 0x0A { n += 1 }
        return n
    }

    public static func parse(_ text: String, file: String) throws -> PipelineDefinition {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let n = e.source.begin.line
            let shown = n >= 1 && n <= lines.count ? ": `\(PipelineFileError.visible(lines[n - 1].trimmingCharacters(in: .whitespaces)))`" : ""
            throw PipelineFileError(file: file, line: n, keyPath: "",
                                    message: "not valid TOML (\(e.description.lowercased()))\(shown) — text values need quotes, lists need [ ]")
        }
        return try PipelineLoader(file: file, locator: TOMLLocator(text: text)).definition(table)
    }

    // MARK: Errors

    typealias Path = [(String, Int?)]

    func fail(_ path: Path, _ message: String) -> PipelineFileError {
        let keyPath = path.map { name, index in index.map { "\(name)[\($0)]" } ?? name }.joined(separator: ".")
        return PipelineFileError(file: file, line: locator.line(of: path), keyPath: keyPath, message: message)
    }

    // MARK: Typed access

    func string(_ t: TOMLTable, _ key: String, _ path: Path, default def: String? = nil) throws -> String {
        guard let v = t[key] else {
            if let def { return def }
            throw fail(path + [(key, nil)], "missing; expected a string")
        }
        guard let s = v.string else { throw fail(path + [(key, nil)], "expected a string in quotes, found \(v.type)") }
        return s
    }

    func int(_ t: TOMLTable, _ key: String, _ path: Path, default def: Int?, range: ClosedRange<Int>) throws -> Int? {
        guard let v = t[key] else { return def }
        guard let n = v.int else { throw fail(path + [(key, nil)], "expected a whole number, found \(v.type)") }
        guard range.contains(n) else { throw fail(path + [(key, nil)], "expected a number from \(range.lowerBound) to \(range.upperBound), found \(n)") }
        return n
    }

    func bool(_ t: TOMLTable, _ key: String, _ path: Path, default def: Bool) throws -> Bool {
        guard let v = t[key] else { return def }
        guard let b = v.bool else { throw fail(path + [(key, nil)], "expected true or false, found \(v.type)") }
        return b
    }

    func decimal(_ t: TOMLTable, _ key: String, _ path: Path, money format: MoneyFormat) throws -> Decimal? {
        guard let v = t[key] else { return nil }
        if let n = v.int { return Decimal(n) }
        if let d = v.double, d.isFinite, let exact = Decimal(string: String(d)) { return exact }
        if let s = v.string {
            switch format.readNumber(s) {
            case .success(let text): return Decimal(string: text)
            case .failure(let e): throw fail(path + [(key, nil)], e.reason)
            }
        }
        throw fail(path + [(key, nil)], "expected a number, found \(v.type)")
    }

    /// An amount in the board's currency: a TOML number (`450000`, `1500.5`) or text written in
    /// the board's number style (`"450.000"`), under the same rules as typed amounts: in range,
    /// no more decimals than the currency has, never rounded.
    func money(_ t: TOMLTable, _ key: String, _ path: Path, _ format: MoneyFormat) throws -> Money? {
        guard let v = t[key] else { return nil }
        let at = path + [(key, nil)]
        let largest = format.text(Money.max)
        if let n = v.int {
            guard n >= 0 else { throw fail(at, "an amount cannot be negative, found \(n)") }
            guard Int64(n) <= Money.maxWhole, let m = Money(units: Int64(n) * Money.scale) else { throw fail(at, "more than the largest amount, \(largest)") }
            return m
        }
        if let d = v.double {
            guard d.isFinite, d >= 0 else { throw fail(at, "expected an amount from 0 to \(largest), found \(d)") }
            guard let exact = Decimal(string: String(d)), let m = Money(exactly: exact) else {
                throw fail(at, d > Double(Money.maxWhole) ? "more than the largest amount, \(largest)" : "\(d) has more decimals than an amount can hold")
            }
            guard m.decimalsUsed <= format.currency.minorDigits else {
                throw fail(at, "\(String(d)) has \(m.decimalsUsed) decimals, but \(format.currency.code) amounts have "
                           + (format.currency.minorDigits == 0 ? "none" : "at most \(format.currency.minorDigits)"))
            }
            return m
        }
        if let s = v.string {
            switch format.read(s) {
            case .success(let m): return m
            case .failure(let e): throw fail(at, e.reason)
            }
        }
        throw fail(at, "expected an amount such as 450000 (or text in the board's number_style), found \(v.type)")
    }

    func strings(_ t: TOMLTable, _ key: String, _ path: Path) throws -> [String] {
        guard let v = t[key] else { return [] }
        guard let a = v.array else { throw fail(path + [(key, nil)], "expected a list of strings like [\"a\", \"b\"], found \(v.type)") }
        return try a.enumerated().map { i, item in
            guard let s = item.string else { throw fail(path + [(key, i)], "expected a string, found \(item.type)") }
            return s
        }
    }

    func tables(_ t: TOMLTable, _ key: String, _ path: Path) throws -> [TOMLTable] {
        guard let v = t[key] else { return [] }
        guard let a = v.array else { throw fail(path + [(key, nil)], "expected [[\(key)]] tables, found \(v.type)") }
        return try a.enumerated().map { i, item in
            guard let tt = item.table else { throw fail(path + [(key, i)], "expected a table, found \(item.type)") }
            return tt
        }
    }

    /// Every unknown key of the table, each once, in file order (the first thrown, the rest in
    /// its `others`), so a table with several typos gets them all named in one run.
    func checkKeys(_ t: TOMLTable, _ allowed: Set<String>, _ path: Path) throws {
        let expected = "unknown key; expected one of: \(allowed.sorted().joined(separator: ", "))"
        var unknown = t.keys.filter { !allowed.contains($0) }.map { fail(path + [($0, nil)], expected) }
        guard !unknown.isEmpty else { return }
        unknown.sort { ($0.line ?? Int.max, $0.keyPath) < ($1.line ?? Int.max, $1.keyPath) }
        var first = unknown.removeFirst()
        first.others = unknown
        throw first
    }

    func identifier(_ s: String, _ path: Path) throws -> String {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw fail(path, "\"\(s)\" is not a valid key; use letters, digits, _ or -")
        }
        return s
    }

    // MARK: The definition

    /// Runs one piece of the check; a problem is recorded and the rest of the file still checked,
    /// so `dealboard check` lists every problem, not only the first.
    func attempt<T>(_ errors: inout [PipelineFileError], _ body: () throws -> T) -> T? {
        do { return try body() } catch let e as PipelineFileError {
            errors += e.all
        } catch {
            errors.append(PipelineFileError(file: file, line: nil, keyPath: "", message: "\(error)"))
        }
        return nil
    }

    func definition(_ root: TOMLTable) throws -> PipelineDefinition {
        var errors: [PipelineFileError] = []
        let top: Set<String> = ["name", "currency", "number_style", "stale_after_days", "dormant_after_days", "stalled_negotiation_days",
                                "back_move_needs_reason", "requalify_checklist", "win_rate_from", "managers", "loss_reasons",
                                "quota", "fields", "checklists", "signals", "stages",
                                "timezone", "people"]
        _ = attempt(&errors) { try checkKeys(root, top, []) }

        let fieldTables = attempt(&errors) { try tables(root, "fields", []) } ?? []
        let indexedFields = fieldTables.enumerated().compactMap { i, t in attempt(&errors) { (i, try field(t, [("fields", i)])) } }
        let fields = indexedFields.map(\.1)
        var seenFields = Set(BuiltInField.all.map(\.key))
        for (i, f) in indexedFields where !seenFields.insert(f.key).inserted {
            errors.append(fail([("fields", i), ("key", nil)], "field \"\(f.key)\" is declared twice (or is a built-in field: \(BuiltInField.all.map(\.key).joined(separator: ", ")))"))
        }

        let checklistTables = attempt(&errors) { try tables(root, "checklists", []) } ?? []
        let checklists = checklistTables.enumerated().compactMap { i, t in attempt(&errors) { try checklist(t, [("checklists", i)]) } }
        let signalTables = attempt(&errors) { try tables(root, "signals", []) } ?? []
        let signals = signalTables.enumerated().compactMap { i, t in
            attempt(&errors) { () throws -> BuyerSignal in
                let p: Path = [("signals", i)]
                try checkKeys(t, ["key", "label"], p)
                let label = try string(t, "label", p)
                let key = try identifier(try string(t, "key", p, default: slug(label)), p + [("key", nil)])
                return BuyerSignal(key: "signal." + key, label: label)
            }
        }
        var seenChecks = Set<String>()
        for check in checklists.flatMap(\.items).map(\.key) + signals.map(\.key) where !seenChecks.insert(check).inserted {
            errors.append(fail([("checklists", nil)], "check \"\(check)\" is declared twice"))
        }

        var pipeline = PipelineDefinition(name: attempt(&errors) { try string(root, "name", [], default: "Sales pipeline") } ?? "Sales pipeline", stages: [])
        pipeline.customFields = fields
        pipeline.checklists = checklists
        pipeline.signals = signals
        if let v = attempt(&errors, { try currency(root) }) { pipeline.money.currency = v }
        if let v = attempt(&errors, { try numberStyle(root) }) { pipeline.money.style = v }
        if let v = attempt(&errors, { try strings(root, "loss_reasons", []) }) { pipeline.lossReasons = v }
        if let v = attempt(&errors, { try strings(root, "managers", []) }) { pipeline.managers = v }
        if let v = attempt(&errors, { try int(root, "stale_after_days", [], default: 14, range: 1...3650) }) { pipeline.staleAfterDays = v! }
        if let v = attempt(&errors, { try int(root, "dormant_after_days", [], default: 45, range: 1...3650) }) { pipeline.dormantAfterDays = v! }
        if let v = attempt(&errors, { try int(root, "stalled_negotiation_days", [], default: 30, range: 1...3650) }) { pipeline.stalledNegotiationDays = v! }
        if let v = attempt(&errors, { try bool(root, "back_move_needs_reason", [], default: true) }) { pipeline.backMoveNeedsReason = v }
        _ = attempt(&errors) {
            guard let q = root["quota"] else { return }
            guard let qt = q.table else { throw fail([("quota", nil)], "expected a [quota] table with amount and period") }
            try checkKeys(qt, ["amount", "period"], [("quota", nil)])
            pipeline.quota = try money(qt, "amount", [("quota", nil)], pipeline.money) ?? .zero
            let period = try string(qt, "period", [("quota", nil)], default: "quarter")
            guard let p = PipelineDefinition.QuotaPeriod(rawValue: period) else {
                throw fail([("quota", nil), ("period", nil)], "expected one of: month, quarter, year; found \"\(period)\"")
            }
            pipeline.quotaPeriod = p
        }
        _ = attempt(&errors) {
            guard let list = root["requalify_checklist"] else { return }
            guard let key = list.string, checklists.contains(where: { $0.key == key }) else {
                throw fail([("requalify_checklist", nil)], "expected the key of a [[checklists]] entry: \(checklists.map(\.key).joined(separator: ", "))")
            }
            pipeline.requalifyChecklist = key
        }
        // The board's days. A board without the key is UTC: boards made before it was read
        // showed UTC days, and keep showing what they showed.
        _ = attempt(&errors) {
            guard let v = root["timezone"] else { return }
            guard let name = v.string else {
                throw fail([("timezone", nil)], "expected a time zone name in quotes, such as \"Europe/Berlin\", found \(v.type)")
            }
            guard let zone = BoardTimeZone(identifier: name) else {
                let hint = BoardTimeZone.suggestion(for: name).map { "did you mean \"\($0)\"? " } ?? ""
                throw fail([("timezone", nil)], "unknown time zone \"\(PipelineFileError.visible(name))\"; \(hint)expected a name of the tz database "
                            + "such as \"Australia/Sydney\", \"America/Los_Angeles\" or \"UTC\" (case matters; offsets such as GMT+5 are not zones)")
            }
            pipeline.timeZone = zone
        }

        pipeline.people = people(root, &errors)

        let stageTables = attempt(&errors) { try tables(root, "stages", []) } ?? []
        if stageTables.isEmpty, !errors.contains(where: { $0.keyPath == "stages" }) {
            errors.append(fail([("stages", nil)], "a pipeline needs at least one [[stages]] table"))
        }
        var criterionErrors: [PipelineFileError] = []
        let indexedStages = stageTables.enumerated().compactMap { i, t in attempt(&errors) { (i, try stage(t, [("stages", i)], pipeline, &criterionErrors)) } }
        pipeline.stages = indexedStages.map(\.1)
        errors += criterionErrors
        errors.sort { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
        var seenStages = Set<String>()
        for (i, s) in indexedStages where !seenStages.insert(s.key).inserted {
            errors.append(fail([("stages", i), ("key", nil)], "stage \"\(s.key)\" is declared twice"))
        }
        // Every deal starts in an open stage and ends in a won or a lost one: `won`, `lost`, the
        // board's W and X keys and the review's win rate have nowhere to go without them.
        if !stageTables.isEmpty, stageTables.count == indexedStages.count {
            let lastStage: Path = [("stages", stageTables.count - 1), ("kind", nil)]
            func missing(_ message: String) -> PipelineFileError {
                PipelineFileError(file: file, line: locator.line(of: lastStage), keyPath: "stages", message: message)
            }
            if !pipeline.stages.contains(where: \.isOpen) {
                errors.append(missing("at least one stage must have kind = \"open\" (new deals start in the first one)"))
            }
            if !pipeline.stages.contains(where: { $0.kind == .won }) {
                errors.append(missing("no stage with kind = \"won\"; a pipeline needs one for won deals (dealboard won, W on the board): add [[stages]] name = \"Won\" kind = \"won\""))
            }
            if !pipeline.stages.contains(where: { $0.kind == .lost }) {
                errors.append(missing("no stage with kind = \"lost\"; a pipeline needs one for lost deals (dealboard lost, X on the board): add [[stages]] name = \"Lost\" kind = \"lost\", and loss_reasons"))
            }
        }
        if pipeline.stages.contains(where: { $0.kind == .lost }), pipeline.lossReasons.isEmpty, !errors.contains(where: { $0.keyPath == "loss_reasons" }) {
            errors.append(fail([("loss_reasons", nil)], "a pipeline with a lost stage needs at least one loss reason, e.g. loss_reasons = [\"Price\", \"No decision\"]"))
        }
        _ = attempt(&errors) {
            guard let from = root["win_rate_from"] else { return }
            guard let key = from.string, pipeline.stage(key) != nil else {
                throw fail([("win_rate_from", nil)], "expected a stage key: \(pipeline.stages.map(\.key).joined(separator: ", "))")
            }
            pipeline.winRateFromStage = key
        }
        if var first = errors.first {
            first.others = Array(errors.dropFirst())
            throw first
        }
        return pipeline
    }

    /// `currency = "EUR"`: any active ISO 4217 code (default USD, as boards made before the key
    /// was checked).
    func currency(_ root: TOMLTable) throws -> Currency {
        let code = try string(root, "currency", [], default: "USD")
        guard let c = Currency.iso(code) else {
            throw fail([("currency", nil)], "\"\(code)\" is not an ISO 4217 currency code; for example USD, EUR, GBP, CHF, JPY, INR")
        }
        return c
    }

    /// `number_style = "1.234,56"`: how the board writes and reads numbers (default "1,234.56").
    func numberStyle(_ root: TOMLTable) throws -> NumberStyle {
        let name = try string(root, "number_style", [], default: NumberStyle.commaDot.rawValue)
        guard let style = NumberStyle(named: name) else {
            throw fail([("number_style", nil)], "expected one of: \(NumberStyle.names); found \"\(name)\"")
        }
        return style
    }

    /// `[[people]]`: login (the OS user name), name, email. A login or a name given twice would
    /// make "who is maria?" ambiguous, so it is an error.
    func people(_ root: TOMLTable, _ errors: inout [PipelineFileError]) -> [Person] {
        let list = attempt(&errors) { try tables(root, "people", []) } ?? []
        var people: [Person] = []
        for (i, t) in list.enumerated() {
            let p: Path = [("people", i)]
            guard let person = attempt(&errors, { () throws -> Person in
                try checkKeys(t, ["login", "name", "email"], p)
                let login = try string(t, "login", p).trimmingCharacters(in: .whitespaces)
                guard !login.isEmpty, login.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                    throw fail(p + [("login", nil)], "\"\(PipelineFileError.visible(login))\" is not a login; the operating-system user name, such as \"maria\" (letters, digits, . _ -)")
                }
                let name = try string(t, "name", p, default: "").trimmingCharacters(in: .whitespaces)
                let email = try string(t, "email", p, default: "").trimmingCharacters(in: .whitespaces)
                guard email.isEmpty || (email.contains("@") && !email.contains(" ")) else {
                    throw fail(p + [("email", nil)], "\"\(PipelineFileError.visible(email))\" is not an e-mail address")
                }
                return Person(login: login, name: name, email: email)
            }) else { continue }
            for other in people {
                for (key, mine, theirs) in [("login", person.login, other.login), ("name", person.name, other.name), ("email", person.email, other.email)]
                where !mine.isEmpty && mine.caseInsensitiveCompare(theirs) == .orderedSame {
                    errors.append(fail(p + [(key, nil)], "\"\(PipelineFileError.visible(mine))\" is listed twice in [[people]] (owners are matched by it)"))
                }
            }
            people.append(person)
        }
        return people
    }

    func field(_ t: TOMLTable, _ p: Path) throws -> FieldDefinition {
        try checkKeys(t, ["key", "label", "type", "choices"], p)
        let label = try string(t, "label", p, default: "")
        let key = try identifier(try string(t, "key", p, default: slug(label)), p + [("key", nil)])
        let typeName = try string(t, "type", p, default: "text")
        let type: FieldType
        switch typeName {
        case "text": type = .text
        case "number": type = .number
        case "money": type = .money
        case "date": type = .date
        case "yesno", "bool", "boolean": type = .yesNo
        case "choice":
            let choices = try strings(t, "choices", p)
            guard !choices.isEmpty else { throw fail(p + [("choices", nil)], "a choice field needs choices = [\"…\", …]") }
            type = .choice(choices)
        default:
            throw fail(p + [("type", nil)], "expected one of: text, number, money, date, yesno, choice; found \"\(typeName)\"")
        }
        return FieldDefinition(key: key, label: label.isEmpty ? key : label, type: type)
    }

    func checklist(_ t: TOMLTable, _ p: Path) throws -> Checklist {
        try checkKeys(t, ["key", "label", "items"], p)
        let label = try string(t, "label", p, default: "")
        let key = try identifier(try string(t, "key", p, default: slug(label)), p + [("key", nil)])
        let items = try strings(t, "items", p)
        guard !items.isEmpty else { throw fail(p + [("items", nil)], "a checklist needs items = [\"…\", …]") }
        // Keys come from the labels; a label with no ASCII letters (Кириллица, 日本語) gets a numbered key.
        var seen = Set<String>()
        let checklistItems = try items.enumerated().map { i, label -> ChecklistItem in
            let base = slug(label)
            let itemKey = "\(key).\(base.isEmpty ? "item\(i + 1)" : base)"
            guard seen.insert(itemKey).inserted else { throw fail(p + [("items", i)], "\"\(label)\" is listed twice") }
            return ChecklistItem(key: itemKey, label: label)
        }
        return Checklist(key: key, label: label.isEmpty ? key : label, items: checklistItems)
    }

    func stage(_ t: TOMLTable, _ p: Path, _ pipeline: PipelineDefinition, _ errors: inout [PipelineFileError]) throws -> Stage {
        try checkKeys(t, ["key", "name", "probability", "target_days", "kind", "exit"], p)
        let name = try string(t, "name", p)
        let key = try identifier(try string(t, "key", p, default: slug(name)), p + [("key", nil)])
        let kindName = try string(t, "kind", p, default: "open")
        guard let kind = Stage.Kind(rawValue: kindName) else {
            throw fail(p + [("kind", nil)], "expected one of: open, won, lost; found \"\(kindName)\"")
        }
        let defaultProbability = kind == .won ? 100 : 0
        let probability = try int(t, "probability", p, default: defaultProbability, range: 0...100)!
        let target = try int(t, "target_days", p, default: nil, range: 0...3650)
        let exits = try tables(t, "exit", p).enumerated().compactMap { i, e in attempt(&errors) { try criterion(e, p + [("exit", i)], pipeline) } }
        if kind != .open, !exits.isEmpty {
            throw fail(p + [("exit", nil)], "only open stages have exit criteria (this stage is \(kindName))")
        }
        return Stage(key: key, name: name, probability: probability, targetDays: target, kind: kind, exitCriteria: exits)
    }

    func criterion(_ t: TOMLTable, _ p: Path, _ pipeline: PipelineDefinition) throws -> ExitCriterion {
        let kind = try string(t, "kind", p)
        func knownField(_ key: String) throws -> FieldDefinition {
            guard let f = pipeline.field(key) else {
                throw fail(p + [("field", nil)], "no field \"\(key)\"; declare it in [[fields]] or use one of: \(pipeline.allFields.map(\.key).joined(separator: ", "))")
            }
            return f
        }
        func knownChecklist(_ key: String, _ name: String) throws -> Checklist {
            guard let c = pipeline.checklist(key) else {
                throw fail(p + [(name, nil)], "no checklist \"\(key)\"; declared: \(pipeline.checklists.map(\.key).joined(separator: ", "))")
            }
            return c
        }
        switch kind {
        case "field":
            try checkKeys(t, ["kind", "label", "field"], p)
            let f = try knownField(try string(t, "field", p))
            return ExitCriterion(.field(f.key), label: try string(t, "label", p, default: "\(f.label) filled in"))
        case "min":
            try checkKeys(t, ["kind", "label", "field", "min"], p)
            let f = try knownField(try string(t, "field", p))
            guard f.type == .money || f.type == .number else { throw fail(p + [("field", nil)], "\"\(f.key)\" is \(f.type.name); min needs a number or money field") }
            if f.type == .money {
                guard let min = try money(t, "min", p, pipeline.money) else { throw fail(p + [("min", nil)], "missing; expected an amount") }
                return ExitCriterion(.minimum(field: f.key, min: min.decimal), label: try string(t, "label", p, default: "\(f.label) at least \(pipeline.money.text(min))"))
            }
            guard let min = try decimal(t, "min", p, money: pipeline.money) else { throw fail(p + [("min", nil)], "missing; expected a number") }
            return ExitCriterion(.minimum(field: f.key, min: min), label: try string(t, "label", p, default: "\(f.label) at least \(min)"))
        case "date":
            try checkKeys(t, ["kind", "label", "field", "within_days"], p)
            let f = try knownField(try string(t, "field", p))
            guard f.type == .date else { throw fail(p + [("field", nil)], "\"\(f.key)\" is \(f.type.name); a date criterion needs a date field") }
            let within = try int(t, "within_days", p, default: nil, range: 1...3650)
            return ExitCriterion(.futureDate(field: f.key, withinDays: within), label: try string(t, "label", p, default: "\(f.label) set, in the future"))
        case "checklist":
            try checkKeys(t, ["kind", "label", "checklist", "at_least"], p)
            let c = try knownChecklist(try string(t, "checklist", p), "checklist")
            let n = try int(t, "at_least", p, default: c.items.count, range: 1...max(1, c.items.count))!
            return ExitCriterion(.checklist(c.key, atLeast: n), label: try string(t, "label", p, default: "\(c.label): at least \(n) of \(c.items.count)"))
        case "signal":
            try checkKeys(t, ["kind", "label", "signal"], p)
            let key = try string(t, "signal", p)
            guard let s = pipeline.signals.first(where: { $0.key == "signal." + key || $0.key == key }) else {
                throw fail(p + [("signal", nil)], "no signal \"\(key)\"; declared: \(pipeline.signals.map { String($0.key.dropFirst(7)) }.joined(separator: ", "))")
            }
            return ExitCriterion(.signal(s.key), label: try string(t, "label", p, default: s.label))
        case "activity":
            try checkKeys(t, ["kind", "label", "activity"], p)
            let name = try string(t, "activity", p)
            guard let a = ActivityKind(rawValue: name) else {
                throw fail(p + [("activity", nil)], "expected one of: \(ActivityKind.allCases.map(\.rawValue).joined(separator: ", ")); found \"\(name)\"")
            }
            return ExitCriterion(.activity(a), label: try string(t, "label", p, default: "A \(name) logged in this stage"))
        case "requalify":
            try checkKeys(t, ["kind", "label", "checklist", "after_days"], p)
            let c = try knownChecklist(try string(t, "checklist", p), "checklist")
            let days = try int(t, "after_days", p, default: pipeline.dormantAfterDays, range: 1...3650)!
            return ExitCriterion(.requalify(checklist: c.key, afterDays: days), label: try string(t, "label", p, default: "Re-qualified after \(days) quiet days"))
        default:
            throw fail(p + [("kind", nil)], "expected one of: field, min, date, checklist, signal, activity, requalify; found \"\(kind)\"")
        }
    }
}
