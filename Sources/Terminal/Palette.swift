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

    public var looks: [Role: Look]

    public init(looks: [Role: Look]) { self.looks = looks }

    public func look(_ role: Role) -> Look { looks[role] ?? Look() }

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
