import Foundation

/// "Did you mean …?" for every name people type: commands, move targets, stages, check labels,
/// fields, loss reasons, people. One helper, so every suggestion follows the same rule.
public enum Suggestion {
    /// The edit distance between two texts, ignoring case: insertions, deletions, substitutions
    /// and swaps of two neighbouring letters each count 1 (`mvoe` is 1 from `move`).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        // Three rows of the table are enough for the swap rule (optimal string alignment).
        var before = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[y.count]
    }

    /// The candidates closest to `text`, best first (ties keep their order): those within a
    /// typo's reach — about one mistake per three letters, at least one and at most three —
    /// and those that start with what was typed. Empty when nothing is close: a suggestion
    /// far from what was typed only confuses.
    public static func closest(to text: String, in candidates: [String], limit: Int = 3) -> [String] {
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return [] }
        let reach = min(3, max(1, typed.count / 3))
        var scored: [(name: String, score: Int, order: Int)] = []
        for (i, c) in candidates.enumerated() where !scored.contains(where: { $0.name.lowercased() == c.lowercased() }) {
            let d = distance(typed, c)
            // A prefix ("prop" for Proposal) is as good as one typo.
            let prefix = c.lowercased().hasPrefix(typed.lowercased()) ? 1 : Int.max
            let score = min(d, prefix)
            if score <= reach { scored.append((c, score, i)) }
        }
        return scored.sorted { ($0.score, $0.order) < ($1.score, $1.order) }.prefix(limit).map(\.name)
    }

    /// `did you mean "move"? ` (with its trailing space), or "" when nothing is close.
    /// `quote`: whether to put the names in quotes (labels with spaces read better quoted).
    public static func didYouMean(_ text: String, in candidates: [String], quote: Bool = false) -> String {
        let hits = closest(to: text, in: candidates)
        guard !hits.isEmpty else { return "" }
        let shown = hits.map { quote ? "\"\($0)\"" : $0 }
        let list = shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + " or " + shown.last!
        return "did you mean \(list)? "
    }
}
