import Foundation
import Testing
import Pipeline
@testable import Store

@Suite struct JournalTests {
    @Test func newBoardFilesArePrivate() throws {
        let b = try TempBoard()
        #expect(b.mode(b.folder) == 0o700)
        #expect(b.mode(b.files.pipeline) == 0o600)
        #expect(b.mode(b.files.journal) == 0o600)
        _ = try b.store().perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        #expect(b.mode(b.files.lock) == 0o600)
        #expect(throws: BoardInit.Exists.self) { try BoardInit.create(folder: b.folder, template: "b2b", sharedGroup: nil) }
    }

    @Test func eventsAreOneLineEachAndReplayToTheSameState() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(0)) { try $0.create(title: "Acme 東京 ✓", company: "Acme \"Inc\"", amount: "12k", owner: "bob", stage: nil) }
        try s.perform(now: day(1)) { try $0.edit(1, assignments: [("budget", "50000"), ("decision_maker", "Dana\nLee")]) }
        try s.perform(now: day(2)) { try $0.logActivity(1, kind: "meeting", text: "Line one\nline two", date: nil) }
        let lines = b.journalText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "")
        for line in lines.dropLast() {
            let v = try JSONLine.parse(String(line))
            #expect(v["user"]?.string == "alice")
            #expect(v["id"]?.string?.count == 15)
        }
        let again = try b.store()
        #expect(again.state.deal(number: 1) == s.state.deal(number: 1))
        #expect(again.state.deal(number: 1)?.title == "Acme 東京 ✓")
        #expect(again.state.deal(number: 1)?.value("decision_maker") == "Dana\nLee")
    }

    @Test func readersFoldInOnlyNewLines() throws {
        let b = try TempBoard()
        let writer = try b.store(user: "alice")
        let reader = try b.store(user: "bob")
        try writer.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let fresh = try reader.refresh()
        #expect(fresh.map(\.type) == ["deal.created"])
        #expect(try reader.refresh().isEmpty)
        // Bob's command is validated against Alice's events: he sees deal #1.
        try reader.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "hi", date: nil) }
        #expect(try writer.refresh().count == 1)
        #expect(writer.state.deal(number: 1)?.activities.first?.by == "bob")
    }

    @Test func timestampsNeverGoBackwards() throws {
        let b = try TempBoard()
        let s = try b.store()
        let e1 = try s.perform(now: day(5)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        // Another writer's clock ten minutes behind: still stamped after the newest event.
        let e2 = try s.perform(now: day(5).addingTimeInterval(-600)) { try $0.create(title: "B", company: "", amount: "", owner: nil, stage: nil) }
        #expect(e2.timestamp > e1.timestamp)
    }

    @Test func tornTailIsReportedThenSetAsideByTheNextWriter() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let torn = #"{"id":"deadbeef","ts":"2026-11-02T10:00:00.000Z","user":"alice","type":"activity.lo"#
        try b.appendRaw(torn)
        let opened = try b.store()
        #expect(opened.state.liveDeals.count == 1)
        #expect(opened.incompleteTail?.line == 2)
        #expect(opened.incompleteTail?.length == torn.utf8.count)
        #expect(BoardCheck.run(folder: b.folder).contains { $0.severity == .error && $0.message.contains("journal.jsonl:2") })
        try opened.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "after crash", date: nil) }
        let lines = b.journalText().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { (try? JSONLine.parse(String($0))) != nil })
        let side = try String(contentsOfFile: b.files.rejected, encoding: .utf8)
        #expect(side.contains(torn))
        #expect(side.contains("torn last line of journal.jsonl at line 2"))
        #expect(try b.store().state.deal(number: 1)?.activities.map(\.text) == ["after crash"])
    }

    @Test func garbageLineIsReportedAndRepairKeepsEveryByte() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        try b.appendRaw("this is not json\n")
        try b.appendRaw("{\"id\":\"x\",\"ts\":\"2026-11-02T10:00:00Z\",\"user\":\"a\",\"type\":\"note\",\"bad\":\u{00}}\n")
        try s.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "still works", date: nil) }
        let opened = try b.store()
        #expect(opened.problems.map(\.line) == [2, 3])
        #expect(opened.state.deal(number: 1)?.activities.count == 1)
        let findings = BoardCheck.run(folder: b.folder)
        #expect(findings.filter { $0.severity == .error }.map(\.message).allSatisfy { $0.hasPrefix("journal.jsonl:") })
        #expect(findings.filter { $0.severity == .error }.count == 2)

        let before = b.journalBytes()
        let result = try BoardCheck.repair(folder: b.folder)
        #expect(result.movedLines == [2, 3])
        let side = FileManager.default.contents(atPath: b.files.rejected)!
        #expect(side.range(of: Data("this is not json\n".utf8)) != nil)
        // Nothing lost: kept + set aside add up to the original bytes.
        #expect(b.journalBytes().count + result.movedBytes + 2 == before.count)
        #expect(BoardCheck.run(folder: b.folder).filter { $0.severity == .error }.isEmpty)
        #expect(b.mode(b.files.journal) == 0o600)
        #expect(try b.store().state.deal(number: 1)?.activities.count == 1)
    }

    @Test func unknownTypesAndFieldsSurvive() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let future = #"{"id":"f00d","ts":"2026-11-02T12:00:00.000Z","user":"zed","type":"deal.tagged","deal":"x","future":{"a":[1,2.5,null]},"data":{"tag":"hot","weight":0.25}}"#
        try b.appendRaw(future + "\n")
        try s.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "x", date: nil) }
        // Round trip through our codec keeps every key.
        let e = try decodeLine(future)
        let back = try JSONSerialization.jsonObject(with: Data(EventCodec.encode(e).utf8)) as! NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(future.utf8)) as! NSDictionary
        #expect(back == original)
        // The file still holds the line byte for byte, also after a repair pass.
        try b.appendRaw("garbage\n")
        _ = try BoardCheck.repair(folder: b.folder)
        #expect(b.journalText().contains(future + "\n"))
        #expect(try b.store().problems.isEmpty)
    }

    @Test func mergedJournalsReplayInTimeOrderWithoutDuplicates() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let original = b.journalText()
        // Another machine's journal, merged by git (union): older events after newer ones, and a duplicate line.
        let other = Event(id: "0000000000000000000000aa", timestamp: day(-1), user: "bob", type: "deal.created", number: 1,
                          data: .obj([("title", "Older"), ("stage", "prospecting")]))
        try b.appendRaw(EventCodec.encode(other) + "\n" + original)
        let merged = try b.store()
        #expect(merged.state.deal(number: 1)?.title == "Older")
        #expect(merged.state.deal(number: 2)?.title == "A")
        #expect(merged.state.liveDeals.count == 2)
    }

    @Test func brokenPipelineFileNamesFileLineAndKey() throws {
        let b = try TempBoard()
        var text = try String(contentsOfFile: b.files.pipeline, encoding: .utf8)
        text = text.replacingOccurrences(of: "at_least = 4\nlabel = \"Fits", with: "at_least = \"four\"\nlabel = \"Fits")
        try text.write(toFile: b.files.pipeline, atomically: true, encoding: .utf8)
        do {
            _ = try b.store()
            Issue.record("should fail")
        } catch let e as PipelineFileError {
            #expect(e.keyPath == "stages[0].exit[0].at_least")
            #expect(e.line != nil)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[e.line! - 1].contains("at_least = \"four\""))
            #expect(e.description.contains("pipeline.toml:\(e.line!)"))
            #expect(e.message.contains("whole number"))
        }
        try "name = \"x\"\n[[stages]\n".write(toFile: b.files.pipeline, atomically: true, encoding: .utf8)
        do {
            _ = try b.store()
            Issue.record("should fail")
        } catch let e as PipelineFileError {
            #expect(e.line == 2)
            #expect(e.message.contains("not valid TOML"))
        }
    }
}

