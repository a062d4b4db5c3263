import BoardUI
import Foundation
import Pipeline
import Store
import Terminal
#if canImport(Glibc)
import Glibc
#endif

// Prints performance figures for a big board; it asserts nothing (benchmarks are not tests).
//
//   swift run -c release dealboard-bench [--deals 10000] [--events 100000] [--authors 20] [--dir PATH] [--runs 9]
//
// 1. builds (once) a board of N deals with realistic history, topped up with activities to
//    the event count;
// 2. opens it in fresh child processes, replaying every journal and then from a snapshot, and reports the median
//    time and the peak memory (max RSS) of a process that only opened it;
// 3. appends events through the full store protocol and reports the median cost, with the
//    fsync measured on its own.

func arg(_ name: String, _ def: String) -> String {
    let a = CommandLine.arguments
    if let i = a.firstIndex(of: name), i + 1 < a.count { return a[i + 1] }
    return def
}

func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
func monotonic() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
/// Peak resident memory of this process image. VmHWM, not getrusage: Linux carries ru_maxrss
/// across exec, so a child would report the RSS of the parent it was forked from.
func maxRSSMB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Double(line.split(separator: " ").dropFirst().first ?? "0")! / 1024
    }
    var u = rusage()
    getrusage(0 /* RUSAGE_SELF */, &u)
    return Double(u.ru_maxrss) / 1024
}

// Child mode: open the board once, print "seconds rssMB deals events".
if CommandLine.arguments.count >= 3, CommandLine.arguments[1] == "--open-only" {
    let start = monotonic()
    let store = try BoardStore(folder: CommandLine.arguments[2], user: "rep01")
    let opened = monotonic() - start
    // The board's first frame (headless: the ncurses copy of it is a few ms more).
    _ = BoardApp(store: store, unicode: true, clock: { Date() }).render(width: 120, height: 40)
    let framed = monotonic() - start
    print(opened, maxRSSMB(), store.state.liveDealCount, store.state.eventCount, framed, store.openedWith.fromSnapshot)
    exit(0)
}

// Child mode for profilers (callgrind): open the board, then N board keys, each to a finished frame.
if CommandLine.arguments.count >= 3, CommandLine.arguments[1] == "--keys-only" {
    let store = try BoardStore(folder: CommandLine.arguments[2], user: "rep01", snapshots: .off)
    let app = BoardApp(store: store, unicode: true, clock: { Date() })
    _ = app.render(width: 120, height: 40)
    let keys: [KeyEvent] = [.char("j"), .char("j"), .char("l"), .char("j"), .char("k"), .char("h"), .pageDown, .char("l"), .char("g")]
    for i in 0..<Int(arg("--keys", "300"))! {
        app.handle(keys[i % keys.count])
        _ = app.render(width: 120, height: 40)
    }
    exit(0)
}

// The figures of issue 13's table, through a real terminal and whole processes (TerminalTable.swift).
if CommandLine.arguments.contains("--table") {
    do { try TerminalTable.fromArguments().run() } catch { print("dealboard-bench: \(error)"); exit(1) }
    exit(0)
}

let deals = Int(arg("--deals", "10000"))!
let targetEvents = Int(arg("--events", "100000"))!
let runs = Int(arg("--runs", "9"))!
// Events spread over this many authors' journals (simulated reps: journal/repNN.jsonl,
// credited by file name as in a store opened with a user, since they are not Unix users here).
let authors = max(1, Int(arg("--authors", "20"))!)
let dir = arg("--dir", NSTemporaryDirectory() + "dealboard-bench-\(deals)-a\(authors)")
let reps = BenchBoard.reps(authors: authors)
let now = BenchBoard.now
try BenchBoard.makeIfMissing(dir: dir, deals: deals, events: targetEvents, authors: authors)

let journalFiles = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/journal")) ?? []).filter { $0.hasSuffix(".jsonl") }
let size = journalFiles.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dir + "/journal/" + $1)[.size] as? Int) ?? 0) }
/// Opens the board in fresh child processes: with snapshots off (replay of every journal), or
/// with a snapshot cache of the bench's own (one open first writes it; that one is not counted).
func measureOpens(snapshot: Bool) throws -> (opens: [Double], frames: [Double], rss: [Double], counts: String, fromSnapshot: Int) {
    var r: (opens: [Double], frames: [Double], rss: [Double], counts: String, fromSnapshot: Int) = ([], [], [], "", 0)
    for run in 0..<(runs + (snapshot ? 1 : 0)) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["--open-only", dir]
        var env = ProcessInfo.processInfo.environment
        if snapshot { env["XDG_CACHE_HOME"] = dir + ".cache" } else { env["DEALBOARD_SNAPSHOT"] = "off" }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let parts = text.split(separator: " ")
        guard parts.count == 6 else { print("child failed: \(text)"); exit(1) }
        if snapshot && run == 0 { continue }
        r.opens.append(Double(parts[0])!)
        r.frames.append(Double(parts[4])!)
        r.rss.append(Double(parts[1])!)
        r.counts = "\(parts[2]) deals, \(parts[3]) events"
        r.fromSnapshot = Int(parts[5].trimmingCharacters(in: .whitespacesAndNewlines))!
    }
    return r
}
let replayed = try measureOpens(snapshot: false)
let snapped = try measureOpens(snapshot: true)
let counts = replayed.counts

