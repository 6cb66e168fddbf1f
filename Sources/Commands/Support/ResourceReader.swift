import Glibc
import Syscalls

/// Reads a container's counters: its cgroup's files (the unit's cgroup,
/// which holds the container and everything exec'd into it) and the network
/// interfaces its main process sees.
struct ResourceReader {
    var source = ProcessSource()

    /// A sample now. `controlGroup` is systemd's ControlGroup of the unit,
    /// `mainPID` the container's init; nil when the cgroup is gone.
    func sample(controlGroup: String, mainPID: UInt32) -> ResourceSample? {
        guard let directory = source.cgroupDirectory(controlGroup) else { return nil }
        var sample = ResourceSample(monotonicNanoseconds: Self.monotonicNanoseconds())
        func read(_ file: String) -> String? { try? FileSystem.readTextFile(directory + "/" + file) }
        sample.cpuMicroseconds = read("cpu.stat").flatMap { ResourceFiles.keyedValue("usage_usec", in: $0) }
        sample.memoryBytes = read("memory.current").flatMap(ResourceFiles.number)
        sample.memoryLimit = read("memory.max").flatMap(ResourceFiles.number)
        sample.pids = read("pids.current").flatMap(ResourceFiles.number) ?? threads(below: directory)
        if let io = read("io.stat") {
            let totals = ResourceFiles.ioTotals(io)
            sample.blockRead = totals.read
            sample.blockWritten = totals.written
        }
        if mainPID > 0, let net = try? FileSystem.readTextFile(source.procRoot + "/\(mainPID)/net/dev") {
            let totals = ResourceFiles.networkTotals(net)
            sample.networkReceived = totals.received
            sample.networkSent = totals.sent
        }
        return sample
    }

    /// The host's memory (MemTotal), the limit shown for an unlimited cgroup.
    func hostMemory() -> UInt64? {
        guard let text = try? FileSystem.readTextFile(source.procRoot + "/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = UInt64(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Threads in the cgroup tree, where the pids controller is not there to count them.
    private func threads(below directory: String) -> UInt64? {
        guard let text = try? FileSystem.readTextFile(directory + "/cgroup.threads") else { return nil }
        var count = UInt64(text.split(separator: "\n").count)
        for entry in (try? FileSystem.listDirectory(directory)) ?? [] where entry.kind == .directory {
            count += threads(below: directory + "/" + entry.name) ?? 0
        }
        return count
    }

    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
