import Foundation
import Pipeline
import Terminal

/// A message too long for the status line (an undo refused, naming who did what): read it,
/// then Enter or Esc goes back. It asks nothing.
struct Notice: AppScreen {
    var title: String
    var lines: [String]

    func update(_ key: KeyEvent, _ app: BoardApp) {
        switch app.keymap.action(for: key, in: .panel) {
        case .open, .cancel, .quit: app.mode = app.home
        default: break
        }
    }

    func view(_ s: inout Screen, _ app: BoardApp) {
        let n = self
        let width = max(50, min(110, s.width - 4))
        // The inner width `box` will give (a box nearly as wide as the screen takes all of it).
        let outer = min(s.width - 2, width)
        let lines = BoardApp.wrap(n.lines, width: (s.width - outer <= 6 ? s.width : outer) - 4, indent: 2)
        let r = app.box(&s, title: n.title, width: width, height: lines.count + 2)
        for (i, line) in lines.prefix(max(0, r.h - 1)).enumerated() {
            s.put(r.x, r.y + i, TextWidth.truncate(line, to: r.w), .dialog, maxWidth: r.w)
        }
        let close = [app.keymap.key(for: .open, app.glyphs), app.keymap.key(for: .cancel, app.glyphs)].compactMap { $0 }.joined(separator: " or ")
        s.put(r.x, r.y + r.h - 1, "\(close): close", .hint, maxWidth: r.w)
    }
}
