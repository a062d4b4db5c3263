import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One board on several machines, through git: the board folder is a git work tree with a
/// remote, every author appends only to their own journal (`journal/<user>.jsonl`), and the
/// journals are declared union-merged (`.gitattributes`), so a merge only ever adds lines.
///
/// `sync` = commit this machine's new events (one commit), fetch, merge, push (once more after a
/// rejected push). The board's lock is held while git changes the journals, so no event is
/// written half-way through a commit or a merge. The merged board is the fold of every event in
/// (seq, time, id) order, the same on every machine (`JournalSet`); an event that arrives twice
/// counts once (`BoardState.seenIDs`).
public struct BoardSync: Sendable {
    public let files: BoardFiles
    let git: Git

    /// What `.gitattributes` must say for the journals: merged by keeping both sides' lines.
    public static let attributes = """
        # dealboard: journals only ever gain lines; a merge keeps both sides' (even a plain git pull).
        journal/*.jsonl merge=union
        journal.jsonl merge=union

        """
    /// What stays on this machine: the lock, lines set aside by a repair, a killed repair's files.
    public static let ignored = """
        # dealboard: files that belong to this machine only.
        journal.lock
        *.rejected
        .journal.*
        this-machine

        """

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `batch`: never ask for a password or about a host key (the full-screen board: a prompt
    /// would write over it; a command whose stdin is not a terminal: nobody is there to answer).
    public init(files: BoardFiles, batch: Bool = false) {
        self.files = files
        git = Git(folder: files.folder, config: Self.identity(), batch: batch)
    }

    /// The committer, when git has none configured (a fresh account, CI): the login at this host.
    /// Asked of git once per process (the board makes a BoardSync on every change it sees).
    static func identity() -> [(String, String)] { committer }

    private static let committer: [(String, String)] = {
        let login = SafeFile.userName(geteuid())
        var config: [(String, String)] = [("core.hooksPath", "/dev/null")]
        if ProcessInfo.processInfo.environment["GIT_AUTHOR_NAME"] == nil {
            let probe = Git(folder: "/", config: [])
            if (try? probe.run("config", "--get", "user.email"))?.ok != true {
                let host = ProcessInfo.processInfo.hostName
                config += [("user.name", login), ("user.email", "\(login)@\(host.isEmpty ? "localhost" : host)")]
            }
        }
        return config
    }()

    // MARK: status

    public struct Status: Sendable {
        public var remote: String?
        public var upstream: String?
        /// Events written here and not yet committed, by author.
        public var waiting: [String: Int]
        /// Commits here not yet on the remote (as of the last fetch).
        public var ahead: Int
        public var behind: Int
        public var lastSync: Date?

        public var waitingTotal: Int { waiting.values.reduce(0, +) }
    }

    public func status() throws -> Status {
        try checkWorkTree()
        let upstream = try upstreamBranch()
        var ahead = 0, behind = 0
        if let upstream {
            let r = try git.run("rev-list", "--left-right", "--count", "HEAD...\(upstream)")
            let n = r.out.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
            if r.ok, n.count == 2 { ahead = n[0]; behind = n[1] }
        }
        return Status(remote: try remoteName(), upstream: upstream, waiting: try uncommittedEvents(), ahead: ahead, behind: behind, lastSync: lastSync)
    }

    /// What the board's title bar says: events waiting to go out, and the last sync. One git
    /// command (the committed sizes), as the board asks whenever it gains an event; nil where
    /// this user does not sync (a colleague on a team server).
    public func pending() -> (waiting: Int, lastSync: Date?)? {
        guard Git.executable != nil, let owner = files.gitOwner, owner == geteuid(),
              let waiting = try? uncommittedEvents() else { return nil }
        return (waiting.values.reduce(0, +), lastSync)
    }

    /// When this machine last completed a sync (kept in .git, which git never sends).
    public var lastSync: Date? {
        guard let text = try? String(contentsOfFile: markerPath, encoding: .utf8), let t = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return Date(timeIntervalSince1970: t)
    }

    var markerPath: String { files.folder + "/.git/dealboard-last-sync" }

    // MARK: sync

    public struct Result: Sendable {
        public var sent: [String: Int] = [:]
        public var received: [String: Int] = [:]
        public var upstream: String = ""
        public var pushed = false
        public var retried = false
        public var rulesChanged = false
    }

    /// Commit, fetch, merge, push. `lock` runs its body under the board's lock (the store's).
    public func sync(now: Date, lock: (() throws -> Void) throws -> Void) throws -> Result {
        try checkWorkTree()
        // Claimed before any git that could take a lock runs: a sync killed at any later
        // point leaves its process id, and the next sync clears what its git left locked.
        try lock {
            try recoverFromKilledSync()
            try claim()
        }
        defer { unlink(runningPath) }
        try checkClean()
        guard let remote = try remoteName() else {
            throw Failure(description: "the board has no git remote to sync with; add one: git -C \(files.folder) remote add origin URL (a bare repository on a shared path, or ssh://host/path)")
        }
        var result = Result()
        try lock { result.sent = try commitNewEvents() }
        let branch = try currentBranch()
        let upstream = try upstreamBranch() ?? "\(remote)/\(branch)"
        result.upstream = upstream
        for attempt in 0..<2 {
            let fetched = try git.run("fetch", "--quiet", remote)
            guard fetched.ok else {
                let kept = result.sent.isEmpty ? "" : "; this machine's events are committed here and the next sync sends them"
                throw Failure(description: "fetching from \(remote) failed: git fetch said: \(fetched.said)\(kept)")
            }
            if try git.run("rev-parse", "--verify", "--quiet", "\(upstream)^{commit}").ok {
                try lock {
                    // Events written since the first commit (this machine keeps working) go first.
                    _ = try commitNewEvents()
                    let before = try git.must("rev-parse", "HEAD", doing: "reading HEAD").out.trimmingCharacters(in: .whitespacesAndNewlines)
                    try merge(upstream)
                    let got = try eventsAdded(from: before, to: "HEAD")
                    for (k, v) in got { result.received[k, default: 0] += v }
                    if try git.run("diff", "--quiet", before, "HEAD", "--", "pipeline.toml").status == 1 { result.rulesChanged = true }
                }
                // Sent: every event the remote lacks, those a failed sync committed here included
                // (its message promised the next sync sends them).
                result.sent = try eventsAdded(from: upstream, to: "HEAD")
            }
            let push = try git.run("push", "--quiet", remote, "HEAD:refs/heads/\(branch)")
            if push.ok { result.pushed = true; break }
            // Someone pushed between our fetch and our push: fetch and merge once more.
            let rejected = push.err.contains("rejected") || push.err.contains("fetch first") || push.err.contains("non-fast-forward")
            guard rejected, attempt == 0 else {
                throw Failure(description: "pushing to \(remote) failed: git push said: \(push.said); the events are committed here and the next sync sends them")
            }
            result.retried = true
        }
        if try upstreamBranch() == nil { _ = try? git.run("branch", "--quiet", "--set-upstream-to=\(upstream)") }
        tightenModes()
        try? String(format: "%.0f\n", now.timeIntervalSince1970).write(toFile: markerPath, atomically: true, encoding: .utf8)
        return result
    }

    /// Where a running sync writes its process id: one left by a process that is gone means a
    /// sync was killed, and what its git left locked can be cleared.
    var runningPath: String { files.folder + "/.git/dealboard-sync.pid" }

    func claim() throws {
        try? "\(getpid())\n".write(toFile: runningPath, atomically: true, encoding: .utf8)
    }

    /// After a sync killed mid-way (kill -9, a power cut): git's lock files it left behind
    /// (index.lock, a ref's .lock) would stop every later git command. They are removed only
    /// when the sync that took them is gone, and after a moment for a git it started to finish.
    func recoverFromKilledSync() throws {
        guard let text = try? String(contentsOfFile: runningPath, encoding: .utf8) else { return }
        if let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid != getpid(), kill(pid, 0) == 0,
           (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("dealboard") ?? true {
            throw Failure(description: "another dealboard sync is running (process \(pid)); wait for it")
        }
        let git = files.folder + "/.git"
        var locks: [String] = []
        if let walk = FileManager.default.enumerator(atPath: git) {
            while let path = walk.nextObject() as? String {
                if path.hasPrefix("objects/") { walk.skipDescendants(); continue }
                if path.hasSuffix(".lock") { locks.append(git + "/" + path) }
            }
        }
        guard !locks.isEmpty else { unlink(runningPath); return }
        for _ in 0..<40 where locks.contains(where: { FileManager.default.fileExists(atPath: $0) }) { usleep(50_000) }
        for path in locks { unlink(path) }
        unlink(runningPath)
    }

    /// The journals' new lines in one commit, its message saying how many events by whom.
    func commitNewEvents() throws -> [String: Int] {
        let changed = try changedJournals()
        guard !changed.isEmpty else { return [:] }
        try git.must(["add", "--"] + changed, doing: "adding the journals")
        let counts = try eventsAdded(from: "HEAD", to: nil)
        guard !counts.isEmpty else { return [:] }
        let total = counts.values.reduce(0, +)
        let who = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        try git.must("commit", "--quiet", "--no-verify", "-m", "dealboard: \(total) event\(total == 1 ? "" : "s") (\(who))", doing: "committing the new events")
        return counts
    }

    // MARK: what git sees

    /// The board folder must be the top of a git work tree that its owner owns, and this user
    /// must be that owner: git rewrites every author's journal on a merge.
    func checkWorkTree() throws {
        guard Git.executable != nil else { throw Failure(description: "git is not installed (apt-get install git)") }
        var st = stat()
        guard lstat(files.folder + "/.git", &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(description: "\(files.folder) is not a git work tree; make it one with: dealboard init --git REMOTE --board \(files.folder) (its history comes along)")
        }
        guard let owner = files.gitOwner else {
            throw Failure(description: "\(files.folder)/.git does not belong to the board's owner; dealboard syncs only a repository its owner made")
        }
        guard owner == geteuid() else {
            throw Failure(description: "only the board's owner (\(SafeFile.userName(owner))) syncs this board (git runs as the owner)")
        }
        let top = try git.must("rev-parse", "--show-toplevel", doing: "finding the work tree").out.trimmingCharacters(in: .newlines)
        guard (top as NSString).resolvingSymlinksInPath == (files.folder as NSString).resolvingSymlinksInPath else {
            throw Failure(description: "\(files.folder) is inside the git work tree \(SafeText.line(top)), not its top; a synced board is a repository of its own")
        }
        if FileManager.default.fileExists(atPath: files.folder + "/.git/MERGE_HEAD") {
            throw Failure(description: "a git merge is in progress in \(files.folder) that dealboard did not start; finish it (git commit) or abort it (git merge --abort), then sync")
        }
        for op in ["rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "REVERT_HEAD"] where FileManager.default.fileExists(atPath: files.folder + "/.git/" + op) {
            throw Failure(description: "a git \(op.hasPrefix("rebase") ? "rebase" : op == "CHERRY_PICK_HEAD" ? "cherry-pick" : "revert") is in progress in \(files.folder); finish or abort it, then sync")
        }
    }

    /// Only the journals may have changed since the last commit: anything else (an edit of the
    /// rules not yet committed) is the user's to commit or revert, and sync changes nothing.
    func checkClean() throws {
        let r = try git.must("status", "--porcelain=v1", "--untracked-files=no", doing: "reading the work tree's state")
        let others = try r.out.split(separator: "\n").map { String($0.dropFirst(3)) }.filter { try !isJournal($0) && !takenByKilledSync($0) }
        guard others.isEmpty else {
            let list = others.map { SafeText.line($0) }.joined(separator: ", ")
            let rules = others.contains("pipeline.toml") ? " A change of the rules travels as a commit: git -C \(files.folder) commit pipeline.toml -m '…' (or undo it: git checkout pipeline.toml)." : ""
            throw Failure(description: "\(list) changed here and not committed; dealboard commits only the journals.\(rules) Nothing was synced")
        }
    }

    /// A file a killed sync had already taken from the remote (its bytes are the remote's):
    /// the next sync's merge carries on with it.
    func takenByKilledSync(_ path: String) throws -> Bool {
        guard let upstream = try upstreamBranch(), let there = try blob(upstream, path) else { return false }
        return FileManager.default.contents(atPath: files.folder + "/" + path) == there
    }

    func isJournal(_ path: String) -> Bool {
        path == "journal.jsonl" || (path.hasPrefix("journal/") && path.hasSuffix(".jsonl") && !path.dropFirst(8).contains("/"))
    }

    /// Journal files with lines not yet committed (new files included).
    func changedJournals() throws -> [String] {
        let r = try git.must("status", "--porcelain=v1", "--untracked-files=all", "--", "journal", "journal.jsonl", doing: "reading the journals' state")
        return r.out.split(separator: "\n").map { String($0.dropFirst(3)) }.filter(isJournal)
    }

    /// Events (lines) each author's journal gained between two commits (`to` nil: the index).
    func eventsAdded(from: String, to: String?) throws -> [String: Int] {
        var args = ["diff", "--numstat"]
        args += to.map { [from, $0] } ?? ["--cached", from]
        args += ["--", "journal", "journal.jsonl"]
        let r = try git.run(args)
        guard r.ok else { return [:] }
        var counts: [String: Int] = [:]
        for line in r.out.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 2)
            // Net of lines removed: one login's journal written on two machines holds the same
            // events in each machine's order, and a line that only moved is no event sent.
            guard parts.count == 3, let plus = Int(parts[0]), let minus = Int(parts[1]), isJournal(String(parts[2])) else { continue }
            let added = plus - minus
            guard added > 0 else { continue }
            let path = String(parts[2])
            let who = path == "journal.jsonl" ? "journal.jsonl" : BoardFiles.author(ofJournal: String(path.dropFirst(8).dropLast(6)))
            counts[who, default: 0] += added
        }
        return counts
    }

