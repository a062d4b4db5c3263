import Pipeline
import Store

/// A column's cards: positions in the board's deals, each read from the store when asked for.
/// Valid for the state it was built from (the columns are rebuilt on every event).
struct StageCards: RandomAccessCollection {
    let store: BoardStore
    let positions: [Int32]

    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(i: Int) -> Deal { store.state.deals[Int(positions[i])] }
}
