import Foundation
import Testing
import Store

/// Issue 8: a board shared by a group on one server, with real Unix users (made when the tests
/// run as root): maria owns the board, bob works on it, mallory is in the group and attacks.
/// Every attack must fail safely with a clear message, and nothing outside the board — bob's
/// private files — may be touched.
@Suite(.serialized) struct SharedBoardTests {
    let maria = RealUsers.owner, bob = RealUsers.colleague, mallory = RealUsers.attacker

    /// Runs a shell command as a user, in the board's environment.
    func sh(_ cli: CLI, as user: String, _ script: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        p.arguments = ["--reuid", user, "--regid", RealUsers.group, "--init-groups", "--", "/bin/sh", "-c", script]
        var env = cli.env
        env["DB"] = CLI.binary
        env["B"] = cli.board
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// Bob's private file outside the board (his ~/.ssh/authorized_keys, say): the target of the attacks.
    func victimFile(_ cli: CLI) throws -> (path: String, bytes: Data) {
        let dir = (cli.board as NSString).deletingLastPathComponent + "/bob-home"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/authorized_keys"
        let bytes = Data("ssh-ed25519 AAAAC3Nza bob@laptop\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        chown(dir, RealUsers.uid(bob), RealUsers.gid)
        chmod(dir, 0o700)
        chown(path, RealUsers.uid(bob), RealUsers.gid)
        chmod(path, 0o600)
        return (path, bytes)
    }

    func sharedBoard() throws -> CLI {
        let cli = try CLI.forTeam()
        let r = try cli.run(as: maria, "init", "--shared", RealUsers.group)
        #expect(r.status == 0, "\(r.err)")
        #expect(try cli.run(as: maria, "add", "Acme renewal", "--company", "Acme", "--amount", "12000").status == 0)
        return cli
    }

    @Test func aPlantedSymlinkNeverReachesAColleaguesFiles() throws {
        if RealUsers.skip("aPlantedSymlinkNeverReachesAColleaguesFiles") { return }
        let cli = try sharedBoard()
        defer { cli.cleanUp() }
        let victim = try victimFile(cli)
        // Mallory plants bob's journal as a symlink to bob's authorized_keys, before bob's first write.
        #expect(try sh(cli, as: mallory, "ln -s \(victim.path) \"$B/journal/\(bob).jsonl\"").status == 0)
        let write = try cli.run(as: bob, "log", "1", "call", "ssh-ed25519 AAAA mallory@evil")
        #expect(write.status == 2)
        #expect(write.err.contains("refusing \(cli.board)/journal/\(bob).jsonl: it is a symbolic link owned by \(mallory)"), "\(write.err)")
        #expect(write.err.contains("ask the board's owner (\(maria)) to remove it"))
        #expect(FileManager.default.contents(atPath: victim.path) == victim.bytes)
        // Reading the board is refused the same way (no read through the link), and check names the file.
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 1)
        #expect(check.out.contains("journal/\(bob).jsonl: a symbolic link owned by \(mallory)"), "\(check.out)")
        // The owner removes it (a sticky folder lets the folder's owner do that); bob writes again.
        #expect(try sh(cli, as: maria, "rm \"$B/journal/\(bob).jsonl\"").status == 0)
        #expect(try cli.run(as: bob, "log", "1", "call", "Spoke to Dana").status == 0)
        #expect(FileManager.default.contents(atPath: victim.path) == victim.bytes)
    }

    @Test func membersCannotReplaceOrWriteEachOthersFiles() throws {
        if RealUsers.skip("membersCannotReplaceOrWriteEachOthersFiles") { return }
        let cli = try sharedBoard()
        defer { cli.cleanUp() }
        #expect(try cli.run(as: bob, "log", "1", "call", "First call").status == 0)
        // The sticky folder: no renaming over, no deleting another's file; no writing another's journal.
        let toml = try sh(cli, as: mallory, "sed 's/managers = .*/managers = [\"\(mallory)\"]/' \"$B/pipeline.toml\" > /tmp/mallory-pipeline-$$ && mv -f /tmp/mallory-pipeline-$$ \"$B/pipeline.toml\"")
        #expect(toml.status != 0)
        #expect(try sh(cli, as: mallory, "rm -f \"$B/journal/\(bob).jsonl\"").status != 0)
        #expect(try sh(cli, as: mallory, "echo '{}' >> \"$B/journal/\(bob).jsonl\"").status != 0)
        #expect(try sh(cli, as: mallory, "mv \"$B/journal.lock\" \"$B/lock.old\"").status != 0)
        #expect(try sh(cli, as: mallory, "echo x >> \"$B/pipeline.toml\"").status != 0)
        #expect(try cli.run(as: maria, "check").status == 0)
    }

    @Test func aForgedAuthorIsCreditedToNobody() throws {
        if RealUsers.skip("aForgedAuthorIsCreditedToNobody") { return }
        let cli = try sharedBoard()
        defer { cli.cleanUp() }
        #expect(try cli.run(as: mallory, "log", "1", "note", "hello").status == 0)
        // A line in mallory's own journal that names bob and moves #1 straight to Won.
        let lines = cli.journalLines()
        let seq = lines.count + 1
        let deal = ((try JSONSerialization.jsonObject(with: Data(lines[0].utf8))) as! [String: Any])["id"] as! String
        let forged = #"{"id":"forgedforgedfor","ts":"2026-11-02T09:30:00.000Z","seq":\#(seq),"user":"\#(bob)","type":"deal.moved","deal":"\#(deal)","no":1,"data":{"from":"prospecting","to":"won","move":"forward"}}"#
        #expect(try sh(cli, as: mallory, "printf '%s\\n' '\(forged)' >> \"$B/journal/\(mallory).jsonl\"").status == 0)
        let show = try cli.run(as: maria, "show", "1", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        #expect(json["stage"] as? String == "prospecting")
        #expect(show.err.contains("journal/\(mallory).jsonl:2: not credited to anyone: it says it is by \"\(bob)\""), "\(show.err)")
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 1)
        #expect(check.out.contains("journal/\(mallory).jsonl:2: not credited to anyone"))
        let history = try cli.run(as: maria, "history", "1")
        #expect(!history.out.contains(bob), "\(history.out)")
        // A journal squatted under a colleague's name is not theirs either.
        #expect(try sh(cli, as: mallory, "cp \"$B/journal/\(mallory).jsonl\" \"$B/journal/\(bob).jsonl\"").status == 0)
        let squat = try cli.run(as: bob, "log", "1", "call", "mine")
        #expect(squat.status == 2)
        #expect(squat.err.contains("your journal belongs to \(mallory), not to you"), "\(squat.err)")
        #expect(try cli.run(as: maria, "check").out.contains("journal/\(bob).jsonl: not credited to anyone: it belongs to \(mallory), not to \(bob)"))
    }

    /// A snapshot in maria's cache holds bob's events; once bob's journal stops being his alone
    /// (others may write it), the open must judge it again, not show what the snapshot folded.
    @Test func aSnapshotNeverVouchesForAJournalThatStoppedBeingItsAuthors() throws {
        if RealUsers.skip("aSnapshotNeverVouchesForAJournalThatStoppedBeingItsAuthors") { return }
        let cli = try sharedBoard()
        defer { cli.cleanUp() }
        #expect(try cli.run(as: bob, "log", "1", "call", "Spoke to Dana").status == 0)
        let cache = (cli.board as NSString).deletingLastPathComponent + "/maria-cache"
        mkdir(cache, 0o700)
        chown(cache, RealUsers.uid(maria), RealUsers.gid)
        let env = ["XDG_CACHE_HOME": cache, "DEALBOARD_SNAPSHOT": "1"]
        let first = try cli.run(["show", "1"], extraEnv: env, as: maria)
        #expect(first.out.contains("Spoke to Dana"), "\(first.out)\(first.err)")
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache + "/dealboard")
        #expect(snapshots.count == 1 && snapshots[0].hasSuffix(".snapshot"))
        #expect(try cli.run(["show", "1"], extraEnv: env, as: maria).out.contains("Spoke to Dana"))
        #expect(try sh(cli, as: bob, "chmod g+w \"$B/journal/\(bob).jsonl\"").status == 0)
        let after = try cli.run(["show", "1"], extraEnv: env, as: maria)
        #expect(!after.out.contains("Spoke to Dana"), "\(after.out)")
        #expect(after.err.contains("journal/\(bob).jsonl: not credited to anyone: others can write it"), "\(after.err)")
    }

