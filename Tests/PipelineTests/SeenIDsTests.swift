import Foundation
import Testing
@testable import Pipeline

/// The ids a snapshot brings back are kept sorted and searched by halves: an event seen before
/// the snapshot must still count once, with ids of one length (dealboard's) and of many
/// (hand-written or imported), and ids out of order mean the snapshot is not ours.
@Suite struct SeenIDsTests {
    func event(_ id: String, minute: Int) -> Event {
        Event(id: id, timestamp: Date(timeIntervalSince1970: 1_790_000_000 + Double(minute) * 60), user: "alice",
              type: EventType.reviewDone, data: .object([("note", .string("n\(minute)"))]))
    }

    func roundTrip(_ state: BoardState) throws -> BoardState {
        var w = SnapshotWriter()
        state.encode(into: &w)
        return try w.bytes.withUnsafeBytes { bytes in
            var r = SnapshotReader(bytes)
            return try BoardState(snapshot: &r, rules: nil)
        }
    }

    @Test(arguments: [["aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2", "zzzzzzzzzzzzzz0", "mmmmmmmmmmmmmm5"],
                      ["b", "a.1", "a", "0123456789abcdefghijkl", "é-accented", "a.10"]])
    func anIDFromTheSnapshotCountsOnce(_ ids: [String]) throws {
        var state = BoardState()
        for (i, id) in ids.enumerated() {
            let folded = state.apply(event(id, minute: i))
            #expect(folded)
        }
        var back = try roundTrip(state)
        #expect(back.seenIDs == state.seenIDs && back.seenIDs.count == ids.count)
        for (i, id) in ids.enumerated() {
            let folded = back.apply(event(id, minute: 100 + i))
            #expect(!folded, "\(id) folded twice")
        }
        #expect(back.eventCount == ids.count && back.reviews.count == ids.count)
        // Ids that sort between, before and after the ones kept, and a prefix of one: new.
        for (i, id) in ["a0", "", "zzzzzzzzzzzzzz1", "aaaaaaaaaaaaaa", "b0"].enumerated() where !ids.contains(id) {
            let folded = back.apply(event(id, minute: 200 + i))
            #expect(folded, "\(id) taken for seen")
        }
        // A snapshot of the snapshot: the ids seen since are merged in order.
        let again = try roundTrip(back)
        #expect(again.seenIDs == back.seenIDs)
    }

    /// In a whole state, read from bytes or in place (where the order is checked on another
    /// core while the rest is read): two ids swapped, or one id twice, refuse the snapshot.
    @Test(arguments: [false, true]) func aStateWhoseIdsAreOutOfOrderIsRefused(inPlace: Bool) throws {
        var state = BoardState()
        for (i, id) in ["aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2", "aaaaaaaaaaaaaa3"].enumerated() { state.apply(event(id, minute: i)) }
        var w = SnapshotWriter()
        state.encode(into: &w)
        let run = Array("aaaaaaaaaaaaaa1aaaaaaaaaaaaaa2".utf8)
        let at = try #require((0...(w.bytes.count - run.count)).first { Array(w.bytes[$0..<($0 + run.count)]) == run })
        for damage in ["aaaaaaaaaaaaaa2aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2aaaaaaaaaaaaaa2", "aaaaaaaaaaaaaa1aaaaaaaaaaaaaa2"] {
            var bytes = w.bytes
            bytes.replaceSubrange(at..<(at + run.count), with: Array(damage.utf8))
            let read: () throws -> BoardState = {
                try bytes.withUnsafeBytes { raw in
                    if inPlace {
                        let memory = SnapshotMemory(bytes: raw) {}
                        var r = SnapshotReader(raw, in: memory)
                        return try BoardState(snapshot: &r, rules: nil)
                    }
                    var r = SnapshotReader(raw)
                    return try BoardState(snapshot: &r, rules: nil)
                }
            }
            if damage == String(decoding: run, as: UTF8.self) {
                #expect(try read().seenIDs == state.seenIDs)
            } else {
                #expect(throws: SnapshotError.self, "\(damage)") { _ = try read() }
            }
        }
    }

    @Test func idsOutOfOrderAreNotASnapshotOfOurs() throws {
        for ids in [["b", "a"], ["same", "same"]] {
            #expect(throws: SnapshotError.self) { _ = try SeenIDs(sorted: ids) }
        }
    }
}
