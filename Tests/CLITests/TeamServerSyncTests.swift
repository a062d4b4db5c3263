import Foundation
import Testing

/// Two team servers (shared boards, each author owning their journal there) and a laptop, one
/// board through real git. A team server's sync is run by its board's owner, who cannot write a
/// colleague's journal: so every journal a team server writes carries the server's name
/// (`journal/dbbob@office1.jsonl`), and no other machine writes it.
@Suite(.serialized) struct TeamServerSyncTests {
    /// Server A (office1): dbmaria's shared board. Server B (office2): dbmallory's, joined.
    /// Laptop C: dbbob's private clone. dbbob writes on all three.
    struct Offices {
        var cli: CLI
        let root: String
        let remote: String
        var a: String { root + "/a/board" }
        var b: String { root + "/b/board" }
        var c: String { root + "/c/board" }

        init(secondMachine: String = "office2") throws {
            cli = try CLI()
            root = (cli.board as NSString).deletingLastPathComponent
            remote = root + "/remote.git"
            chmod(root, 0o755)
            try "[safe]\n\tdirectory = *\n".write(toFile: root + "/gitconfig", atomically: true, encoding: .utf8)
            chmod(root + "/gitconfig", 0o644)
            cli.env["GIT_CONFIG_GLOBAL"] = root + "/gitconfig"
            try sh("git init --quiet --bare --shared=group \(remote) && chgrp -R \(RealUsers.group) \(remote) && chmod -R g+rwX \(remote)")
            for (name, owner) in [("a", RealUsers.owner), ("b", RealUsers.attacker), ("c", RealUsers.colleague)] {
                try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: false)
                chown(root + "/" + name, RealUsers.uid(owner), RealUsers.gid)
                chmod(root + "/" + name, 0o755)
            }
            let made = try run(RealUsers.owner, a, "init", "--git", remote, "--shared", RealUsers.group, "--machine", "office1")
            #expect(made.status == 0 && made.out.contains("journal/USER@office1.jsonl"), "\(made.out) \(made.err)")
            let joined = try run(RealUsers.attacker, b, "init", "--git", remote, "--shared", RealUsers.group, "--machine", secondMachine)
            #expect(joined.status == 0 && joined.out.contains("joined the board"), "\(joined.out) \(joined.err)")
            let laptop = try run(RealUsers.colleague, c, "init", "--git", remote)
            #expect(laptop.status == 0, "\(laptop.err)")
        }

        @discardableResult
        func run(_ user: String, _ board: String, _ args: String..., now: String? = nil) throws -> CLI.Result {
            try cli.run(args + ["--board", board], now: now, as: user)
        }

        func sh(_ script: String) throws {
            let r = try cli.shell(script)
            #expect(r.status == 0, "\(script): \(r.err)")
        }

        func owner(of path: String) -> String? {
            var st = stat()
            guard lstat(path, &st) == 0, let pw = getpwuid(st.st_uid) else { return nil }
            return String(cString: pw.pointee.pw_name)
        }

        func mode(of path: String) -> mode_t {
            var st = stat()
            return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
        }

