import Foundation

/// What Linux's /proc says about a process: the figures the terminal bench reads.
enum ProcFS {
    /// Clock ticks a second of utime/stime (USER_HZ: 100 on Linux, so 10 ms a tick).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The fields of /proc/PID/stat after the command name, which is in parentheses and may
    /// itself hold spaces and parentheses: the fields start after the last ")".
    /// Field 3 (state) is at index 0, so field N is at index N - 3.
    static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The command name of a stat line: between the first "(" and the last ")".
    static func statName(_ stat: String) -> String? {
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"), open < close else { return nil }
        return String(stat[stat.index(after: open)..<close])
    }

    static func stat(_ pid: Int32) -> String? { try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) }

    /// CPU time (user + system, all threads) of a process so far, in clock ticks (fields 14, 15).
    static func cpuTicks(fromStat stat: String) -> Int? {
        guard let f = statFields(stat), f.count > 12, let user = Int(f[11]), let system = Int(f[12]) else { return nil }
        return user + system
    }

    static func cpuSeconds(_ pid: Int32) -> Double? {
        stat(pid).flatMap(cpuTicks(fromStat:)).map { Double($0) / ticksPerSecond }
    }

    /// Parent pid (field 4).
    static func parent(fromStat stat: String) -> Int32? {
        statFields(stat).flatMap { $0.count > 1 ? Int32($0[1]) : nil }
    }

    /// A "Key:   123 kB" line of /proc/PID/status, in KiB.
    static func statusKiB(_ status: String, key: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        return nil
    }

    /// Peak resident memory (VmHWM) of a process, in MiB.
    static func peakRSSMiB(_ pid: Int32) -> Double? {
        (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)).flatMap { statusKiB($0, key: "VmHWM") }.map { Double($0) / 1024 }
    }

    /// `root` and every process under it, parents before their children.
    static func descendants(of root: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let s = stat(pid), let parent = parent(fromStat: s) else { continue }
            children[parent, default: []].append(pid)
        }
        var found: [Int32] = []
        var todo = [root]
        while !todo.isEmpty {
            let p = todo.removeFirst()
            found.append(p)
            todo += children[p] ?? []
        }
        return found
    }

    /// The first process named `name` among `root`'s descendants (root included), or nil.
    static func descendant(of root: Int32, named name: String) -> Int32? {
        descendants(of: root).first { stat($0).flatMap(statName) == name }
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard let s = stat(pid), let f = statFields(s), let state = f.first else { return false }
        return state != "Z"
    }

    /// The 1, 5 and 15 minute load averages, as /proc/loadavg gives them.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
