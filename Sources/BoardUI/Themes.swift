import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Store
import Terminal
import TOMLKit

/// Colour themes: where a named one is found, and how a theme file becomes a `Palette`.
///
/// A name is looked up only in places the user or the installer chose — the user's config
/// folder, the themes installed beside the executable, the source checkout the executable was
/// built in — and last in the four themes compiled into the binary. Never in the current
/// folder: a board folder is shared, and a `themes/default.toml` planted there must not
/// restyle (or break) the board of whoever opens it. A spec with a `/` is a path the user
/// typed and is read as given.
public enum Themes {
    public static let shippedNames = ["default", "light", "high-contrast", "mono"]

    /// Where a theme comes from: a file, or one compiled into the binary.
    public enum Source: Equatable, Sendable {
        case file(String)
        case builtIn(String)
    }

    /// The folders searched for `NAME.toml`, in order.
    /// - configFolder: `$XDG_CONFIG_HOME/dealboard` (else `~/.config/dealboard`).
    /// - executable: the real path of the running binary (symlinks resolved).
    public static func folders(configFolder: String, executable: String) -> [String] {
        let bin = URL(fileURLWithPath: executable).deletingLastPathComponent().standardized
        var candidates = [configFolder + "/themes",
                          bin.appendingPathComponent("../share/dealboard/themes").standardized.path]  // installed under a prefix
        // Built in a SwiftPM checkout (<checkout>/.build/[<triple>/]debug/dealboard): the checkout's themes/.
        let parts = bin.pathComponents
        if let build = parts.lastIndex(of: ".build"), build > 0 {
            candidates.append(NSString.path(withComponents: Array(parts[..<build]) + ["themes"]))
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// Finds a theme by name (or path). Nil: no such theme anywhere.
    /// - usable: whether a theme file may be read; by default `trusted`.
    public static func find(_ spec: String, configFolder: String, executable: String,
                            usable: (String) -> Bool = { trusted($0) }) -> Source? {
        if spec.contains("/") {
            return .file(spec) // a path the user typed: read it, and let a missing file say so
        }
        if let path = folders(configFolder: configFolder, executable: executable).map({ "\($0)/\(spec).toml" }).first(where: usable) {
            return .file(path)
        }
        return builtIn[spec] == nil ? nil : .builtIn(spec)
    }

    /// A theme file someone else could have put there is not used: it must exist, and it and
    /// its folder must belong to this user or root and not be writable by every user. (A binary
    /// run from /tmp/x/ would otherwise look in /tmp/share/dealboard/themes, which anyone can create.)
    public static func trusted(_ file: String) -> Bool {
        func ok(_ path: String) -> Bool {
            var st = stat()
            guard stat(path, &st) == 0 else { return false }
            return (st.st_uid == 0 || st.st_uid == getuid()) && st.st_mode & 0o002 == 0
        }
        return ok(file) && ok((file as NSString).deletingLastPathComponent)
    }

    /// The running binary, wherever PATH found it (argv[0] may be just "dealboard").
    public static func currentExecutable() -> String {
        let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if selfExe.path != "/proc/self/exe" { return selfExe.path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// The palette of a theme; nil means no colours (`colors = false`, as in mono).
    public static func palette(_ source: Source) throws -> Palette? {
        switch source {
        case .builtIn(let name):
            return try parse(builtIn[name] ?? "", file: "built-in theme \(name)")
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PipelineFileError(file: path, line: nil, keyPath: "", message: "cannot read the theme file")
            }
            return try parse(try PipelineLoader.text(of: data, file: path), file: path)
        }
    }

    static let roleNames = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, $0) })

    /// Reads a theme file's text. A mistake names the file, the line and the key.
    public static func parse(_ text: String, file path: String) throws -> Palette? {
        let toml = try TOMLFile(text: text, file: path)
        let table = toml.table, fail = toml.fail
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

    public static func color(_ name: String) -> Palette.Color? {
        let names: [String: Palette.Color] = [
            "default": .default, "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue,
            "magenta": .magenta, "cyan": .cyan, "white": .white, "bright-black": .brightBlack, "gray": .brightBlack, "grey": .brightBlack,
            "bright-red": .brightRed, "bright-green": .brightGreen, "bright-yellow": .brightYellow, "bright-blue": .brightBlue,
            "bright-magenta": .brightMagenta, "bright-cyan": .brightCyan, "bright-white": .brightWhite,
        ]
        return names[name.lowercased()]
    }
}
