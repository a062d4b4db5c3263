import Foundation

/// What to draw in one cell when the terminal cannot show Unicode (LANG=C): accents folded
/// away (Zürich → Zurich), common symbols mapped, anything else a `?`.
public enum ASCIIFallback {
    static let symbols: [Character: Character] = [
        "…": ".", "—": "-", "–": "-", "·": "-", "✓": "+", "✗": "x", "☑": "x", "☐": "_", "▶": ">", "◀": "<",
        "↑": "^", "↓": "v", "→": ">", "←": "<", "▏": "_", "⏎": "/", "↻": "*", "€": "E", "£": "L", "ß": "s", "ø": "o", "Ø": "O",
        "æ": "a", "Æ": "A", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "•": "*", "‹": "<", "›": ">",
        "█": "#", "▉": "#", "▊": "#", "▋": "#", "▌": "#", "▍": "#", "▎": "#",
    ]

    public static func character(_ text: String) -> String {
        guard let ch = text.first, !(ch.isASCII) else { return text }
        if let mapped = symbols[ch] { return String(mapped) }
        let folded = String(ch).folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        if let f = folded.first, f.isASCII { return String(f) }
        return "?"
    }
}
