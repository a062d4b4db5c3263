import ArgumentParser

/// The deal a command acts on, declared once for every command that takes one
/// (`@OptionGroup var number: DealArgument`): one help text, one parse, one completion.
struct DealArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("Deal number (7 or #7).", valueName: "deal")) var number: DealNumber
    var value: Int { number.value }
}

/// A deal number as people type it: `7` or `#7`. Anything else is refused by the parser with
/// the argument's help ("The value 'x' is invalid for '<deal>'"); TAB offers the board's deals.
struct DealNumber: ExpressibleByArgument {
    var value: Int

    init?(argument: String) {
        let text = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
        guard let n = Int(text), n > 0 else { return nil }
        value = n
    }

    static var defaultCompletionKind: CompletionKind { .custom(Complete.deals) }
}
