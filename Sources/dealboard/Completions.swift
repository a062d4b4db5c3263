import ArgumentParser
import Foundation
import Pipeline
import Store

/// What TAB offers from the board itself: deal numbers (with their titles where the shell
/// shows descriptions), stages, owners, check labels, loss reasons.
///
/// The completion scripts (`dealboard --generate-completion-script bash|zsh|fish`) run
/// `dealboard ---completion …` with the words typed so far; the functions here find the board
/// those words name as every command does (`--board`, `$DEALBOARD_BOARD`, the board folder
/// you are in, config.toml) and list what it holds. They only read: nothing is written into
/// the board (a snapshot, as for any read, goes to your own cache folder), no board means no
/// candidates and no message, and `bound()` stops a read that takes too long.
enum Complete {
    /// A value and what zsh and fish print beside it.
    struct Candidate {
        var value: String
        var about: String = ""
    }

    // MARK: The completions, one per kind of argument

    /// Deal numbers, in order, each with its title, company and stage.
    @Sendable static func deals(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let store = board(words, index) else { return [] }
        let p = store.pipeline
        // `#7` is a comment to an interactive shell unless quoted: offered only to who typed the #.
        let hash = prefix.hasPrefix("#") ? "#" : ""
        return format(store.state.liveDeals.sorted { $0.number < $1.number }.map { d in
            Candidate(value: hash + String(d.number), about: describe([d.title, d.company, p.stage(d.stage)?.name ?? d.stage]))
        })
    }

    /// `move N <TAB>`: next, back and every stage's key (its name as the description).
    @Sendable static func moveTargets(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let steps = [Candidate(value: "next", about: "the next stage"), Candidate(value: "back", about: "the stage before")]
        return format(steps + (board(words, index).map(stageCandidates) ?? []))
    }

    /// `--stage <TAB>`: stage keys.
    @Sendable static func stages(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        format(board(words, index).map(stageCandidates) ?? [])
    }

    /// `--owner <TAB>`: the board's people (by login) and whoever owns a deal on it.
    @Sendable static func owners(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let store = board(words, index) else { return [] }
        let p = store.pipeline
        return format(OwnerFilter.knownOwners(p, store.state).map { key in
            let person = p.person(key)
            return Candidate(value: key, about: describe([person.map { $0.name == key ? "" : $0.name } ?? "", person?.email ?? ""]))
        })
    }

    /// `check-item N <TAB>`, `add --check <TAB>`: every check label; those of the deal's
    /// current stage first, and a ticked one says so (what `--uncheck` wants).
    @Sendable static func checkLabels(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let store = board(words, index) else { return [] }
        let p = store.pipeline
        let deal = dealNumber(in: words, skipping: index).flatMap { store.state.deal(number: $0) }
        let preferred = deal.map { d in p.exitCriteria(of: d.stage).compactMap { c -> String? in
            if case .checklist(let k, _) = c.kind { return k }
            if case .requalify(let k, _) = c.kind { return k }
            return nil
        } } ?? []
        var candidates: [(first: Bool, Candidate)] = []
        for list in p.checklists {
            for item in list.items {
                let ticked = deal?.isChecked(item.key) == true ? "ticked" : ""
                candidates.append((preferred.contains(list.key), Candidate(value: item.label, about: describe([list.label, ticked]))))
            }
        }
        for signal in p.signals {
            candidates.append((false, Candidate(value: signal.label, about: describe(["buyer signal", deal?.isChecked(signal.key) == true ? "ticked" : ""]))))
        }
        // A label shared by two checklists is offered once.
        var seen = Set<String>()
        let ordered = candidates.filter(\.first) + candidates.filter { !$0.first }
        return format(ordered.map(\.1).filter { seen.insert($0.value).inserted })
    }

    /// `lost N --reason <TAB>`: the codes of `loss_reasons`.
    @Sendable static func lossReasons(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        format(board(words, index)?.pipeline.lossReasons.map { Candidate(value: $0) } ?? [])
    }

    static func stageCandidates(_ store: BoardStore) -> [Candidate] {
        store.pipeline.stages.map { Candidate(value: $0.key, about: describe([$0.name.lowercased() == $0.key.lowercased() ? "" : $0.name])) }
    }