@Suite struct JournalEdgeTests {
    @Test func aCompleteEventWithoutItsNewlineIsKept() throws {
        let b = try TempBoard()
        let s = try b.store()
        let e = try s.perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        let hand = EventCodec.encode(Event(id: "handwritten1", timestamp: day(0.5), user: "ops", type: EventType.activityLogged,
                                           deal: e.id, number: 1, data: .obj([("kind", "note"), ("text", "typed by hand")])))
        try b.appendRaw(hand) // no newline
        try s.perform(now: day(1)) { try $0.logActivity(1, kind: "call", text: "next", date: nil) }
        #expect(try b.store().state.deal(number: 1)?.activities.map(\.text) == ["typed by hand", "next"])
        #expect(!FileManager.default.fileExists(atPath: b.files.rejected))
    }

    @Test func aFarFutureEventDoesNotDragLaterOnes() throws {
        let b = try TempBoard()
        let s = try b.store()
        try s.perform(now: day(400)) { try $0.create(title: "From a wrong clock", company: "", amount: "", owner: nil, stage: nil) }
        let e = try s.perform(now: day(0)) { try $0.create(title: "Now", company: "", amount: "", owner: nil, stage: nil) }
        #expect(e.timestamp == day(0))
        let reopened = try b.store()
        #expect(reopened.state.liveDeals.map(\.title).sorted() == ["From a wrong clock", "Now"])
    }

