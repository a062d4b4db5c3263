import Dispatch

/// Runs `a` and `b` at once, one on another core, and returns both results.
///
/// The review of a 100,000-deal board reads every deal's stays, and lists and writes out tens
/// of thousands of stuck deals: halves of that work that share nothing but what they read run
/// side by side (the boards this is for have two cores at least).
public func bothAtOnce<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
    let results = Results<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { results.first = a() } else { results.second = b() }
    }
    return (results.first!, results.second!)
}

/// Each result is written by one of the two, and read once both are done.
private final class Results<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
