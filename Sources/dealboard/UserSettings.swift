import BoardUI
import Foundation
import Store
import Terminal
import TOMLKit

/// The user's own settings: `$XDG_CONFIG_HOME/dealboard/config.toml` (else `~/.config/…`) —
/// a theme and key bindings — and the theme files themselves.
struct UserSettings {
    var theme: String?
    var keymap = Keymap.defaults
    /// Clicks select cards; false leaves the mouse to the terminal (select and copy text
    /// without holding Shift).
    var mouse = true

    static func configFolder(_ env: [String: String]) -> String {
        let home = env["HOME"] ?? NSHomeDirectory()
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        return base + "/dealboard"
    }

    /// Reads config.toml if there is one. A mistake names the file, the line and the key.
    static func load(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> UserSettings {
        let path = configFolder(env) + "/config.toml"
        var settings = UserSettings()
        guard let data = FileManager.default.contents(atPath: path) else { return settings }
        let text = String(decoding: data, as: UTF8.self)
        let table = try parse(text, path)
        let fail = errors(path, text)
        for key in table.keys where !["theme", "mouse", "keys"].contains(key) {
            throw fail([(key, nil)], "unknown setting; expected theme, mouse or [keys]")
        }
        if let mouse = table["mouse"] {
            guard let on = mouse.bool else { throw fail([("mouse", nil)], "expected true or false") }
            settings.mouse = on
        }
        if let theme = table["theme"] {
            guard let name = theme.string else { throw fail([("theme", nil)], "expected a theme name or path in quotes") }
            settings.theme = name
        }
        if let keys = table["keys"] {
            guard let keyTable = keys.table else { throw fail([("keys", nil)], "expected a [keys] table: action = [\"key\", …]") }
            for action in keyTable.keys {
                let normalized = action.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").lowercased()
                guard let a = Action.allCases.first(where: { $0.rawValue.lowercased() == normalized }) else {
                    throw fail([("keys", nil), (action, nil)], "no action \"\(action)\"; actions: " + Action.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let value = keyTable[action]!
                let names = value.string.map { [$0] } ?? value.array?.compactMap(\.string) ?? []
                guard !names.isEmpty else { throw fail([("keys", nil), (action, nil)], "expected a key like \"w\" or a list like [\"w\", \"Ctrl-w\"]") }
                var events: [KeyEvent] = []
                for name in names {
                    guard let k = KeyEvent(name: name) else {
                        throw fail([("keys", nil), (action, nil)], "\"\(name)\" is not a key; use a character, Ctrl-x, F1…F24, Up, Down, Left, Right, PgUp, PgDn, Home, End, Enter, Esc, Tab, Space")
                    }
                    events.append(k)
                }
                settings.keymap.rebind(a, to: events)
            }
        }
        return settings
    }

    /// Makes errors that name the file, the line of a key path and what was expected.
    static func errors(_ path: String, _ text: String) -> ([(String, Int?)], String) -> PipelineFileError {
        let locator = TOMLLocator(text: text)
        return { keyPath, message in
            PipelineFileError(file: path, line: locator.line(of: keyPath), keyPath: keyPath.map(\.0).joined(separator: "."), message: message)
        }
    }

    static func parse(_ text: String, _ path: String) throws -> TOMLTable {
        do { return try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw PipelineFileError(file: path, line: e.source.begin.line, keyPath: "", message: "not valid TOML: \(e.description)")
        }
    }

    // MARK: Themes

    static let roleNames = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, $0) })

    /// The palette to draw with; nil means no colours. `NO_COLOR` always wins.
    static func palette(option: String?, settings: UserSettings, env: [String: String] = ProcessInfo.processInfo.environment) throws -> Palette? {
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return nil }
        let spec = option ?? env["DEALBOARD_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.theme ?? "default"
        guard let path = findTheme(spec, env: env) else {
            if spec == "default" { return .standard }
            if spec == "mono" { return nil }
            throw PipelineFileError(file: spec, line: nil, keyPath: "", message: "no theme \"\(spec)\"; looked in: \(themeFolders(env).joined(separator: ", ")); give a name (default, light, high-contrast, mono) or a path to a .toml file")
        }
        return try loadTheme(path)
    }

    static func themeFolders(_ env: [String: String]) -> [String] {
        // The real binary, wherever PATH found it (argv[0] may be just "dealboard").
        let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let exe = (selfExe.path == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath() : selfExe).deletingLastPathComponent()
        let candidates = [configFolder(env) + "/themes",
                          exe.appendingPathComponent("../../themes").standardized.path,          // .build/debug/dealboard
                          exe.appendingPathComponent("../../../themes").standardized.path,       // .build/<triple>/debug/dealboard
                          exe.appendingPathComponent("../share/dealboard/themes").standardized.path, // installed under a prefix
                          FileManager.default.currentDirectoryPath + "/themes"]
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    static func findTheme(_ spec: String, env: [String: String]) -> String? {
        if spec.contains("/") || spec.hasSuffix(".toml") {
            return spec // a path: load it, and let a missing file say so
        }
        return themeFolders(env).map { "\($0)/\(spec).toml" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func loadTheme(_ path: String) throws -> Palette? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineFileError(file: path, line: nil, keyPath: "", message: "cannot read the theme file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let table = try parse(text, path)
        let fail = errors(path, text)
        for key in table.keys where !["name", "colors", "roles"].contains(key) {
            throw fail([(key, nil)], "unknown key; expected name, colors, [roles]")
        }
        if let colors = table["colors"], colors.bool == false { return nil }
        guard let roles = table["roles"]?.table else { throw fail([("roles", nil)], "a theme needs a [roles] table") }
        var looks: [Role: Palette.Look] = [:]
        for name in roles.keys {
            guard let role = roleNames[name] else {
                throw fail([("roles", nil), (name, nil)], "no role \"\(name)\"; roles: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let t = roles[name]?.table else { throw fail([("roles", nil), (name, nil)], "expected { fg = \"…\", bg = \"…\", bold = true }") }
            var look = Palette.Look()
            for key in t.keys {
                switch key {
                case "fg", "bg":
                    guard let c = t[key]?.string.flatMap(color) else {
                        throw fail([("roles", nil), (name, nil)], "\(key): expected a colour: default, black, red, green, yellow, blue, magenta, cyan, white, or bright-…")
                    }
                    if key == "fg" { look.fg = c } else { look.bg = c }
                case "bold", "reverse", "underline", "dim":
                    guard let b = t[key]?.bool else { throw fail([("roles", nil), (name, nil)], "\(key): expected true or false") }
                    switch key {
                    case "bold": look.bold = b
                    case "reverse": look.reverse = b
                    case "underline": look.underline = b
                    default: look.dim = b
                    }
                default:
                    throw fail([("roles", nil), (name, nil)], "unknown attribute \"\(key)\"; expected fg, bg, bold, reverse, underline, dim")
                }
            }
            looks[role] = look
        }
        return Palette(looks: looks)
    }

    static func color(_ name: String) -> Palette.Color? {
        let names: [String: Palette.Color] = [
            "default": .default, "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue,
            "magenta": .magenta, "cyan": .cyan, "white": .white, "bright-black": .brightBlack, "gray": .brightBlack, "grey": .brightBlack,
            "bright-red": .brightRed, "bright-green": .brightGreen, "bright-yellow": .brightYellow, "bright-blue": .brightBlue,
            "bright-magenta": .brightMagenta, "bright-cyan": .brightCyan, "bright-white": .brightWhite,
        ]
        return names[name.lowercased()]
    }
}