    @Test func repairWorksWhilePipelineTomlIsBroken() throws {
        let b = try TempBoard()
        try b.store().perform(now: day(0)) { try $0.create(title: "A", company: "", amount: "", owner: nil, stage: nil) }
        try b.appendRaw("garbage\n")
        try "this is = = not toml".write(toFile: b.files.pipeline, atomically: true, encoding: .utf8)
        let result = try BoardCheck.repair(folder: b.folder)
        #expect(result.movedLines == [2])
        let findings = BoardCheck.run(folder: b.folder)
        #expect(findings.contains { $0.message.contains("pipeline.toml:1") })
        #expect(!findings.contains { $0.message.contains("journal.jsonl") })
    }

    @Test func unknownTopLevelKeysSurviveWhateverDataIs() throws {
        let line = #"{"id":"z1","ts":"2026-11-02T12:00:00.000Z","user":"zed","type":"future.kind","no":"seven","data":[1,2],"v2":{"x":true}}"#
        let e = try decodeLine(line)
        let back = try JSONSerialization.jsonObject(with: Data(EventCodec.encode(e).utf8)) as! NSDictionary
        #expect(back == (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! NSDictionary))
    }
}

@Suite struct BigJournalTests {
    /// Enough lines to cross several read blocks (and take the threaded decoding path), with a
    /// very long line spanning blocks and a damaged line in the middle: every line is read once,
    /// in order, with the right line numbers.
    @Test func readsAcrossBlocksInOrder() throws {
        let b = try TempBoard()
        let s = try b.store()
        let created = try s.perform(now: day(0)) { try $0.create(title: "Big", company: "", amount: "", owner: nil, stage: nil) }
        var events: [Event] = []
        for i in 0..<6000 {
            let text = i == 3000 ? String(repeating: "long ", count: 120_000) : "note \(i)"
            events.append(Event(id: "e\(i)", timestamp: day(1).addingTimeInterval(Double(i)), user: "alice", type: EventType.activityLogged,
                                deal: created.id, number: 1, data: .obj([("kind", "note"), ("text", .string(text))])))
        }
        try s.append(Array(events[..<4000]))
        try b.appendRaw("not json at all\n")
        try s.append(Array(events[4000...]))
        let opened = try b.store()
        let texts = opened.state.deal(number: 1)!.activities.map(\.text)
        #expect(texts.count == 6000)
        #expect(texts.first == "note 0")
        #expect(texts[2999] == "note 2999")
        #expect(texts[3000].count == 600_000)
        #expect(texts.last == "note 5999")
        #expect(opened.problems.map(\.line) == [4002])
        #expect(opened.state.eventCount == 6001)
    }
}
