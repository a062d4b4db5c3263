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
    /// `board = "~/boards/team"`: the board to use when no --board, no $DEALBOARD_BOARD and no
    /// board folder around the current one says otherwise.
    var board: String?

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
        let text = try PipelineLoader.text(of: data, file: path) // a NUL byte or invalid UTF-8: said with its line
        let toml = try TOMLFile(text: text, file: path)
        let table = toml.table, fail = toml.fail
        for key in table.keys where !["theme", "mouse", "keys", "board"].contains(key) {
            throw fail([(key, nil)], "unknown setting; expected board, theme, mouse or [keys]")
        }
        if let board = table["board"] {
            // Relative to what? The current folder changes from run to run: absolute, or from ~.
            guard let path = board.string, path.hasPrefix("/") || path == "~" || path.hasPrefix("~/") else {
                throw fail([("board", nil)], "expected the board folder's full path in quotes, such as \"~/boards/team\" or \"/srv/boards/team\"")
            }
            settings.board = path
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

    // MARK: Themes

    /// The palette to draw with; nil means no colours. `NO_COLOR` always wins.
    /// Named themes come from `Themes.find` (config folder, installed beside the binary, built
    /// in), never from the current folder; a spec with a `/` is a path the user chose.
    static func palette(option: String?, settings: UserSettings, env: [String: String] = ProcessInfo.processInfo.environment,
                        executable: String = Themes.currentExecutable()) throws -> Palette? {
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return nil }
        let spec = option ?? env["DEALBOARD_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.theme ?? "default"
        guard let source = Themes.find(spec, configFolder: configFolder(env), executable: executable) else {
            let folders = Themes.folders(configFolder: configFolder(env), executable: executable)
            let hint = spec.hasSuffix(".toml") ? "; a theme file in this folder is given as a path: ./\(spec)" : ""
            throw PipelineFileError(file: spec, line: nil, keyPath: "", message: "no theme \"\(spec)\"; looked in: \(folders.joined(separator: ", ")) and the built-in themes (\(Themes.shippedNames.joined(separator: ", ")))\(hint); give a name or a path to a .toml file")
        }
        return try Themes.palette(source)
    }
}
