import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The merge of another machine's branch, done so that the journals here only ever grow.
///
/// `git merge` would rewrite each journal file (a new file in its place): a board open here
/// would have to read everything again, and a sync killed half-way would leave a half-written
/// file and a merge in progress that a writer could then append to and an abort would throw
/// away. Instead, under the board's lock: the other side's new lines are appended to each
/// journal (one write, as a writer appends an event), a changed pipeline.toml is taken whole,
/// and the merge commit is made from the result (`write-tree`, `commit-tree`, `update-ref`),
/// moving HEAD last. Killed at any point, the journals hold only whole lines and the next sync
/// finishes the work: lines already here are not appended twice.
extension BoardSync {
    func merge(_ upstream: String) throws {
        if try git.run("merge-base", "--is-ancestor", upstream, "HEAD").ok { return }  // nothing new there
        let baseRun = try git.run("merge-base", "HEAD", upstream)
        guard baseRun.ok else {
            throw Failure(description: "\(upstream) shares no history with this board: it is another board (or the repository was started twice); nothing was merged")
        }
        let base = baseRun.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let theirs = try changes(from: base, to: upstream)
        let ours = try changes(from: base, to: "HEAD")
        // Only plain files come from another machine: a symlink or a submodule in their tree
        // (pipeline.toml pointing at a file of this machine, say) is refused before anything.
        let kinds = try treeModes(upstream, paths: theirs.filter { $0.value != "D" }.map(\.key))
        if let odd = kinds.first(where: { $0.value != "100644" && $0.value != "100755" }) {
            throw Failure(description: "\(SafeText.line(odd.key)) on \(upstream) is not a plain file (git mode \(odd.value)); dealboard takes only plain files from another machine. Nothing was merged")
        }

        // The rules and any other file: taken from there when changed only there; changed on
        // both sides differently, a manager decides, and nothing is merged.
        var take: [String] = [], remove: [String] = []
        for (path, status) in theirs.sorted(by: { $0.key < $1.key }) where !isJournal(path) {
            if ours[path] != nil, try blob(upstream, path) != blob("HEAD", path) {
                if path == "pipeline.toml" {
                    throw Failure(description: "the rules (pipeline.toml) were changed both here and on \(upstream), differently; a manager decides which to keep: compare them with git -C \(files.folder) diff HEAD \(upstream) -- pipeline.toml, commit one version here, then sync again. Nothing was merged; this machine's events are committed and wait")
                }
                throw Failure(description: "\(SafeText.line(path)) was changed both here and on \(upstream); dealboard merges only the journals: resolve it with git (git merge \(upstream)), then sync again. Nothing was merged")
            }
            if status == "D" { remove.append(path) } else { take.append(path) }
        }

        // On a team server each author owns their journal: a journal here that is not this
        // user's cannot take another machine's lines (said before anything is written).
        for path in theirs.keys.sorted() where isJournal(path) && theirs[path] != "D" {
            var st = stat()
            if lstat(files.folder + "/" + path, &st) == 0, st.st_uid != geteuid() {
                throw Failure(description: "\(SafeText.line(path)) belongs to \(SafeFile.userName(st.st_uid)) here, and another machine wrote lines for it too: each machine must write journals of its own (on a shared board: user@machine.jsonl, the machine named by the file this-machine). Nothing was merged; \(SafeFile.userName(st.st_uid)) or the folder's owner can move it aside")
            }
        }
        var touched: [String] = []
        for path in theirs.keys.sorted() where isJournal(path) && theirs[path] != "D" {
            guard let remote = try blob(upstream, path) else { continue }
            if try appendMissingLines(of: remote, to: path) { touched.append(path) }
        }
        if !take.isEmpty { try git.must(["checkout", upstream, "--"] + take, doing: "taking \(take.joined(separator: ", ")) from \(upstream)") }
        if !remove.isEmpty { try git.must(["rm", "--quiet", "--"] + remove, doing: "removing \(remove.joined(separator: ", "))") }
        if !touched.isEmpty { try git.must(["add", "--"] + touched, doing: "adding the merged journals") }
        let tree = try git.must("write-tree", doing: "writing the merged tree").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try git.must("commit-tree", tree, "-p", "HEAD", "-p", upstream, "-m", "dealboard: merge \(upstream)", doing: "making the merge commit")
            .out.trimmingCharacters(in: .whitespacesAndNewlines)
        try git.must("update-ref", "-m", "dealboard sync: merge \(upstream)", "HEAD", commit, doing: "moving the branch to the merge")
    }

