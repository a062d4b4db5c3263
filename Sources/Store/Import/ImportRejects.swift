import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows `import --skip-bad` leaves out, as a CSV to fix and import again: the file's own
/// columns, then the row number, and the column, value and reason of each problem.
public enum ImportRejects {
    public static let columns = ["row", "column", "value", "reason"]

    /// `deals.csv` → `deals.rejects.csv`, next to it.
    public static func defaultPath(for file: String) -> String {
        let ns = file as NSString
        let base = ns.pathExtension.isEmpty ? file : ns.deletingPathExtension
        return base + ".rejects.csv"
    }

    /// One line per bad row; a row with several problems lists them joined by " | ".
    public static func text(table: CSVTable, plan: ImportPlan) throws -> String {
        var bad: [Int: [ImportProblem]] = [:]
        for (row, action) in plan.rows { if case .error(let problems) = action { bad[row] = problems } }
        var rows: [[String]] = []
        for (i, cells) in table.rows.enumerated() {
            guard let problems = bad[table.rowNumber(i)] else { continue }
            let row = table.rowNumber(i)
            let own = cells + Array(repeating: "", count: max(0, table.header.count - cells.count))
            rows.append(own + [String(row), problems.map(\.column).joined(separator: " | "), problems.map(\.value).joined(separator: " | "),
                               problems.map(\.reason).joined(separator: " | ")])
        }
        return try CSVText.write(header: table.header + columns, rows: rows)
    }

    /// Writes the rejects file. A new file is created exclusively, never through a symlink or
    /// into a FIFO planted at its name; an existing one is kept unless `overwrite`, and then it
    /// is replaced (a new file renamed over it) only when it is a plain file.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        var st = stat()
        let exists = lstat(path, &st) == 0
        if exists, (st.st_mode & S_IFMT) != S_IFREG {
            throw UnsafeBoardFile(path: path, problem: "it is \(SafeFile.kind(st.st_mode)) owned by \(SafeFile.userName(st.st_uid)), not a file to write the rejected rows to",
                                  fix: "remove it or name another file with --rejects")
        }
        if exists, !overwrite {
            throw CommandError.invalid("\(path) exists; not overwriting it (--overwrite-rejects replaces it, --rejects FILE names another)")
        }
        let target = exists ? path + ".tmp-" + BoardStore.newID() : path
        // Deal data (names, amounts): readable by its owner only, like the board's own files.
        let fd = try SafeFile.createExclusive(target, mode: 0o600)
        do {
            defer { close(fd) }
            try Array(text.utf8).withUnsafeBytes { try POSIX.writeAll(fd, $0, path: target) }
            if fsync(fd) != 0 { throw SystemError("sync", target) }
        } catch {
            unlink(target)
            throw error
        }
        if exists, rename(target, path) != 0 {
            let e = SystemError("replace", path)
            unlink(target)
            throw e
        }
    }
}