    @Test func aHandAppendedMovePastTheCriteriaIsNotApplied() throws {
        if RealUsers.skip("aHandAppendedMovePastTheCriteriaIsNotApplied") { return }
        let cli = try sharedBoard()
        defer { cli.cleanUp() }
        #expect(try cli.run(as: mallory, "log", "1", "note", "hello").status == 0)
        let lines = cli.journalLines()
        let deal = ((try JSONSerialization.jsonObject(with: Data(lines[0].utf8))) as! [String: Any])["id"] as! String
        // In her own name, in her own journal: authorship is real, but dealboard would never have written it.
        let move = #"{"id":"handmovehandmov","ts":"2026-11-02T09:30:00.000Z","seq":\#(lines.count + 1),"user":"\#(mallory)","type":"deal.moved","deal":"\#(deal)","no":1,"data":{"from":"prospecting","to":"won","move":"forward","forced":true,"reason":"mine"}}"#
        #expect(try sh(cli, as: mallory, "printf '%s\\n' '\(move)' >> \"$B/journal/\(mallory).jsonl\"").status == 0)
        let show = try cli.run(as: maria, "show", "1", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        #expect(json["stage"] as? String == "prospecting")
        #expect(show.err.contains("not applied"), "\(show.err)")
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 1)
        #expect(check.out.contains("journal/\(mallory).jsonl:2: not allowed, by \(mallory)"), "\(check.out)")
        #expect(try cli.run(as: maria, "history", "1").out.contains("✗ not allowed"))
    }

