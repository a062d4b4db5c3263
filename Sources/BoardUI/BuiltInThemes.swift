// Generated from themes/*.toml (ThemeTests checks they stay identical): the four shipped
// themes are compiled in, so they work wherever the binary is installed, with no files beside it.

extension Themes {
    /// name → the theme file's text, exactly as in the repository's themes/ folder.
    public static let builtIn: [String: String] = [
        "default": #"""
# dealboard theme: default. Colours for most dark terminals; works with 8 colours.
# Roles below; each takes fg, bg (default black red green yellow blue magenta cyan white,
# or bright-…), and bold, reverse, underline, dim. Omitted roles use the terminal's default.
name = "default"

[roles]
normal = {}
title = { fg = "cyan", bold = true }
header = { fg = "white", bg = "blue", bold = true }
headerDim = { fg = "cyan", bg = "blue" }
card = {}
cardDim = { fg = "bright-black" }
selected = { fg = "black", bg = "cyan", bold = true }
stale = { fg = "yellow" }
overTarget = { fg = "red" }
overdue = { fg = "magenta" }
ready = { fg = "green", bold = true }
dialog = { fg = "white", bg = "black" }
dialogTitle = { fg = "black", bg = "yellow", bold = true }
dialogSelected = { fg = "black", bg = "white", bold = true }
error = { fg = "red", bold = true }
status = { fg = "black", bg = "white" }
statusError = { fg = "white", bg = "red", bold = true }
hint = { fg = "bright-black" }
border = { fg = "blue" }

"""#,
        "light": #"""
# dealboard theme: light. For light backgrounds.
# Roles below; each takes fg, bg (default black red green yellow blue magenta cyan white,
# or bright-…), and bold, reverse, underline, dim. Omitted roles use the terminal's default.
name = "light"

[roles]
normal = { fg = "black" }
title = { fg = "blue", bold = true }
header = { fg = "black", bg = "cyan", bold = true }
headerDim = { fg = "blue", bg = "white" }
card = { fg = "black" }
cardDim = { fg = "bright-black" }
selected = { fg = "white", bg = "blue", bold = true }
stale = { fg = "magenta" }
overTarget = { fg = "red", bold = true }
overdue = { fg = "magenta", bold = true }
ready = { fg = "green", bold = true }
dialog = { fg = "black", bg = "white" }
dialogTitle = { fg = "white", bg = "blue", bold = true }
dialogSelected = { fg = "white", bg = "black", bold = true }
error = { fg = "red", bold = true }
status = { fg = "white", bg = "blue" }
statusError = { fg = "white", bg = "red", bold = true }
hint = { fg = "bright-black" }
border = { fg = "blue" }

"""#,
        "high-contrast": #"""
# dealboard theme: high-contrast. Maximum contrast: black and bright white, bold signals.
# Roles below; each takes fg, bg (default black red green yellow blue magenta cyan white,
# or bright-…), and bold, reverse, underline, dim. Omitted roles use the terminal's default.
name = "high-contrast"

[roles]
normal = { fg = "bright-white" }
title = { fg = "bright-white", bold = true, underline = true }
header = { fg = "black", bg = "bright-white", bold = true }
headerDim = { fg = "bright-white", bg = "black", bold = true, underline = true }
card = { fg = "bright-white" }
cardDim = { fg = "white" }
selected = { fg = "black", bg = "bright-yellow", bold = true }
stale = { fg = "bright-yellow", bold = true }
overTarget = { fg = "bright-red", bold = true }
overdue = { fg = "bright-magenta", bold = true }
ready = { fg = "bright-green", bold = true }
dialog = { fg = "bright-white", bg = "black" }
dialogTitle = { fg = "black", bg = "bright-white", bold = true }
dialogSelected = { fg = "black", bg = "bright-yellow", bold = true }
error = { fg = "bright-red", bold = true }
status = { fg = "black", bg = "bright-white", bold = true }
statusError = { fg = "bright-white", bg = "red", bold = true }
hint = { fg = "white" }
border = { fg = "bright-white" }

"""#,
        "mono": #"""
# dealboard theme: mono. No colours: attributes only (what NO_COLOR gives too).
# Roles below; each takes fg, bg (default black red green yellow blue magenta cyan white,
# or bright-…), and bold, reverse, underline, dim. Omitted roles use the terminal's default.
name = "mono"
colors = false

[roles]
normal = {}
title = { bold = true }
header = { bold = true, underline = true }
headerDim = { underline = true }
card = {}
cardDim = { dim = true }
selected = { reverse = true, bold = true }
stale = { underline = true }
overTarget = { bold = true }
overdue = { bold = true }
ready = { bold = true }
dialog = {}
dialogTitle = { reverse = true, bold = true }
dialogSelected = { reverse = true }
error = { bold = true }
status = { reverse = true }
statusError = { reverse = true, bold = true }
hint = { dim = true }
border = {}

"""#,
    ]
}
