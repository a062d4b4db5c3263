import Foundation

/// Which board a command works on: `--board PATH`, else `DEALBOARD_BOARD`, else
/// `$XDG_DATA_HOME/dealboard/default` (falling back to `~/.local/share/dealboard/default`).
public enum BoardLocation {
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return expand(option) }
        if let env = environment["DEALBOARD_BOARD"], !env.isEmpty { return expand(env) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return expand(data) + "/dealboard/default"
    }

    static func expand(_ path: String) -> String {
        let full = (path as NSString).expandingTildeInPath
        if full.hasPrefix("/") { return (full as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath + "/" + full) as NSString).standardizingPath
    }
}
