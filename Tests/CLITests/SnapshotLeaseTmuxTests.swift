import Foundation
import Testing

/// A board read in place from its snapshot, by a real user in a real terminal. Root cuts the
/// snapshot file short under it (as `: > file` would); that waits while the board copies its
/// mapping out (the read lease, Sources/CSnapshotMap), and the board goes on showing every
/// deal's activities, which it reads from those bytes. Without the copy the cut would wait out
/// the kernel's 45 s lease break and the board would then die of SIGBUS.
@Suite(.serialized) struct SnapshotLeaseTmuxTests {
    /// The lines of /proc/PID/maps that map `path`. (Read to its end: a file of /proc says it
    /// is 0 bytes long, so reading "the whole file" by its size reads nothing.)
    func mappings(of pid: String, _ path: String) -> [Substring] {
        guard let h = FileHandle(forReadingAtPath: "/proc/\(pid)/maps"), let data = try? h.readToEnd() else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasSuffix(path) }
    }

    @Test func aBoardGoesOnWhenItsSnapshotIsCutShortUnderIt() throws {
        guard TmuxJourneyTests.tmux != nil else {
            Issue.record("tmux is not installed (apt-get install tmux); .ci/run installs it")
            return
        }
        if RealUsers.skip("aBoardGoesOnWhenItsSnapshotIsCutShortUnderIt") { return }
        let maria = RealUsers.owner
        var cli = try CLI.forTeam()
        defer { cli.cleanUp() }
        let parent = (cli.board as NSString).deletingLastPathComponent
        // Maria's own cache folder: a snapshot is kept only in a folder that is hers alone.
        let cache = parent + "/maria-cache"
        mkdir(cache, 0o700)
        chown(cache, RealUsers.uid(maria), RealUsers.gid)
        cli.env["XDG_CACHE_HOME"] = cache
        cli.env["DEALBOARD_SNAPSHOT"] = "3"
        try cli.run(as: maria, "init")
        for n in 1...4 {
            try cli.run(as: maria, "add", "Deal \(n)", "--company", "Co \(n)", "--amount", "\(n)000")
            try cli.run(as: maria, "log", "\(n)", "call", "call about deal \(n)")
        }
        try cli.run(as: maria, "list")
        let folder = cache + "/dealboard"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".snapshot") })
        let snapshot = folder + "/" + name

        let s = TmuxJourneyTests.Session(name: "lease", socket: parent + "/tmux.sock")
        let env = "TERM=xterm-256color LANG=C.UTF-8 TZ=UTC DEALBOARD_BOARD=\(cli.board) DEALBOARD_NOW=2026-11-02T09:00:00Z "
            + "XDG_CACHE_HOME=\(cache) DEALBOARD_SNAPSHOT=3"
        let asMaria = "setpriv --reuid \(maria) --regid \(RealUsers.group) --init-groups --"
        try TmuxServer.newSession(socket: s.socket, name: s.name, width: 100, height: 30,
                                  command: "env \(env) \(asMaria) \(CLI.binary); echo EXITED $?; sleep 60")
        defer { _ = try? s.tmux("kill-server") }
        try s.waitFor("Prospecting (4)")
        let pgrep = try cli.shell("pgrep -u \(maria) -x dealboard")
        let pid = try #require(pgrep.out.split(separator: "\n").first.map(String.init))
        // Read in place: the file is mapped (where the file system keeps leases; else read whole
        // into memory, and there is nothing to cut from under it).
        guard !mappings(of: pid, snapshot).isEmpty else {
            print("SKIPPED the cut of aBoardGoesOnWhenItsSnapshotIsCutShortUnderIt: the snapshot was not mapped here")
            return
        }

        let cut = try cli.shell(": > '\(snapshot)'; stat -c %s '\(snapshot)'")
        #expect(cut.status == 0 && cut.out.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(mappings(of: pid, snapshot).isEmpty, "the board still maps the file it was cut from")
        // Every deal's activities are still read from the snapshot's bytes, now a private copy.
        try s.keys("Enter")
        try s.waitFor("call about deal 1")
        try s.keys("Escape", "Down", "Enter")
        try s.waitFor("call about deal 2")
        try s.keys("Escape", "q")
        try s.waitFor("EXITED 0")
    }
}