    // MARK: The board the words name

    /// The board the command line names or finds, opened for reading; nil when there is none
    /// or it cannot be read (completion then offers nothing, and says nothing).
    static func board(_ words: [String], _ index: Int) -> BoardStore? {
        var option: String?
        for (i, word) in words.enumerated() where i != index {
            if word == "--board", i + 1 < words.count, i + 1 != index {
                option = unquoted(words[i + 1])
            } else if word.hasPrefix("--board=") {
                option = unquoted(String(word.dropFirst("--board=".count)))
            }
        }
        guard let found = try? BoardLocation.locate(option: option, config: { (try? UserSettings.load())?.board }) else { return nil }
        return try? BoardStore(folder: found.folder)
    }

    /// The deal number typed before the word being completed (`check-item 7 <TAB>`): the first
    /// word after the command's name that reads as one, other than an option's value.
    static func dealNumber(in words: [String], skipping index: Int) -> Int? {
        var i = 2 // words[0] is dealboard, words[1] the command
        while i < words.count {
            defer { i += 1 }
            let word = unquoted(words[i])
            if i == index { continue }
            if word.hasPrefix("-") {
                if !word.contains("=") { i += 1 } // --board PATH: skip the value too
                continue
            }
            if let n = DealNumber(argument: word) { return n.value }
        }
        return nil
    }

    /// A word as the shell passes it, verbatim: 'a b', "a b" or a\ b stand for a b.
    static func unquoted(_ word: String) -> String {
        if word.count >= 2, let q = word.first, q == "'" || q == "\"", word.last == q { return String(word.dropFirst().dropLast()) }
        var out = ""
        var escaped = false
        for ch in word {
            if ch == "\\", !escaped { escaped = true; continue }
            escaped = false
            out.append(ch)
        }
        return out
    }

    // MARK: What each shell reads

    /// One description from its parts: typed text, so each part is shown safely (escape
    /// sequences visible, one line) and the whole is kept short enough for one line of a menu.
    static func describe(_ parts: [String]) -> String {
        let text = parts.map { SafeText.line($0) }.filter { !$0.isEmpty }.joined(separator: " · ")
        return text.count > 70 ? String(text.prefix(69)) + "…" : text
    }

    /// The lines the completion script reads. A value that is not plain text (a control or bidi
    /// character: nobody could type it back) is left out. bash runs each candidate through
    /// word expansion (`compgen -W`), so `$(…)`, backquotes and `~` in a label would be run:
    /// every ASCII character but letters, digits and `_-./` is backslash-escaped for it.
    /// zsh (`_describe`) reads `value:description` with `:` and `\` in the value escaped;
    /// fish reads `value<TAB>description`.
    static func format(_ candidates: [Candidate]) -> [String] {
        let shell = CompletionShell.requesting
        return candidates.filter { !$0.value.isEmpty && SafeText.isClean($0.value) }.map { c in
            switch shell {
            case CompletionShell.bash?:
                return bashEscaped(c.value)
            case CompletionShell.zsh?:
                let value = c.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
                return c.about.isEmpty ? value : value + ":" + c.about
            case CompletionShell.fish?:
                return c.about.isEmpty ? c.value : c.value + "\t" + c.about
            default:
                return c.value
            }
        }
    }

    static func bashEscaped(_ value: String) -> String {
        var out = ""
        for ch in value {
            if ch.isASCII, !(ch.isLetter || ch.isNumber || "_-./".contains(ch)) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    // MARK: The process

    /// Set up before the parser runs a completion: nothing but candidates may reach the
    /// terminal, so stderr goes nowhere; and a board that cannot be read in time (a stalled
    /// disk) means no candidates after a few seconds, never a frozen prompt.
    static func bound(seconds: UInt32 = 3) {
        let null = open("/dev/null", O_WRONLY)
        if null >= 0 {
            dup2(null, STDERR_FILENO)
            close(null)
        }
        signal(SIGALRM) { _ in _exit(0) }
        alarm(seconds)
    }
}
