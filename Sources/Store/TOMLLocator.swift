import Foundation

/// Finds the line of a key path such as `stages[3].exit[1].at_least` in TOML text, so that a
/// semantic error (valid TOML, wrong value) can point at the line, as a parse error does.
///
/// It understands the shapes our files use — `[table]`, `[[array.of.tables]]` and `key = value` —
/// and returns nil when it cannot tell; the key path is always printed as well.
public struct TOMLLocator {
    let lines: [Substring]

    public init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `path` components: a table name with an optional index (`("stages", 3)`), last the key.
    public func line(of path: [(String, Int?)]) -> Int? {
        var header: [String] = []   // current table path, e.g. ["stages", "exit"]
        var counters: [String: Int] = [:]  // occurrences of each array-of-tables path, reset by parent
        var indices: [Int?] = []
        let wantTables = path.dropLast().map(\.0)
        let wantIndices = path.dropLast().map(\.1)
        let wantKey = path.last?.0
        var best: Int?
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                let name = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                header = name.split(separator: ".").map(String.init)
                let key = header.joined(separator: ".")
                // A new parent element resets the counters of its children.
                for k in counters.keys where k.hasPrefix(key + ".") { counters[k] = nil }
                let idx = counters[key, default: -1] + 1
                counters[key] = idx
                indices = header.indices.map { i in counters[header[0...i].joined(separator: "."), default: 0] }
                if header == wantTables, matches(indices, wantIndices) { best = best ?? n + 1 }
                continue
            }
            if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                let name = line[line.index(after: line.startIndex)..<end].trimmingCharacters(in: .whitespaces)
                header = name.split(separator: ".").map(String.init)
                indices = header.map { _ in nil }
                if header == wantTables { best = best ?? n + 1 }
                continue
            }
            guard let wantKey, let eq = line.firstIndex(of: "="), header == wantTables, matches(indices, wantIndices) else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if key == wantKey { return n + 1 }
        }
        return best
    }

    private func matches(_ have: [Int?], _ want: [Int?]) -> Bool {
        guard have.count == want.count else { return false }
        return zip(have, want).allSatisfy { h, w in w == nil || h == w }
    }
}
