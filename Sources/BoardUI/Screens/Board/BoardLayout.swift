import Foundation
import Terminal

/// Where columns and cards are on the screen, for drawing and for mouse clicks.
struct BoardLayout {
    struct ColumnBox {
        var stage: Int
        var x: Int
        var width: Int
        /// The column's first card in view.
        var first: Int
        /// Card index → first row on screen.
        var cards: [(index: Int, y: Int)]
    }

    var columns: [ColumnBox] = []
    static let cardHeight = 4

    func hit(x: Int, y: Int) -> (column: Int, card: Int?)? {
        guard let col = columns.first(where: { x >= $0.x && x < $0.x + $0.width }) else { return nil }
        let card = col.cards.first { y >= $0.y && y < $0.y + BoardLayout.cardHeight - 1 }?.index
        return (col.stage, card)
    }
}