    /// Paths changed between two commits, with git's status letter (A, M, D, …).
    func changes(from a: String, to b: String) throws -> [String: String] {
        let r = try git.must("diff", "--name-status", "--no-renames", "-z", a, b, doing: "comparing \(a) and \(b)")
        let parts = r.data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
        var out: [String: String] = [:]
        var i = 0
        while i + 1 < parts.count {
            out[parts[i + 1]] = String(parts[i].prefix(1))
            i += 2
        }
        return out
    }

    /// The git modes of paths in a commit's tree (100644 a file, 120000 a symlink, 160000 a submodule).
    func treeModes(_ commit: String, paths: [String]) throws -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        let r = try git.must(["ls-tree", "-z", commit, "--"] + paths, doing: "reading \(commit)'s files")
        var out: [String: String] = [:]
        for entry in r.data.split(separator: 0, omittingEmptySubsequences: true) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t") else { continue }
            out[String(text[text.index(after: tab)...])] = String(text.prefix(while: { $0 != " " }))
        }
        return out
    }

    /// A file's bytes in a commit; nil when it is not there.
    func blob(_ commit: String, _ path: String) throws -> Data? {
        let r = try git.run("cat-file", "blob", "\(commit):\(path)")
        return r.ok ? r.data : nil
    }

    /// Appends, in their order there, the whole lines of `remote` that the file here lacks;
    /// one write, then fsync. The file is created (never through a planted name) when missing.
    /// True when lines were added.
    func appendMissingLines(of remote: Data, to path: String) throws -> Bool {
        let full = files.folder + "/" + path
        // A clone made before any event (git keeps no empty folder) has no journal/ yet.
        var folder = stat()
        if path.hasPrefix("journal/"), lstat(files.journalFolder, &folder) != 0 {
            do { try files.createJournalFolder() } catch { throw Failure(description: "cannot make \(files.journalFolder): \(error)") }
        }
        var fd = open(full, O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0, errno == ENOENT {
            fd = open(full, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, files.ownFileMode)
            if fd >= 0 { fchmod(fd, files.ownFileMode) }
        }
        guard fd >= 0 else {
            throw Failure(description: "cannot open \(path) to merge it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(path) is not a regular file; nothing was merged into it") }
        guard st.st_uid == geteuid() else { throw Failure(description: "\(path) belongs to \(SafeFile.userName(st.st_uid)); nothing more was merged") }
        var local = Data(count: Int(st.st_size))
        let got = local.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(st.st_size), 0) }
        guard got == Int(st.st_size) else { throw Failure(description: "cannot read \(path) to merge it") }
        if let last = local.last, last != UInt8(ascii: "\n") {
            throw Failure(description: "\(path) ends with an incomplete line (a write that was cut off); its author can set it aside with dealboard check --repair, then sync again")
        }
        var have = Set<Data>()
        for line in local.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) { have.insert(Data(line)) }
        var add = Data()
        var lines = remote.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        // Only whole lines travel: a last line without its newline is not one.
        if let last = remote.last, last != UInt8(ascii: "\n"), !lines.isEmpty { lines.removeLast() }
        for line in lines where !have.contains(Data(line)) {
            have.insert(Data(line))
            add.append(contentsOf: line)
            add.append(UInt8(ascii: "\n"))
        }
        guard !add.isEmpty else { return false }
        let wrote = add.withUnsafeBytes { write(fd, $0.baseAddress, add.count) }
        guard wrote == add.count else {
            if wrote > 0 { _ = ftruncate(fd, st.st_size) }
            throw Failure(description: "cannot append to \(path): \(String(cString: strerror(errno)))")
        }
        fsync(fd)
        return true
    }
}
