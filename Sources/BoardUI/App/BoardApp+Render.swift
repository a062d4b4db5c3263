import Foundation
import Pipeline
import Terminal

/// The frame: the screens on the stack drawn bottom up, and the status line.
extension BoardApp {
    public static let minWidth = 40
    public static let minHeight = 10

    /// A frame at this size: the size arrives first, as an event (`resize`), then the frame is
    /// drawn from the state. For tests and the bench, which draw at a size of their choosing.
    public func render(width: Int, height: Int) -> Screen {
        if size != Size(width: width, height: height) { resize(width: width, height: height) }
        return render()
    }

    /// The frame: a function of the state and the size. Nothing is written while drawing.
    public func render() -> Screen {
        let width = size.width, height = size.height
        var screen = Screen(width: width, height: height)
        guard !tooSmall else {
            // Short lines, so the message fits the small terminal it is about. Keys wait (they
            // would go to a screen nobody sees); q quits unless typed input would be lost.
            let lines = ["Too small: \(width)x\(height)", "need \(Self.minWidth)x\(Self.minHeight)", hasTypedInput ? "enlarge to go on" : "enlarge, or q"]
            for (i, line) in lines.prefix(height).enumerated() { screen.put(0, i, TextWidth.truncate(line, to: width), i == 0 ? .error : .normal, maxWidth: width) }
            return screen
        }
        // Bottom up: the screen that covers everything, what was opened over it, the screen on
        // top; the status line under the boxes (they never reach the last row).
        var layers: [AppScreen] = mode.covers ? [mode] : [home, mode]
        if layers[0] is DetailScreen { layers.insert(detailReturn, at: 0) }
        if !layers[0].covers { layers.insert(BoardScreen(), at: 0) }
        for (i, layer) in layers.enumerated() {
            layer.view(&screen, self)
            if i == 0 { drawStatus(&screen) }
        }
        return screen
    }

    func drawStatus(_ s: inout Screen) {
        let y = s.height - 1
        let role: Role = statusIsError ? .statusError : .status
        s.fill(0, y, s.width, 1, role)
        // The message first: the keys take the room it leaves (at least "? help").
        let hint = statusHints(room: s.width - TextWidth.of(status) - 3)
        s.put(1, y, TextWidth.truncate(status, to: s.width - TextWidth.of(hint) - 2), role, maxWidth: s.width - TextWidth.of(hint) - 2)
        s.put(s.width - TextWidth.of(hint), y, hint, role)
    }

    /// The few most useful keys of the screen on top, from the current bindings, on the right
    /// of the status line; the least useful go first when there is no room (help stays).
    func statusHints(room: Int) -> String {
        guard case .bound(var items, let context) = mode.statusKeys(self) else {
            if case .fixed(let text) = mode.statusKeys(self) { return " \(text) " }
            return ""
        }
        var text = keymap.hints(items, in: context, glyphs)
        while TextWidth.of(text) + 2 > room, let drop = items.firstIndex(where: { $0.0 != .help }), items.count > 1 {
            items.remove(at: drop)
            text = keymap.hints(items, in: context, glyphs)
        }
        return " \(text) "
    }
}
