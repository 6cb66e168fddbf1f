/// One process as `top` shows it, from /proc/PID/{stat,status,cmdline}.
public struct ProcessEntry: Sendable, Equatable {
    public var pid: Int32
    public var parentPID: Int32
    /// The effective user id (`Uid:` second field), as ps's USER.
    public var uid: UInt32
    /// utime + stime, in clock ticks.
    public var cpuTicks: UInt64
    /// The command line, or `[comm]` when it has none (a zombie, a kernel thread).
    public var command: String

    public init(pid: Int32, parentPID: Int32, uid: UInt32, cpuTicks: UInt64, command: String) {
        self.pid = pid
        self.parentPID = parentPID
        self.uid = uid
        self.cpuTicks = cpuTicks
        self.command = command
    }

    /// Parses the three files' contents; nil when `stat` or `status` is not
    /// what the kernel writes.
    public init?(stat: String, status: String, cmdline: [UInt8]) {
        // comm may hold spaces and parentheses: it ends at the last ')'.
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"),
            let pid = Int32(stat[..<open].trimmingSpaces)
        else { return nil }
        let comm = String(stat[stat.index(after: open)..<close])
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): ppid is 4, utime 14, stime 15.
        guard fields.count > 12, let parent = Int32(fields[1]), let user = UInt64(fields[11]),
            let system = UInt64(fields[12])
        else { return nil }
        let uidLine = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        let ids = uidLine.map { $0.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }) } ?? []
        guard ids.count > 1, let uid = UInt32(ids[1]) else { return nil }
        let arguments = cmdline.split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let line = (arguments.last == "" ? arguments.dropLast() : arguments[...]).joined(separator: " ")
        self.init(
            pid: pid, parentPID: parent, uid: uid, cpuTicks: user + system,
            command: line.isEmpty ? "[\(comm)]" : line)
    }
}

/// `top` output: docker top's columns, one row per process in PID order.
public enum ProcessTable {
    /// - Parameters:
    ///   - userName: the name of a uid, nil to show the number.
    ///   - ticksPerSecond: `sysconf(_SC_CLK_TCK)`.
    public static func render(
        _ processes: [ProcessEntry], userName: (UInt32) -> String?, ticksPerSecond: UInt64
    ) -> String {
        Table.render(
            headers: ["PID", "PPID", "USER", "TIME", "COMMAND"],
            rows: processes.sorted { $0.pid < $1.pid }.map { process in
                [
                    String(process.pid), String(process.parentPID),
                    userName(process.uid) ?? String(process.uid),
                    cpuTime(ticks: process.cpuTicks, ticksPerSecond: ticksPerSecond), process.command,
                ]
            })
    }

    /// CPU time as ps writes it: `HH:MM:SS`, `D-HH:MM:SS` past a day.
    public static func cpuTime(ticks: UInt64, ticksPerSecond: UInt64) -> String {
        let seconds = ticks / max(1, ticksPerSecond)
        func two(_ n: UInt64) -> String { n < 10 ? "0\(n)" : String(n) }
        let clock = "\(two(seconds / 3600 % 24)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        return seconds >= 86400 ? "\(seconds / 86400)-\(clock)" : clock
    }

    /// The uid → name table of a passwd(5) file's text.
    public static func userNames(passwd: String) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count > 2, let uid = UInt32(fields[2]), names[uid] == nil else { continue }
            names[uid] = String(fields[0])
        }
        return names
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
