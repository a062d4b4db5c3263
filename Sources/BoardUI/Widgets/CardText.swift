import Terminal

/// What a card on the board says, worked out once (`BoardApp.cardText`) and drawn in the
/// selected or the plain colours: the texts fitted to the card's width, and the badges of the
/// deal's health.
struct CardText {
    /// What the texts depend on besides the deal: any change of the board's state (the deal, or
    /// a criterion's input), the rules, and the clock (days in stage, overdue steps) to the minute.
    struct Key: Equatable {
        var stateChanges: Int
        var pipeline: Int
        var minute: Int
    }

    var width: Int
    var unicode: Bool
    var title: String
    var company: String
    var amount: String
    var amountWidth: Int
    var ownerDays: String
    var badges: [(String, Role)]
}