// Appends through the whole protocol: lock, catch up, validate, one write, fsync, unlock.
let store = try BoardStore(folder: dir, user: reps[0], snapshots: .off)
var appends: [Double] = []
for i in 0..<50 {
    let n = (i % 100) + 1
    let t = monotonic()
    try store.perform(now: now) { try $0.logActivity(n, kind: "note", text: "bench append \(i)", date: nil) }
    appends.append(monotonic() - t)
}
// fsync alone, on a scratch file in the same folder.
var syncs: [Double] = []
let scratch = dir + "/.bench-fsync"
let fd = open(scratch, O_WRONLY | O_CREAT | O_APPEND, 0o600)
for _ in 0..<50 {
    _ = write(fd, "x\n", 2)
    let t = monotonic()
    fsync(fd)
    syncs.append(monotonic() - t)
}
close(fd)
unlink(scratch)

print("board: \(counts), journal \(String(format: "%.1f", Double(size) / 1_048_576)) MB  (\(dir))")
for (label, m) in [("replay of every journal, no snapshot", replayed), ("from the snapshot (\(snapped.fromSnapshot) events in it)", snapped)] {
    print("open, \(label), median of \(runs): \(ms(median(m.opens)))   [min \(ms(m.opens.min()!)), max \(ms(m.opens.max()!))]")
    print("  to first board frame (120x40, headless): \(ms(median(m.frames)))   [min \(ms(m.frames.min()!)), max \(ms(m.frames.max()!))];  peak memory (max RSS), median: \(String(format: "%.1f", median(m.rss))) MB")
}
print("append one event (lock, catch up, validate, write, fsync), median of 50: \(ms(median(appends)))")
print("  of which fsync alone, median of 50: \(ms(median(syncs)))  → append without fsync ≈ \(ms(max(0, median(appends) - median(syncs))))")

// The fold alone, in memory, with and without the rules replay holds moves to (each forward
// move's exit criteria evaluated at its time): what "rules hold at replay" costs an open.
let folded = try store.events()
var plainFolds: [Double] = [], ruledFolds: [Double] = []
var refusedAtReplay = 0
for i in 0..<(2 * runs) {
    var s = BoardState()
    if i % 2 == 1 { s.rules = store.pipeline }
    s.reserve(events: folded.count)
    let t = monotonic()
    for e in folded { s.apply(e) }
    if i % 2 == 1 { ruledFolds.append(monotonic() - t); refusedAtReplay = s.disallowed.count } else { plainFolds.append(monotonic() - t) }
}
let moves = folded.filter { $0.type == EventType.dealMoved }.count
print("fold \(folded.count) events in memory, median of \(runs): \(ms(median(plainFolds))) without rules, \(ms(median(ruledFolds))) with them (\(moves) moves judged, \(refusedAtReplay) refused)")

// The board, headless: a key press through the app to a finished frame (120x40), the
// terminal's own drawing excluded (ncurses only sends the cells that changed).
let uiStore = try BoardStore(folder: dir, user: reps[0], snapshots: .off)
let app = BoardApp(store: uiStore, unicode: true, clock: { now })
_ = app.render(width: 120, height: 40)
var frames: [Double] = []
let keys: [KeyEvent] = [.char("j"), .char("j"), .char("l"), .char("j"), .char("k"), .char("h"), .pageDown, .char("l"), .char("g")]
for i in 0..<300 {
    let t = monotonic()
    app.handle(keys[i % keys.count])
    _ = app.render(width: 120, height: 40)
    frames.append(monotonic() - t)
}
print("board key press → finished frame (120x40, headless), median of 300: \(ms(median(frames)))   [max \(ms(frames.max()!))]")