        func views(_ user: String, _ board: String) throws -> [String] {
            let list = try run(user, board, "list", "--all", "--format", "json")
            let report = try run(user, board, "report", "--format", "json", "--since", "2026-10-01", "--until", "2026-12-31", "--no-pager")
            #expect(list.status == 0 && report.status == 0, "\(list.err) \(report.err)")
            return [list.out, report.out]
        }
    }

    @Test func twoTeamServersAndALaptopEndWithTheSameBoard() throws {
        if RealUsers.skip("twoTeamServersAndALaptopEndWithTheSameBoard") { return }
        let o = try Offices()
        defer { o.cli.cleanUp() }
        let maria = RealUsers.owner, bob = RealUsers.colleague, mallory = RealUsers.attacker
        #expect(try o.run(maria, o.a, "add", "Shared deal", "--company", "Acme", "--amount", "5000", now: "2026-11-02T10:00:00Z").status == 0)
        // A colleague on the team server writes in his own journal, named for the server.
        #expect(try o.run(bob, o.a, "log", "1", "call", "from the office", now: "2026-11-02T11:00:00Z").status == 0)
        #expect(o.owner(of: o.a + "/journal/\(bob)@office1.jsonl") == bob)
        #expect(o.owner(of: o.a + "/journal/\(maria)@office1.jsonl") == maria)
        #expect(!FileManager.default.fileExists(atPath: o.a + "/journal/\(bob).jsonl"))
        // Only the board's owner syncs a team server.
        let notOwner = try o.run(bob, o.a, "sync")
        #expect(notOwner.status == 2 && notOwner.err.contains("only the board's owner (\(maria)) syncs"), "\(notOwner.err)")
        let first = try o.run(maria, o.a, "sync")
        #expect(first.status == 0 && first.out.contains("sent 2 events (\(bob) 1, \(maria) 1)"), "\(first.out) \(first.err)")

        // Everyone works apart: bob in both offices and on his laptop.
        for board in [o.b, o.c] { #expect(try o.run(board == o.b ? mallory : bob, board, "sync").status == 0) }
        #expect(try o.run(bob, o.b, "log", "1", "email", "from the second office", now: "2026-11-03T09:00:00Z").status == 0)
        #expect(try o.run(mallory, o.b, "add", "Office two deal", "--company", "Beta", "--amount", "2000", now: "2026-11-03T10:00:00Z").status == 0)
        #expect(try o.run(bob, o.c, "log", "1", "meeting", "from the plane", now: "2026-11-03T12:00:00Z").status == 0)
        #expect(try o.run(maria, o.a, "add", "Office one deal", "--company", "Gamma", "--amount", "3000", now: "2026-11-03T13:00:00Z").status == 0)
        for _ in 0..<2 {
            for (user, board) in [(maria, o.a), (mallory, o.b), (bob, o.c)] {
                let r = try o.run(user, board, "sync")
                #expect(r.status == 0, "\(board): \(r.err)")
            }
        }
        // Every machine, and every reader on a team server, computes the same board.
        let views = try o.views(maria, o.a)
        #expect(try o.views(bob, o.a) == views)
        #expect(try o.views(mallory, o.b) == views)
        #expect(try o.views(bob, o.b) == views)
        #expect(try o.views(bob, o.c) == views)
        let deals = try JSONSerialization.jsonObject(with: Data(views[0].utf8)) as? [[String: Any]] ?? []
        #expect(deals.count == 3)
        // Bob's activities from three machines are all his, and nothing is left uncredited.
        let history = try o.run(bob, o.a, "history", "1")
        for text in ["from the office", "from the second office", "from the plane"] { #expect(history.out.contains(text), "\(history.out)") }
        for (user, board) in [(maria, o.a), (mallory, o.b), (bob, o.c)] {
            let check = try o.run(user, board, "check")
            #expect(!check.out.contains("not credited") && !check.out.contains("not counted"), "\(board): \(check.out)")
        }
        // What git brought to a team server is the owner's file, readable by the team, written by nobody else.
        let arrived = o.a + "/journal/\(bob)@office2.jsonl"
        #expect(o.owner(of: arrived) == maria)
        #expect(o.mode(of: arrived) == 0o640)
        #expect(o.mode(of: o.a + "/journal/\(bob).jsonl") == 0o640)
        #expect(o.mode(of: o.a + "/.git") & 0o077 == 0)
    }

    /// A team server that joins late takes the laptop's journal as it is (`dbbob.jsonl`, the
    /// laptop's name for it), not renamed for the server.
    @Test func aTeamServerJoiningLateKeepsTheOtherMachinesJournals() throws {
        if RealUsers.skip("aTeamServerJoiningLateKeepsTheOtherMachinesJournals") { return }
        let o = try Offices()
        defer { o.cli.cleanUp() }
        let maria = RealUsers.owner, bob = RealUsers.colleague
        #expect(try o.run(maria, o.a, "add", "Shared deal", "--company", "Acme", "--amount", "5000", now: "2026-11-02T10:00:00Z").status == 0)
        #expect(try o.run(maria, o.a, "sync").status == 0)
        #expect(try o.run(bob, o.c, "sync").status == 0)
        #expect(try o.run(bob, o.c, "log", "1", "call", "from the laptop", now: "2026-11-03T09:00:00Z").status == 0)
        #expect(try o.run(bob, o.c, "sync").status == 0)
        let late = o.root + "/d"
        try FileManager.default.createDirectory(atPath: late, withIntermediateDirectories: false)
        chown(late, RealUsers.uid(maria), RealUsers.gid)
        let joined = try o.run(maria, late + "/board", "init", "--git", o.remote, "--shared", RealUsers.group, "--machine", "office3")
        #expect(joined.status == 0, "\(joined.err)")
        #expect(FileManager.default.fileExists(atPath: late + "/board/journal/\(bob).jsonl"))
        #expect(!FileManager.default.fileExists(atPath: late + "/board/journal/\(bob)@office3.jsonl"))
        #expect(try o.run(maria, late + "/board", "sync").status == 0)
        #expect(try o.run(maria, o.a, "sync").status == 0)
        #expect(try o.views(bob, late + "/board") == o.views(maria, o.a))
        #expect(try o.run(bob, late + "/board", "history", "1").out.contains("from the laptop"))
    }

    @Test func twoServersWithOneNameAreRefusedBeforeAnythingMerges() throws {
        if RealUsers.skip("twoServersWithOneNameAreRefusedBeforeAnythingMerges") { return }
        let o = try Offices(secondMachine: "office1")
        defer { o.cli.cleanUp() }
        let maria = RealUsers.owner, bob = RealUsers.colleague, mallory = RealUsers.attacker
        #expect(try o.run(maria, o.a, "add", "Shared deal", "--company", "Acme", "--amount", "5000", now: "2026-11-02T10:00:00Z").status == 0)
        #expect(try o.run(maria, o.a, "sync").status == 0)
        #expect(try o.run(mallory, o.b, "sync").status == 0)
        // Bob writes on both servers into files of the same name, each his own there.
        #expect(try o.run(bob, o.a, "log", "1", "call", "office one", now: "2026-11-03T09:00:00Z").status == 0)
        #expect(try o.run(bob, o.b, "log", "1", "call", "office two", now: "2026-11-03T10:00:00Z").status == 0)
        #expect(try o.run(mallory, o.b, "sync").status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: o.a + "/journal/\(bob)@office1.jsonl"))
        let clash = try o.run(maria, o.a, "sync")
        #expect(clash.status == 2, "\(clash.out)")
        #expect(clash.err.contains("journal/\(bob)@office1.jsonl belongs to \(bob) here") && clash.err.contains("Nothing was merged"), "\(clash.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: o.a + "/journal/\(bob)@office1.jsonl")) == before)
        #expect(try o.run(maria, o.a, "list").status == 0)
    }

    @Test func anExistingTeamBoardStartsSyncingWithItsHistory() throws {
        if RealUsers.skip("anExistingTeamBoardStartsSyncingWithItsHistory") { return }
        var cli = try CLI.forTeam()
        defer { cli.cleanUp() }
        let root = (cli.board as NSString).deletingLastPathComponent
        try "[safe]\n\tdirectory = *\n".write(toFile: root + "/gitconfig", atomically: true, encoding: .utf8)
        chmod(root + "/gitconfig", 0o644)
        cli.env["GIT_CONFIG_GLOBAL"] = root + "/gitconfig"
        let maria = RealUsers.owner, bob = RealUsers.colleague
        #expect(try cli.run(as: maria, "init", "--shared", RealUsers.group).status == 0)
        #expect(try cli.run(as: maria, "add", "Old deal", "--company", "Acme", "--amount", "5000", now: "2026-11-02T10:00:00Z").status == 0)
        #expect(try cli.run(as: bob, "log", "1", "call", "before git", now: "2026-11-02T11:00:00Z").status == 0)
        let before = try cli.run(as: bob, "list", "--all", "--format", "json")
        #expect(try cli.shell("git init --quiet --bare \(root)/remote.git && chgrp -R \(RealUsers.group) \(root)/remote.git && chmod -R g+rwX \(root)/remote.git").status == 0)
        // A colleague cannot make it a git board; its owner can.
        let colleague = try cli.run(as: bob, "init", "--git", root + "/remote.git")
        #expect(colleague.status != 0 && colleague.err.contains("only the board's owner (\(maria)) makes it a git work tree"), "\(colleague.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.board + "/.git"))
        let converted = try cli.run(as: maria, "init", "--git", root + "/remote.git", "--machine", "hq")
        #expect(converted.status == 0 && converted.out.contains("journal/USER@hq.jsonl"), "\(converted.out) \(converted.err)")
        // The journals carry the machine's name now, still their authors' files.
        let journal = cli.board + "/journal/"
        var st = stat()
        #expect(lstat(journal + "\(bob)@hq.jsonl", &st) == 0 && st.st_uid == RealUsers.uid(bob))
        #expect(lstat(journal + "\(bob).jsonl", &st) != 0)
        #expect(try cli.run(as: bob, "list", "--all", "--format", "json").out == before.out)
        #expect(try cli.run(as: bob, "log", "1", "email", "after git", now: "2026-11-03T11:00:00Z").status == 0)
        let sync = try cli.run(as: maria, "sync")
        #expect(sync.status == 0 && sync.out.contains("sent 1 event (\(bob) 1)"), "\(sync.out) \(sync.err)")
        #expect(try cli.run(as: maria, "check").out.contains("not credited") == false)
    }
}
