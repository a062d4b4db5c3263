import Foundation

/// Undo of an import: one step for everything it did — the deals it created go, the deals it
/// updated get their values and stages back — written as ONE compensating `undo` event that
/// carries every part (`Undo.parts`), so replay needs none of the import's events.
extension BoardCommands {
    func undoImport(_ entry: UndoEntry) throws -> EventDraft {
        if let block = importUndoBlock(entry) { throw CommandError.notPermitted(block.description) }
        let created = Set(entry.parts.filter { $0.type == EventType.dealCreated }.map(\.deal))
        var movesOf: [String: Set<String>] = [:]
        for part in entry.parts where part.type == EventType.dealMoved { movesOf[part.deal, default: []].insert(part.eventID) }
        var parts: [UndoPart] = []
        var deals = Set<String>()
        // Newest first, as undoing them one by one would go.
        for part in entry.parts.reversed() {
            guard let d = state.deal(uid: part.deal), !d.deleted else { continue }
            switch part.payload {
            case .dealCreated:
                parts.append(UndoPart(deal: d.uid, target: part.eventID, targetType: part.type))
            case .dealEdited(let edit) where !created.contains(d.uid):
                for f in edit.set ?? [] where d.value(f.key) != f.text {
                    throw CommandError.invalid("\(f.key) of #\(d.number) has changed since the import (now \"\(d.value(f.key))\"); edit it yourself instead of undoing")
                }
                parts.append(UndoPart(deal: d.uid, target: part.eventID, targetType: part.type, restore: edit.previous ?? []))
            case .dealMoved where !created.contains(d.uid):
                guard let last = d.history.last?.eventID, movesOf[d.uid]?.contains(last) ?? false else {
                    throw CommandError.invalid("#\(d.number) has moved again since the import; move it yourself instead of undoing")
                }
                parts.append(UndoPart(deal: d.uid, target: part.eventID, targetType: part.type))
            default:
                continue
            }
            deals.insert(d.uid)
        }
        guard !parts.isEmpty else { throw CommandError.invalid("the deals of your last import no longer exist") }
        let file = ImportSource(json: entry.data["imported"])?.file ?? "a file"
        var undo = Undo(target: entry.eventID, targetType: EventType.importBatch, summary: "undo import of \(file): \(deals.count) deal\(deals.count == 1 ? "" : "s")")
        undo.parts = parts
        return EventDraft(.undo(undo))
    }

    /// Others' work since the import on a deal it created (any) or changed (since the import).
    /// Found in one pass over the work in force; described (`laterWork`) for the first such deal only.
    func importUndoBlock(_ entry: UndoEntry) -> UndoBlock? {
        let created = Set(entry.parts.filter { $0.type == EventType.dealCreated }.map(\.deal))
        let touched = state.touchedByOthers(notBy: user, since: nil)
        var seen = Set<String>()
        for part in entry.parts where seen.insert(part.deal).inserted {
            guard let i = state.position(uid: part.deal), !state.deals[i].deleted else { continue }
            let d = state.deals[i]
            let since = created.contains(d.uid) ? nil : entry.timestamp
            func after(_ at: Date) -> Bool { since.map { at >= $0 } ?? true }
            let edited = touched[Int32(i)].map { after($0.last) } ?? false
            let worked = edited || d.activities.contains { $0.by != user && after($0.loggedAt) }
                || d.history.contains { $0.move != .created && $0.by != user && after($0.enteredAt) }
            guard worked else { continue }
            let work = state.laterWork(on: d, notBy: user, since: since)
            guard !work.isEmpty else { continue }
            let file = ImportSource(json: entry.data["imported"])?.file ?? "a file"
            return UndoBlock(deal: d.number, undoing: "your import of \(file)", work: work.map { ($0.user, describe($0), $0.last) },
                             instead: "edit, move or mark lost the imported deals yourself instead", zone: pipeline.timeZone)
        }
        return nil
    }
}