// The weekly review: the computation alone (in this process, board already open), and the
// whole `dealboard report` command as a user runs it (start, open, compute, print).
var reviews: [Double] = []
for _ in 0..<runs {
    let t = monotonic()
    let r = ReviewReport.compute(state: uiStore.state, pipeline: uiStore.pipeline, period: .lastDays(7, now: now, zone: uiStore.pipeline.timeZone), now: now)
    _ = ReportText.text(r, pipeline: uiStore.pipeline)
    reviews.append(monotonic() - t)
}
print("review: compute + text render (board open), median of \(runs): \(ms(median(reviews)))")
// Import (issue 11): reading and checking a 10,000-row Pipedrive export against the open
// board — the CSV library, strict money and dates, the mapping, matching record ids.
var importCSV = "Deal - ID;Deal - Title;Deal - Value;Deal - Currency of value;Deal - Organization;Deal - Owner;Deal - Stage;Deal - Status;Deal - Deal created\r\n"
for i in 0..<10_000 {
    importCSV += "\(i);Deal \(i);\(i * 10).50;\(uiStore.pipeline.currency);Org \(i);\(uiStore.pipeline.people.first?.login ?? reps[0]);\(uiStore.pipeline.firstStage.name);Open;2026-09-01 10:00:00\r\n"
}
var imports: [Double] = []
var importRows = 0
for _ in 0..<5 {
    let t = monotonic()
    let table = try CSVTable.read(Data(importCSV.utf8), name: "bench.csv")
    let plan = ImportPlan.make(table: table, format: .pipedrive, mapping: ImportMapping(), pipeline: uiStore.pipeline, state: uiStore.state)
    importRows = plan.rows.count - plan.problems.count
    imports.append(monotonic() - t)
}
print("import --dry-run of 10,000 Pipedrive rows (read CSV, map, check), median of 5: \(ms(median(imports)))  (\(importRows) rows without error)")
// The import written (issue 11): 10,000 rows into a fresh board by its manager, the whole of
// it — read, map, plan under the lock, fold-check against the rules, one locked append with
// fsync, the read-back — with a quarter of the deals won (creation + a move at the CRM's time).
var writeCSV = "Deal - ID;Deal - Title;Deal - Value;Deal - Currency of value;Deal - Organization;Deal - Owner;Deal - Stage;Deal - Status;Deal - Deal created;Deal - Won time\r\n"
for i in 0..<10_000 {
    let won = i % 4 == 0
    writeCSV += "\(i);Deal \(i);\(i * 10).50;\(uiStore.pipeline.currency);Org \(i);\(uiStore.pipeline.people.first?.login ?? reps[0]);\(uiStore.pipeline.firstStage.name);"
        + (won ? "Won;2026-09-01 10:00:00;2026-10-15 10:00:00\r\n" : "Open;2026-09-01 10:00:00;\r\n")
}
var writes: [Double] = []
var written = 0
for run in 0..<3 {
    let folder = NSTemporaryDirectory() + "dealboard-bench-import-\(getpid())-\(run)"
    try? FileManager.default.removeItem(atPath: folder)
    _ = try BoardInit.create(folder: folder, template: "b2b", sharedGroup: nil, manager: reps[0])
    let fresh = try BoardStore(folder: folder, user: reps[0], snapshots: .off)
    let t = monotonic()
    let table = try CSVTable.read(Data(writeCSV.utf8), name: "bench.csv")
    let events = try fresh.performAll(now: now) { cmds in
        let plan = ImportPlan.make(table: table, format: .pipedrive, mapping: ImportMapping(), pipeline: cmds.pipeline, state: cmds.state)
        return try ImportWrite(plan: plan, file: "bench.csv", batch: BoardStore.newID(), skipBad: false).drafts(cmds, newID: BoardStore.newID)
    }
    writes.append(monotonic() - t)
    written = events.count
    try? FileManager.default.removeItem(atPath: folder)
}
print("import of 10,000 Pipedrive rows into a fresh board (read, plan, check, write, fsync, read back), median of 3: \(ms(median(writes)))  (\(written) events)")
// The review screen: r → first frame, then a key → frame (the report's lines are cached).
var reviewOpens: [Double] = []
var reviewKeys: [Double] = []
for _ in 0..<runs {
    let rapp = BoardApp(store: uiStore, unicode: true, clock: { now })
    _ = rapp.render(width: 120, height: 40)
    var t = monotonic()
    rapp.handle(.char("r"))
    _ = rapp.render(width: 120, height: 40)
    reviewOpens.append(monotonic() - t)
    for key: KeyEvent in [.char("j"), .char("j"), .pageDown, .char("k"), .char("s"), .char("j")] {
        t = monotonic()
        rapp.handle(key)
        _ = rapp.render(width: 120, height: 40)
        reviewKeys.append(monotonic() - t)
    }
}
print("review screen: r → first frame (120x40), median of \(runs): \(ms(median(reviewOpens)));  a key → frame, median: \(ms(median(reviewKeys)))")
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dealboard").path
if authors > 1 {
    // The binary credits a journal only to the Unix user who owns it: simulated reps count as nobody.
    print("dealboard report (whole command): run with --authors 1 (the reps of a multi-author bench board are not Unix users)")
} else if FileManager.default.isExecutableFile(atPath: binary) {
    for format in ["text", "json"] {
        var runsOf: [Double] = []
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["report", "--board", dir, "--format", format]
            p.environment = ["DEALBOARD_NOW": Timestamp.format(now), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
            p.standardOutput = FileHandle.nullDevice
            let t = monotonic()
            try p.run()
            // waitpid, not waitUntilExit: Foundation polls for the exit in 50 ms steps.
            var status: Int32 = 0
            waitpid(p.processIdentifier, &status, 0)
            runsOf.append(monotonic() - t)
        }
        print("dealboard report --format \(format) (whole command), median of \(runs): \(ms(median(runsOf)))   [min \(ms(runsOf.min()!)), max \(ms(runsOf.max()!))]")
    }
} else {
    print("(dealboard not built beside the bench: swift build -c release to time the report command)")
}
