/// One reading of a container's resource counters, from its cgroup files
/// and its network namespace. nil: not available here (a controller the
/// host does not give this cgroup, a namespace that could not be read).
struct ResourceSample: Equatable, Sendable {
    /// CLOCK_MONOTONIC when read, for rates between two samples.
    var monotonicNanoseconds: UInt64
    /// `cpu.stat` usage_usec: CPU time of every process, ever.
    var cpuMicroseconds: UInt64?
    /// `memory.current`.
    var memoryBytes: UInt64?
    /// `memory.max`; nil when unlimited (`max`) or unknown.
    var memoryLimit: UInt64?
    /// `pids.current`, else the threads counted in `cgroup.threads`.
    var pids: UInt64?
    /// `io.stat` rbytes and wbytes summed over devices.
    var blockRead: UInt64?
    var blockWritten: UInt64?
    /// Bytes received and sent on every interface but `lo`.
    var networkReceived: UInt64?
    var networkSent: UInt64?

    init(
        monotonicNanoseconds: UInt64, cpuMicroseconds: UInt64? = nil, memoryBytes: UInt64? = nil,
        memoryLimit: UInt64? = nil, pids: UInt64? = nil, blockRead: UInt64? = nil, blockWritten: UInt64? = nil,
        networkReceived: UInt64? = nil, networkSent: UInt64? = nil
    ) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.cpuMicroseconds = cpuMicroseconds
        self.memoryBytes = memoryBytes
        self.memoryLimit = memoryLimit
        self.pids = pids
        self.blockRead = blockRead
        self.blockWritten = blockWritten
        self.networkReceived = networkReceived
        self.networkSent = networkSent
    }
}

/// The text formats the counters come in.
enum ResourceFiles {
    /// The value of `key` in a flat keyed file (`cpu.stat`: `usage_usec 123`).
    static func keyedValue(_ key: String, in text: String) -> UInt64? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key { return UInt64(fields[1]) }
        }
        return nil
    }

    /// A single-value file: a number, or nil for `max` and anything else.
    static func number(_ text: String) -> UInt64? {
        UInt64(text.split(separator: "\n").first ?? "")
    }

    /// `io.stat` (`8:0 rbytes=1 wbytes=2 rios=…`): bytes read and written,
    /// summed over every device.
    static func ioTotals(_ text: String) -> (read: UInt64, written: UInt64) {
        var read: UInt64 = 0
        var written: UInt64 = 0
        for line in text.split(separator: "\n") {
            for field in line.split(separator: " ").dropFirst() {
                let pair = field.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, let value = UInt64(pair[1]) else { continue }
                if pair[0] == "rbytes" { read &+= value }
                if pair[0] == "wbytes" { written &+= value }
            }
        }
        return (read, written)
    }

    /// `/proc/PID/net/dev`: bytes received and sent on every interface but
    /// the loopback, which is traffic the container had with itself.
    static func networkTotals(_ text: String) -> (received: UInt64, sent: UInt64) {
        var received: UInt64 = 0
        var sent: UInt64 = 0
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let interface = line[..<colon].trimmingPrefix(while: { $0 == " " })
            guard interface != "lo" else { continue }
            let fields = line[line.index(after: colon)...].split(separator: " ")
            // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit.
            guard fields.count >= 9, let rx = UInt64(fields[0]), let tx = UInt64(fields[8]) else { continue }
            received &+= rx
            sent &+= tx
        }
        return (received, sent)
    }
}