    /// A board of the old kind: one group-writable journal.jsonl, lock and side file, and a
    /// folder without the sticky bit — what `init --shared` made before per-author journals.
    func legacyBoard() throws -> CLI {
        let cli = try CLI.forTeam()
        try BoardInit.create(folder: cli.board, template: "b2b", sharedGroup: RealUsers.group, manager: maria, layout: .single)
        for name in ["", "/pipeline.toml", "/journal.jsonl", "/journal.lock", "/.gitattributes"] {
            chown(cli.board + name, RealUsers.uid(maria), RealUsers.gid)
        }
        chmod(cli.board, 0o2770)
        chmod(cli.board + "/pipeline.toml", 0o640)
        #expect(try cli.run(as: maria, "add", "Acme renewal").status == 0)
        return cli
    }

    @Test func anOldSharedBoardRefusesPlantedFilesThenUpgrades() throws {
        if RealUsers.skip("anOldSharedBoardRefusesPlantedFilesThenUpgrades") { return }
        let cli = try legacyBoard()
        defer { cli.cleanUp() }
        let victim = try victimFile(cli)
        // The side file for torn lines as a symlink, and a torn line to trigger it.
        #expect(try sh(cli, as: mallory, "ln -s \(victim.path) \"$B/journal.rejected\" && printf '%s' 'ssh-ed25519 AAAA mallory' >> \"$B/journal.jsonl\"").status == 0)
        let write = try cli.run(as: bob, "log", "1", "call", "hello")
        #expect(write.status == 2)
        #expect(write.err.contains("refusing \(cli.board)/journal.rejected: it is a symbolic link owned by \(mallory)"), "\(write.err)")
        #expect(FileManager.default.contents(atPath: victim.path) == victim.bytes)
        #expect(try sh(cli, as: mallory, "rm \"$B/journal.rejected\"").status == 0)
        #expect(try cli.run(as: bob, "log", "1", "call", "hello").status == 0) // the torn bytes set aside, into a real file

        // The lock as a symlink.
        #expect(try sh(cli, as: mallory, "mv \"$B/journal.lock\" \"$B/lock.x\" && ln -s \(victim.path) \"$B/journal.lock\"").status == 0)
        let locked = try cli.run(as: bob, "log", "1", "call", "again")
        #expect(locked.status == 2)
        #expect(locked.err.contains("refusing \(cli.board)/journal.lock: it is a symbolic link"), "\(locked.err)")
        #expect(try sh(cli, as: mallory, "rm \"$B/journal.lock\" && mv \"$B/lock.x\" \"$B/journal.lock\"").status == 0)

        // pipeline.toml swapped for a copy that makes mallory a manager: refused by everyone.
        #expect(try sh(cli, as: mallory, "sed 's/managers = .*/managers = [\"\(mallory)\"]/' \"$B/pipeline.toml\" > \"$B/p.tmp\" && chmod 640 \"$B/p.tmp\" && mv \"$B/pipeline.toml\" \"$B/pipeline.orig\" && mv \"$B/p.tmp\" \"$B/pipeline.toml\"").status == 0)
        let swapped = try cli.run(as: bob, "list")
        #expect(swapped.status == 2)
        #expect(swapped.err.contains("it belongs to \(mallory), but the board to \(maria), and only the board's owner may set its rules"), "\(swapped.err)")
        #expect(try cli.run(as: mallory, "move", "1", "won", "--force", "--reason", "mine now").status != 0)
        let check = try cli.run(as: maria, "check")
        #expect(check.status == 1)
        #expect(check.out.contains("only the board's owner may set its rules"))
        #expect(check.out.contains("without the sticky bit"))
        #expect(try sh(cli, as: maria, "mv -f \"$B/pipeline.orig\" \"$B/pipeline.toml\"").status == 0)

        // The owner upgrades: every old line kept (read-only), the folder sticky, new events per author.
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.board + "/journal.jsonl"))
        #expect(try cli.run(as: bob, "upgrade").status == 2) // only the owner
        let up = try cli.run(as: maria, "upgrade")
        #expect(up.status == 0, "\(up.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.board + "/journal.jsonl")) == before)
        #expect(try cli.run(as: bob, "log", "1", "meeting", "after the upgrade").status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.board + "/journal/\(bob).jsonl"))
        #expect(try sh(cli, as: mallory, "echo '{}' >> \"$B/journal.jsonl\"").status != 0)
        let show = try cli.run(as: maria, "show", "1", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        #expect((json["activities"] as? [Any])?.count == 2, "\(show.out)")
        #expect(FileManager.default.contents(atPath: victim.path) == victim.bytes)
    }
}