    /// Events (lines) written since the last commit, by author: what each journal holds beyond
    /// its committed size. Cheap enough for the board to ask whenever it gains an event (git
    /// lists the sizes; only the new bytes are read).
    func uncommittedEvents() throws -> [String: Int] {
        let r = try git.run("ls-tree", "-r", "-l", "-z", "HEAD", "--", "journal", "journal.jsonl")
        // Without the committed sizes every line would look new (git refusing a colleague's repository).
        guard r.ok else { throw Failure(description: "git cannot read \(files.folder)'s commits: \(r.err.trimmingCharacters(in: .whitespacesAndNewlines))") }
        var committed: [String: Int] = [:]
        for entry in r.data.split(separator: 0, omittingEmptySubsequences: true) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t") else { continue }
            let fields = text[..<tab].split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 4, let size = Int(fields[3]) { committed[String(text[text.index(after: tab)...])] = size }
        }
        var paths = ["journal.jsonl"]
        if let names = try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder) {
            paths += names.map { "journal/" + $0 }.filter(isJournal)
        }
        var counts: [String: Int] = [:]
        for path in paths {
            let fd = open(files.folder + "/" + path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let from = committed[path] ?? 0
            let size = Int(st.st_size)
            guard size > from else { continue }
            var tail = [UInt8](repeating: 0, count: size - from)
            let got = pread(fd, &tail, tail.count, off_t(from))
            let lines = got > 0 ? tail.prefix(got).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } : 0
            if lines > 0 { counts[path == "journal.jsonl" ? path : BoardFiles.author(ofJournal: String(path.dropFirst(8).dropLast(6))), default: 0] += lines }
        }
        return counts
    }

    func remoteName() throws -> String? {
        if let up = try upstreamBranch(), let slash = up.firstIndex(of: "/") { return String(up[..<slash]) }
        let remotes = try git.run("remote").out.split(separator: "\n").map(String.init)
        return remotes.contains("origin") ? "origin" : remotes.first
    }

    func upstreamBranch() throws -> String? {
        let r = try git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
        let name = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        return r.ok && !name.isEmpty ? name : nil
    }

    func currentBranch() throws -> String {
        let r = try git.run("symbolic-ref", "--quiet", "--short", "HEAD")
        guard r.ok else { throw Failure(description: "\(files.folder) is not on a branch (a detached HEAD); check out the board's branch: git -C \(files.folder) checkout main") }
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// git writes files as its umask says (0644, a folder 0755): a merge or a clone would open
    /// a private board to every user of the machine, or a shared board to every user beyond its
    /// group. Back to the board's modes (0600, or 0640 on a shared board), for the files this
    /// user owns (never through a symlink); `.git` is its owner's alone either way.
    public func tightenModes() {
        let mode = files.ownFileMode
        for path in sentFiles {
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o777 & ~mode != 0 { fchmod(fd, mode) }
            close(fd)
        }
        var folders = [files.folder + "/.git"]
        if !files.isShared { folders += [files.folder, files.journalFolder] }
        for folder in folders {
            var st = stat()
            if lstat(folder, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(), st.st_mode & 0o077 != 0 { chmod(folder, 0o700) }
        }
    }

    /// The board's files git carries (the rules, the journals, git's own two), as paths.
    var sentFiles: [String] {
        var paths = [files.pipeline, files.journal, files.folder + "/.gitattributes", files.folder + "/.gitignore"]
        if let names = try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder) {
            paths += names.filter { $0.hasSuffix(".jsonl") }.map { files.journalFolder + "/" + $0 }
        }
        return paths
    }

    /// A remote as git will be given it: a local path relative to where the command was typed
    /// (`../team.git`) made absolute, since git reads it from other folders (the clone's parent,
    /// the work tree). URLs (`ssh://`, `file://`), scp-like `host:path` and absolute paths are
    /// kept as typed. Git's own rule: a colon before any slash makes it `host:path`.
    public static func resolvedRemote(_ remote: String, from cwd: String) -> String {
        if remote.hasPrefix("/") || remote.contains("://") { return remote }
        if let colon = remote.firstIndex(of: ":"), !remote[..<colon].contains("/") { return remote }
        let joined = (cwd as NSString).appendingPathComponent(remote)
        return (joined as NSString).standardizingPath
    }

    /// Whether the remote already holds a board (any branch): then a new machine joins it.
    public static func remoteHasBoard(_ remote: String, batch: Bool = false) throws -> Bool {
        let r = try Git(folder: "/", config: identity(), batch: batch).must("ls-remote", "--heads", remote, doing: "reading the remote \(SafeText.line(remote))")
        return !r.out.isEmpty
    }

    /// This machine joins a board kept at `remote`: a clone into `folder` (new or empty), with
    /// the board's private modes, or shared with a group.
    /// `sharedGroup`: a team server joins, its journals named for `machine` (the host's name when nil).
    public static func join(remote: String, folder: String, batch: Bool = false, sharedGroup: String? = nil, machine: String? = nil) throws -> BoardFiles {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder), !entries.isEmpty {
            throw Failure(description: "\(folder) is not empty; join the board into a new folder")
        }
        let parent = (folder as NSString).deletingLastPathComponent
        try Git(folder: parent.isEmpty ? "." : parent, config: identity(), batch: batch).must("clone", "--quiet", "--", remote, folder, doing: "cloning \(SafeText.line(remote))")
        let files = BoardFiles(folder: folder)
        guard FileManager.default.fileExists(atPath: files.pipeline) else {
            throw Failure(description: "\(SafeText.line(remote)) holds no board (no pipeline.toml at the top of its branch)")
        }
        // git keeps no empty folder: a board with no events yet arrives without journal/, and
        // must not be taken for a board of one shared journal.jsonl.
        if !FileManager.default.fileExists(atPath: files.journal), !FileManager.default.fileExists(atPath: files.journalFolder) {
            guard mkdir(files.journalFolder, 0o700) == 0 else { throw Failure(description: "cannot make \(files.journalFolder): \(String(cString: strerror(errno)))") }
        }
        if let sharedGroup {
            // A team server joins: the folders the group's (setgid, sticky), the files readable by it.
            guard let gr = getgrnam(sharedGroup) else { throw Failure(description: NoSuchGroup(group: sharedGroup).description) }
            let gid = gr.pointee.gr_gid
            do {
                try BoardFiles.setFolderMode(files.folder, gid: gid)
                try BoardFiles.setFolderMode(files.journalFolder, gid: gid)
            } catch { throw Failure(description: "\(error)") }
            for path in BoardSync(files: files).sentFiles { _ = lchown(path, uid_t.max, gid) }
            // What the clone brought is other machines' journals: named for them, and kept so.
            try BoardSync(files: files).nameThisMachine(machine, renamingJournals: false)
        }
        BoardSync(files: files).tightenModes()
        return files
    }

    /// A team server's journals are owned by their authors, so that server's sync (run by the
    /// board's owner) cannot append another machine's lines to them: every journal written there
    /// is named `user@machine` (`BoardFiles.ownJournalName`), a name no other machine writes.
    /// Writes `this-machine` (kept out of git) and, on a board that was written here before it
    /// synced (`renamingJournals`), gives its journals that name — under the board's lock
    /// (`initialise`), so that no writer appends to a file while it is renamed.
    func nameThisMachine(_ machine: String?, renamingJournals: Bool = true) throws {
        let name = machine ?? BoardFiles.hostMachineName
        guard BoardFiles.isMachineName(name) else {
            throw Failure(description: "--machine \"\(SafeText.line(name))\": a machine's name is 1 to 64 letters, digits, - or _ (it goes into the journals' file names)")
        }
        var st = stat()
        if lstat(files.machineFile, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid() else {
                throw Failure(description: "\(files.machineFile) is \(SafeFile.kind(st.st_mode)) owned by \(SafeFile.userName(st.st_uid)), not the board owner's file; remove it (you own the folder), then run init again")
            }
            unlink(files.machineFile)
        }
        do { try files.createExclusive(files.machineFile, contents: Data((name + "\n").utf8), mode: files.ownFileMode) } catch { throw Failure(description: "\(error)") }
        let names = renamingJournals ? (try? FileManager.default.contentsOfDirectory(atPath: files.journalFolder)) ?? [] : []
        for file in names.sorted() where file.hasSuffix(".jsonl") && !file.hasPrefix(".") && !file.contains("@") {
            let from = files.journalFolder + "/" + file
            let to = files.authorJournal(String(file.dropLast(6)) + "@" + name)
            guard lstat(to, &st) != 0 else { throw Failure(description: "both \(files.label(from)) and \(files.label(to)) exist; move one aside, then run init again") }
            guard rename(from, to) == 0 else { throw Failure(description: "cannot rename \(files.label(from)) to \(files.label(to)): \(String(cString: strerror(errno)))") }
        }
        POSIX.fsyncDirectory(files.journalFolder)
    }

    // MARK: setting up

    /// Makes a new board folder a git work tree: attributes, ignores, a first commit, and the
    /// remote when given (pushed to, when it is empty).
    /// On a shared board (a team server), the journals get this machine's name first (`machine`,
    /// else the host's: `nameThisMachine`).
    public func initialise(remote: String?, machine: String? = nil) throws {
        try files.withLock {
            // Under the lock: from the moment .git is here writers name their journals for this
            // machine, and the ones already here are renamed before anyone appends again.
            // git's own default branch name, as `git init --bare` gives the remote here.
            try git.must("init", "--quiet", doing: "git init")
            if files.isShared { try nameThisMachine(machine) }
            try write(".gitattributes", Self.attributes)
            try write(".gitignore", Self.ignored)
            // An existing board brings its journals (its whole history) into the first commit.
            let journals = [files.journal, files.journalFolder].filter { FileManager.default.fileExists(atPath: $0) }.map { files.label($0) }
            try git.must(["add", "--", ".gitattributes", ".gitignore", "pipeline.toml"] + journals, doing: "adding the board")
            try git.must("commit", "--quiet", "--no-verify", "-m", "dealboard: the board", doing: "the first commit")
        }
        tightenModes()
        guard let remote else { return }
        try git.must("remote", "add", "origin", remote, doing: "adding the remote")
        let heads = try git.must("ls-remote", "--heads", "origin", doing: "reading the remote \(remote)")
        guard heads.out.isEmpty else {
            throw Failure(description: "\(SafeText.line(remote)) already holds a board; join it in a new folder with: dealboard init --git \(SafeText.line(remote)) --board FOLDER")
        }
        try git.must("push", "--quiet", "--set-upstream", "origin", try currentBranch(), doing: "pushing the new board to \(remote)")
    }

    private func write(_ name: String, _ text: String) throws {
        let path = files.folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw Failure(description: "cannot write \(path)")
        }
    }
}
