import Foundation
import Testing

/// Runs the real `dealboard` executable, as scripts and users do.
struct CLI {
    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    /// The built executable sits beside the test bundle in SwiftPM's products folder.
    static let binary: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("dealboard").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // Fallback: the package's default build folder.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/dealboard").path
    }()

    let board: String
    var env: [String: String] = [:]

    init() throws {
        var t = Array((NSTemporaryDirectory() + "/dealboard-cli-XXXXXX").utf8CString)
        guard mkdtemp(&t) != nil else { throw CocoaError(.fileWriteUnknown) }
        board = (t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } as NSString).standardizingPath + "/board"
        // TZ fixed: `init` writes the server's zone into pipeline.toml, and the tests count UTC days.
        env = ["DEALBOARD_BOARD": board, "DEALBOARD_NOW": "2026-11-02T09:00:00Z", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8", "TZ": "UTC"]
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: (board as NSString).deletingLastPathComponent) }

    @discardableResult
    func run(_ args: String..., now: String? = nil, extraEnv: [String: String] = [:]) throws -> Result {
        try run(args, now: now, extraEnv: extraEnv)
    }

    /// Runs the binary as a real Unix user.
    @discardableResult
    func run(as user: String, _ args: String..., now: String? = nil) throws -> Result {
        try run(args, now: now, as: user)
    }

    @discardableResult
    /// `input`: bytes fed to the command's stdin (else /dev/null); `cwd`: the folder it runs in.
    /// `user`: run as that real Unix user (the tests must run as root; see RealUsers).
    func run(_ args: [String], now: String? = nil, extraEnv: [String: String] = [:], input: Data? = nil, cwd: String? = nil,
             as user: String? = nil) throws -> Result {
        let p = Process()
        if let user {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid", user, "--regid", RealUsers.group, "--init-groups", "--", CLI.binary] + args
        } else {
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = args
        }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var e = env
        if let now { e["DEALBOARD_NOW"] = now }
        e.merge(extraEnv) { $1 }
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let stdin = Pipe()
        p.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try p.run()
        if let input {
            // From another thread: a command that does not read stdin must not block the test.
            let writer = stdin.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: r, as: UTF8.self))
    }

    /// Runs a shell script with the board's environment (for concurrent writers and kill -9).
    func shell(_ script: String) throws -> Result {
        try run(["__shell__"], extraEnv: [:], script: script)
    }

    private func run(_ args: [String], extraEnv: [String: String], script: String) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        var e = env
        e["DB"] = CLI.binary
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: r, as: UTF8.self))
    }

    func json(_ args: String...) throws -> Any {
        let r = try run(args)
        #expect(r.status == 0, "\(args): \(r.err)")
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }

    /// The OS user the tests run as: the author of what the binary writes.
    static let user: String = {
        guard let pw = getpwuid(geteuid()) else { return "uid\(geteuid())" }
        return String(cString: pw.pointee.pw_name)
    }()

    /// This user's journal on a per-author board.
    var journal: String { board + "/journal/\(CLI.user).jsonl" }

    /// Every journal line of the board: the legacy journal.jsonl first, then the per-author
    /// journals merged in board order (seq).
    func journalLines() -> [String] {
        var lines = ((try? String(contentsOfFile: board + "/journal.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        var keyed: [(Int, String)] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: board + "/journal")) ?? []).sorted() where name.hasSuffix(".jsonl") {
            for line in ((try? String(contentsOfFile: board + "/journal/" + name, encoding: .utf8)) ?? "").split(separator: "\n") {
                let seq = ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["seq"] as? Int ?? Int.max
                keyed.append((seq, String(line)))
            }
        }
        lines += keyed.sorted { $0.0 < $1.0 }.map(\.1)
        return lines
    }
}
