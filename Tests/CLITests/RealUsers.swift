import Foundation
import Testing

/// Real Unix users for the shared-board tests: a team group with an owner (who is also the
/// manager), a colleague, and a colleague who attacks. Made with groupadd/useradd when the tests
/// run as root (CI does); otherwise those tests say they skipped and why.
enum RealUsers {
    static let group = "dbteam"
    static let owner = "dbmaria"
    static let colleague = "dbbob"
    static let attacker = "dbmallory"

    /// nil when the users exist (made now if needed); else why the tests that need them skip.
    static let unavailable: String? = {
        guard geteuid() == 0 else { return "not running as root, so no Unix users can be made for it (CI runs as root)" }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return "setpriv (util-linux) is not installed" }
        if getgrnam(group) == nil, sh("groupadd \(group)") != 0 { return "groupadd \(group) failed" }
        for user in [owner, colleague, attacker] where getpwnam(user) == nil {
            if sh("useradd -M -N -g \(group) -s /bin/sh \(user)") != 0 { return "useradd \(user) failed" }
        }
        return nil
    }()

    @discardableResult
    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func uid(_ user: String) -> uid_t { getpwnam(user)!.pointee.pw_uid }
    static var gid: gid_t { getgrnam(group)!.pointee.gr_gid }

    /// Prints why a test skipped, so a run as non-root says so instead of passing silently.
    static func skip(_ test: String) -> Bool {
        guard let why = unavailable else { return false }
        print("SKIPPED \(test): \(why)")
        return true
    }
}

extension CLI {
    /// A CLI whose board's parent folder the team can enter and the owner can write, so the owner
    /// can `init` the board there as themself.
    static func forTeam() throws -> CLI {
        let cli = try CLI()
        let parent = (cli.board as NSString).deletingLastPathComponent
        chown(parent, RealUsers.uid(RealUsers.owner), RealUsers.gid)
        chmod(parent, 0o755)
        return cli
    }
}
