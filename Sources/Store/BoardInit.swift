import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dealboard init`: a new board folder from a template.
public enum BoardInit {
    public struct Exists: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) already exists; a board is never overwritten (pick another --board or remove it yourself)" }
    }

    public struct UnknownTemplate: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "no template \"\(name)\"; templates: " + PipelineTemplates.all.map(\.name).joined(separator: ", ")
        }
    }

    /// Creates the folder (0700, or 3770 with a group: setgid and sticky), pipeline.toml, the lock,
    /// and the per-author journals' folder (`layout: .single` makes a board of the old kind, with
    /// one journal.jsonl: only for tests of the upgrade and of old boards).
    /// The user who creates the board owns it and is its first manager. `timeZone`: the board's
    /// days; nil for the server's (`ServerTimeZone`). `money`: the board's currency and number
    /// style, written into pipeline.toml (the templates' USD and 1,234.56 when nil; the command
    /// line passes the locale's, `moneyDefaults`).
    @discardableResult
    public static func create(folder: String, template: String, sharedGroup: String?, manager: String? = nil,
                              layout: JournalLayout = .perAuthor, timeZone: String? = nil, money: MoneyFormat? = nil) throws -> BoardFiles {
        let files = BoardFiles(folder: folder)
        guard var text = PipelineTemplates.toml(named: template, managers: [manager ?? POSIX.currentUser]) else {
            throw UnknownTemplate(name: template)
        }
        if let money { text = PipelineTemplates.withMoney(text, money) }
        let toml = ServerTimeZone.write(timeZone ?? ServerTimeZone.detect().name, into: text)
        var st = stat()
        if lstat(files.pipeline, &st) == 0 { throw Exists(path: files.pipeline) }
        // Validate before writing anything: a template must always load.
        _ = try PipelineLoader.parse(toml, file: "template \(template)")
        try BoardFiles.createFolder(files.folder, sharedGroup: sharedGroup)
        // The team reads the rules but cannot rewrite them (managers = [...] decides who may
        // force a refused move): writable by the board's owner only.
        try files.createExclusive(files.pipeline, contents: Data(toml.utf8), mode: files.ownFileMode)
        switch layout {
        case .perAuthor:
            // flock needs only read access: the lock is the owner's, and nobody can swap it.
            try files.createExclusive(files.lock, contents: Data(), mode: files.ownFileMode)
            try files.createJournalFolder()
        case .single:
            try files.createExclusive(files.journal, contents: Data())
            try files.createExclusive(files.lock, contents: Data())
        }
        // Lets two machines' journals merge with git (see ARCHITECTURE.md).
        try? files.createExclusive(files.folder + "/.gitattributes", contents: Data(gitattributes.utf8), mode: files.ownFileMode)
        POSIX.fsyncDirectory(files.folder)
        return files
    }

    /// The currency and number style of the user's locale, for a new board: `LC_ALL`, else
    /// `LC_MONETARY` (currency) or `LC_NUMERIC` (style), else `LANG`. A locale without a region
    /// (`C`, `POSIX`) gives USD and 1,234.56. Also returns the locale it went by, to say so.
    public static func moneyDefaults(environment env: [String: String] = ProcessInfo.processInfo.environment) -> (money: MoneyFormat, locale: String?) {
        func locale(_ category: String) -> String? {
            for key in ["LC_ALL", category, "LANG"] {
                if let v = env[key], !v.isEmpty { return v }
            }
            return nil
        }
        func identifier(_ name: String?) -> String? {
            guard let name, name != "C", name != "POSIX", !name.hasPrefix("C.") else { return nil }
            return String(name.prefix { $0 != "." && $0 != "@" })
        }
        var money = MoneyFormat.standard
        let numeric = locale("LC_NUMERIC")
        if let id = identifier(numeric) {
            let l = Locale(identifier: id)
            money.style = NumberStyle.of(decimalSeparator: l.decimalSeparator, groupingSeparator: l.groupingSeparator)
        }
        let monetary = locale("LC_MONETARY")
        if let id = identifier(monetary), let code = Locale(identifier: id).currency?.identifier, let c = Currency.iso(code) {
            money.currency = c
        }
        let used = identifier(numeric) != nil ? numeric : identifier(monetary) != nil ? monetary : nil
        return (money, used)
    }

    static let gitattributes = "journal.jsonl merge=union\njournal/*.jsonl merge=union\njournal.lock -diff\n"
}
