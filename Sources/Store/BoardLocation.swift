import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which board a command works on, first match wins:
/// 1. `--board PATH`;
/// 2. `$DEALBOARD_BOARD`;
/// 3. the board folder you are in, or the nearest one above it (as git finds `.git`);
/// 4. `board = "PATH"` in the user's config.toml;
/// 5. `$XDG_DATA_HOME/dealboard/default` (falling back to `~/.local/share/dealboard/default`).
///
/// What you say (the flag, the variable) beats where you stand, and where you stand beats a
/// standing default: the config names the board to use when you are in none.
public enum BoardLocation {
    public enum Source: Equatable, Sendable {
        case option, environment, currentFolder, config, defaultFolder
    }

    public struct Found: Equatable, Sendable {
        public var folder: String
        public var source: Source
        /// A board found above the current folder but not used (not yours, nor shared with a
        /// group of yours): said, so nobody wonders why another board opened.
        public var skipped: String?
    }

    /// Option, environment and default only (`init`, `demo`: they create a board, not find one).
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return expand(option) }
        if let env = environment["DEALBOARD_BOARD"], !env.isEmpty { return expand(env) }
        return defaultFolder(environment)
    }

    /// The whole order above. `config` is read only when it is needed (a broken config.toml
    /// stops nothing that names its board).
    public static func locate(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentFolder: String = FileManager.default.currentDirectoryPath,
                              discover: Bool = true, config: () throws -> String?) throws -> Found {
        if let option, !option.isEmpty { return Found(folder: expand(option), source: .option) }
        if let env = environment["DEALBOARD_BOARD"], !env.isEmpty { return Found(folder: expand(env), source: .environment) }
        var skipped: String?
        if discover, let near = enclosingBoard(from: currentFolder) {
            if let problem = untrusted(near) {
                skipped = "not using the board \(near), found above the current folder: \(problem); give --board \(near) to use it anyway"
            } else {
                return Found(folder: near, source: .currentFolder)
            }
        }
        if let configured = try config(), !configured.isEmpty {
            return Found(folder: expand(configured), source: .config, skipped: skipped)
        }
        return Found(folder: defaultFolder(environment), source: .defaultFolder, skipped: skipped)
    }

    static func defaultFolder(_ environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return expand(data) + "/dealboard/default"
    }

    /// The nearest folder, from `folder` up to `/`, that holds a board: a `pipeline.toml` file
    /// beside its journal (a `journal/` folder, `journal.jsonl` or `journal.lock`), so a stray
    /// pipeline.toml (a template being edited) is not taken for one.
    public static func enclosingBoard(from folder: String) -> String? {
        var dir = (expand(folder) as NSString).standardizingPath
        while true {
            var st = stat()
            if lstat(dir + "/pipeline.toml", &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
               ["/journal", "/journal.jsonl", "/journal.lock"].contains(where: { lstat(dir + $0, &st) == 0 }) {
                return dir
            }
            if dir == "/" || dir.isEmpty { return nil }
            dir = (dir as NSString).deletingLastPathComponent
        }
    }

    /// Why a board found by walking up must not be used without being named: a folder that is
    /// neither yours (nor root's) nor shared with a group of yours (setgid, as `init --shared`
    /// makes it) could be planted where you happen to stand, to collect what you write.
    static func untrusted(_ folder: String) -> String? {
        var st = stat()
        guard stat(folder, &st) == 0 else { return "it cannot be read" }
        let me = geteuid()
        if st.st_uid == me || st.st_uid == 0 { return nil }
        if st.st_mode & S_ISGID != 0, memberOf(st.st_gid) { return nil }
        return "it belongs to \(SafeFile.userName(st.st_uid)) and is not shared with a group of yours"
    }

    static func memberOf(_ gid: gid_t) -> Bool {
        if getegid() == gid { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let n = getgroups(count, &groups)
        return n > 0 && groups.prefix(Int(n)).contains(gid)
    }

    static func expand(_ path: String) -> String {
        let full = (path as NSString).expandingTildeInPath
        if full.hasPrefix("/") { return (full as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath + "/" + full) as NSString).standardizingPath
    }
}
