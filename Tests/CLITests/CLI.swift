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
        env = ["DEALBOARD_BOARD": board, "DEALBOARD_NOW": "2026-11-02T09:00:00Z", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: (board as NSString).deletingLastPathComponent) }

    @discardableResult
    func run(_ args: String..., now: String? = nil, extraEnv: [String: String] = [:]) throws -> Result {
        try run(args, now: now, extraEnv: extraEnv)
    }

    @discardableResult
    /// `input`: bytes fed to the command's stdin (else /dev/null); `cwd`: the folder it runs in.
    func run(_ args: [String], now: String? = nil, extraEnv: [String: String] = [:], input: Data? = nil, cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
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

    func journalLines() -> [String] {
        ((try? String(contentsOfFile: board + "/journal.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
