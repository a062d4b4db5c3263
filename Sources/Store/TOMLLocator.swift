import Foundation

/// Finds the line of a key path such as `stages[3].exit[1].at_least` in TOML text, so that a
/// semantic error (valid TOML, wrong value) can point at the line, as a parse error does.
///
/// It understands the shapes our files use — `[table]`, `[[array.of.tables]]` and `key = value` —
/// and returns nil when it cannot tell; the key path is always printed as well.
///
/// The text is read once, at the first look-up, into an index of every key line and table
/// header; a look-up is then a few dictionary probes. (It used to scan the whole text for every
/// look-up, so a file with thousands of unknown keys — each one reported — took minutes.) A file
/// without errors, which is every open of a board, never builds the index: that was most of the
/// time it took to read pipeline.toml.
public struct TOMLLocator {
    private let index: LazyIndex

    public init(text: String) { index = LazyIndex(text: text) }

    /// The index, made when first asked for (a class, so the locator stays a value to copy).
    private final class LazyIndex {
        let text: String
        lazy var built = Index(text: text)
        init(text: String) { self.text = text }
    }

    public func line(of path: [(String, Int?)]) -> Int? { index.built.line(of: path) }
}

private struct Index {
    /// First line of each `key = value`, under every spelling of its table path: each array
    /// index either as written (`stages[2]`) or as a wildcard (`stages[*]`).
    private var keyLines: [String: Int] = [:]
    /// First line of each `[[array.of.tables]]` header, indexed the same way.
    private var arrayHeaderLines: [String: Int] = [:]
    /// First line of each `[table]` header, by its dotted name (any index matches it).
    private var tableHeaderLines: [String: Int] = [:]

    init(text: String) {
        var header: [String] = []          // current table path, e.g. ["stages", "exit"]
        var indices: [Int?] = []           // the array index of each part of the header
        var counters: [String: Int] = [:]  // elements so far of each array of tables, per parent element
        var current: [String: Int] = [:]   // index of the element being read, by dotted name
        var n = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[["), let end = line.range(of: "]]") {
                let name = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                header = name.split(separator: ".").map(String.init)
                // Elements are counted per parent element (stages[3].exit counts afresh from
                // stages[2].exit), so a new parent needs no reset of its children's counters.
                indices = header.dropLast().indices.map { i in current[header[0...i].joined(separator: "."), default: 0] }
                let counted = Self.spelling(Array(header.dropLast()), indices) + "." + (header.last ?? "")
                let index = counters[counted, default: -1] + 1
                counters[counted] = index
                current[header.joined(separator: ".")] = index
                indices.append(index)
                for spelling in Self.spellings(header, indices) where arrayHeaderLines[spelling] == nil {
                    arrayHeaderLines[spelling] = n
                }
                continue
            }
            if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                let name = line[line.index(after: line.startIndex)..<end].trimmingCharacters(in: .whitespaces)
                header = name.split(separator: ".").map(String.init)
                indices = header.map { _ in nil }
                let key = header.joined(separator: ".")
                if tableHeaderLines[key] == nil { tableHeaderLines[key] = n }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            for spelling in Self.spellings(header + [key], indices + [nil]) where keyLines[spelling] == nil {
                keyLines[spelling] = n
            }
        }
    }

    /// `path` components: a table name with an optional index (`("stages", 3)`), last the key.
    /// A nil index matches any element of that array of tables.
    func line(of path: [(String, Int?)]) -> Int? {
        guard let last = path.last else { return nil }
        let tables = path.dropLast()
        let wanted = Self.spelling(tables.map(\.0) + [last.0], tables.map(\.1) + [nil])
        if let n = keyLines[wanted] { return n }
        // The path names a table itself (`[quota]`, `[[stages.exit]]`): its first header.
        let asTable = [arrayHeaderLines[Self.spelling(path.map(\.0), path.map(\.1))], tableHeaderLines[path.map(\.0).joined(separator: ".")]]
        if let n = asTable.compactMap({ $0 }).min() { return n }
        // No such key line: the table it belongs in, as written.
        let tableSpelling = Self.spelling(tables.map(\.0), tables.map(\.1))
        let candidates = [arrayHeaderLines[tableSpelling], tables.isEmpty ? nil : tableHeaderLines[tables.map(\.0).joined(separator: ".")]]
        return candidates.compactMap { $0 }.min()
    }

    /// `stages[2].exit[*].at_least`: a nil index is the wildcard.
    private static func spelling(_ names: [String], _ indices: [Int?]) -> String {
        zip(names, indices).map { name, i in "\(name)[\(i.map(String.init) ?? "*")]" }.joined(separator: ".")
    }

    /// Every spelling that should find this path: each known index as written or as a wildcard
    /// (2^k for k indices; our files nest two deep).
    private static func spellings(_ names: [String], _ indices: [Int?]) -> [String] {
        var variants: [[Int?]] = [[]]
        for i in indices {
            variants = variants.flatMap { v in i == nil ? [v + [nil]] : [v + [i], v + [nil]] }
        }
        return variants.map { spelling(names, $0) }
    }
}
