import Foundation

/// Colours for roles. Themes (from themes/*.toml) fill this; the terminal maps it onto what
/// the terminal can show (256, 8 or no colours).
public struct Palette: Sendable {
    public enum Color: Int, Sendable {
        case `default` = -1, black = 0, red, green, yellow, blue, magenta, cyan, white
        case brightBlack = 8, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
    }

    public struct Look: Sendable {
        public var fg: Color
        public var bg: Color
        public var bold: Bool
        public var reverse: Bool
        public var underline: Bool
        public var dim: Bool

        public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
            self.fg = fg
            self.bg = bg
            self.bold = bold
            self.reverse = reverse
            self.underline = underline
            self.dim = dim
        }
    }

    /// A look as a terminal with `colours` colours draws it: colour numbers for `init_pair`
    /// (-1: the terminal's default) and attributes.
    public struct Drawn: Equatable, Sendable {
        public var fg: Int
        public var bg: Int
        public var bold: Bool
        public var reverse: Bool
        public var underline: Bool
        public var dim: Bool

        public init(fg: Int, bg: Int, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
            self.fg = fg
            self.bg = bg
            self.bold = bold
            self.reverse = reverse
            self.underline = underline
            self.dim = dim
        }
    }

    public var looks: [Role: Look]

    public init(looks: [Role: Look]) { self.looks = looks }

    public func look(_ role: Role) -> Look { looks[role] ?? Look() }

    /// Every role as drawn on a terminal with `colours` colours.
    public func drawn(colours: Int) -> [Role: Drawn] {
        Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, look($0).drawn(colours: colours)) })
    }

    /// The built-in default: works on 8-colour terminals.
    public static let standard = Palette(looks: [
        .title: Look(fg: .cyan, bold: true),
        .header: Look(fg: .white, bg: .blue, bold: true),
        .headerDim: Look(fg: .cyan, bg: .blue),
        .card: Look(),
        .cardDim: Look(fg: .brightBlack),
        .selected: Look(fg: .black, bg: .cyan, bold: true),
        .stale: Look(fg: .yellow),
        .overTarget: Look(fg: .red),
        .overdue: Look(fg: .magenta),
        .ready: Look(fg: .green, bold: true),
        .dialog: Look(fg: .white, bg: .black),
        .dialogTitle: Look(fg: .black, bg: .yellow, bold: true),
        .dialogSelected: Look(fg: .black, bg: .white, bold: true),
        .error: Look(fg: .red, bold: true),
        .status: Look(fg: .black, bg: .white),
        .statusError: Look(fg: .white, bg: .red, bold: true),
        .hint: Look(fg: .brightBlack),
        .border: Look(fg: .blue),
    ])

    /// No colour at all (NO_COLOR, monochrome terminals): attributes only, and the selection
    /// still stands out in reverse video.
    public static let mono = Palette(looks: [
        .title: Look(bold: true),
        .header: Look(bold: true, underline: true),
        .headerDim: Look(underline: true),
        .cardDim: Look(dim: true),
        .selected: Look(bold: true, reverse: true),
        .stale: Look(underline: true),
        .overTarget: Look(bold: true),
        .overdue: Look(bold: true),
        .ready: Look(bold: true),
        .dialog: Look(),
        .dialogTitle: Look(bold: true, reverse: true),
        .dialogSelected: Look(reverse: true),
        .error: Look(bold: true),
        .status: Look(reverse: true),
        .statusError: Look(bold: true, reverse: true),
        .hint: Look(dim: true),
    ])
}

extension Palette.Look {
    /// How this look is drawn with `colours` colours, never invisible.
    ///
    /// With 16 or more colours the theme's colours are used as they are. With 8 (`TERM=linux`,
    /// `xterm`, `screen`) a bright colour becomes its basic one, made bold (which most such
    /// terminals, the Linux console included, draw bright) — except bright-black, the "dim grey"
    /// of hints and inactive cards: as a basic colour it is black, invisible on the usual black
    /// background, so it becomes the terminal's default foreground, dimmed. Whatever the
    /// number of colours, a foreground equal to its background gives way to one that contrasts.
    public func drawn(colours: Int) -> Palette.Drawn {
        var d = Palette.Drawn(fg: fg.rawValue, bg: bg.rawValue, bold: bold, reverse: reverse, underline: underline, dim: dim)
        if colours < 16 {
            switch fg {
            case .default: break
            case .brightBlack: d.fg = -1; d.dim = true
            case _ where fg.rawValue >= 8: d.fg = fg.rawValue - 8; d.bold = true
            default: break
            }
            if bg.rawValue >= 8 { d.bg = bg.rawValue - 8 }
        }
        if d.fg == d.bg, d.fg >= 0 {
            // Black on the light basic colours (white, yellow, cyan, green), else white.
            let light: Set<Int> = [2, 3, 6, 7, 10, 11, 14, 15]
            d.fg = light.contains(d.bg) ? 0 : 7
        }
        return d
    }
}