/// The store protocol with several real authors at once: nothing lost, one order, every event
/// in its author's own file; kill -9 of one author's writes loses nothing acknowledged.
@Suite(.serialized) struct SeveralAuthorsTests {
    let team = [RealUsers.owner, RealUsers.colleague, RealUsers.attacker]

    @Test func threeAuthorsWritingAtOnceLoseNothing() throws {
        if RealUsers.skip("threeAuthorsWritingAtOnceLoseNothing") { return }
        let cli = try CLI.forTeam()
        defer { cli.cleanUp() }
        #expect(try cli.run(as: RealUsers.owner, "init", "--shared", RealUsers.group).status == 0)
        #expect(try cli.run(as: RealUsers.owner, "add", "Target").status == 0)
        let loops = team.map { user in
            "setpriv --reuid \(user) --regid \(RealUsers.group) --init-groups -- sh -c 'for i in $(seq 1 60); do \"$DB\" log 1 note \"\(user) $i\" >/dev/null || echo \"FAIL \(user) $i\"; done' &"
        }.joined(separator: "\n")
        let r = try cli.shell(loops + "\nwait\n")
        #expect(!r.out.contains("FAIL"), "\(r.out)\(r.err)")
        // Each author's lines are in their own file, owned by them; seq orders all of them.
        var seqs: [Int] = []
        for user in team {
            let path = cli.board + "/journal/\(user).jsonl"
            var st = stat()
            #expect(lstat(path, &st) == 0 && st.st_uid == RealUsers.uid(user) && st.st_mode & 0o777 == 0o640)
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            #expect(objects.allSatisfy { $0["user"] as? String == user })
            let mine = objects.compactMap { $0["seq"] as? Int }
            #expect(mine == mine.sorted())
            seqs += mine
        }
        #expect(Set(seqs).count == seqs.count)             // one order across the files
        #expect(seqs.count == 1 + 180)                     // the add and every note
        let show = try cli.run(as: RealUsers.colleague, "show", "1", "--format", "json")
        let deal = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        let texts = Set((deal["activities"] as! [[String: Any]]).compactMap { $0["text"] as? String })
        for user in team { for i in 1...60 { #expect(texts.contains("\(user) \(i)")) } }
        #expect(try cli.run(as: RealUsers.owner, "check").status == 0)
    }

    @Test func killDashNineOfOneAuthorLosesNothingAcknowledged() throws {
        if RealUsers.skip("killDashNineOfOneAuthorLosesNothingAcknowledged") { return }
        let cli = try CLI.forTeam()
        defer { cli.cleanUp() }
        let (maria, bob) = (RealUsers.owner, RealUsers.colleague)
        #expect(try cli.run(as: maria, "init", "--shared", RealUsers.group).status == 0)
        #expect(try cli.run(as: maria, "add", "Target").status == 0)
        let acks = (cli.board as NSString).deletingLastPathComponent + "/acks"
        // Each loop is a process group of its own and is killed whole: a pkill by name or by
        // user would also kill the processes of tests running beside this one.
        let script = """
        touch \(acks).m \(acks).b; chmod 666 \(acks).m \(acks).b
        setsid setpriv --reuid \(maria) --regid \(RealUsers.group) --init-groups -- sh -c 'for i in $(seq 1 100000); do "$DB" log 1 note "m $i" >/dev/null && echo "ok m $i"; done >> \(acks).m' &
        m=$!
        setsid setpriv --reuid \(bob) --regid \(RealUsers.group) --init-groups -- sh -c 'for i in $(seq 1 100000); do "$DB" log 1 note "b $i" >/dev/null && echo "ok b $i"; done >> \(acks).b' &
        b=$!
        sleep 1.5
        kill -9 -- -$b
        sleep 0.5
        kill -9 -- -$m
        wait 2>/dev/null
        true
        """
        _ = try cli.shell(script)
        let acked = try ["m", "b"].flatMap { try String(contentsOfFile: "\(acks).\($0)", encoding: .utf8).split(separator: "\n").map { String($0.dropFirst(3)) } }
        #expect(acked.count > 6, "the loops wrote too little to test anything")
        let show = try cli.run(as: maria, "show", "1", "--format", "json")
        #expect(show.status == 0)
        let deal = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        let texts = Set((deal["activities"] as! [[String: Any]]).compactMap { $0["text"] as? String })
        for n in acked { #expect(texts.contains(n), "acknowledged event \(n) is missing") }
        #expect(texts.count >= acked.count && texts.count <= acked.count + 2)
        // Each author's next write sets aside a torn tail of their own, if the kill left one.
        #expect(try cli.run(as: bob, "log", "1", "note", "after the kill").status == 0)
        #expect(try cli.run(as: maria, "log", "1", "note", "after the kill").status == 0)
        #expect(try cli.run(as: maria, "check").status == 0)
    }
}
