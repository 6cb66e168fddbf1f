import Cgroups
import OCI

/// `linux.resources` as cgroup v2 file writes, in order, each with the spec
/// field it comes from (for errors), plus what this runtime does not apply
/// (for a warning). The conversions from cgroup v1 units are runc's, so a
/// bundle gets the same files from either runtime.
struct CgroupSettings: Equatable {
    struct Write: Equatable {
        var file: String
        var value: String
        /// The spec field, e.g. `linux.resources.memory.limit`.
        var field: String
    }

    var writes: [Write] = []
    var ignored: [String] = []

    init() {}

    init(_ resources: Resources?) {
        guard let resources else { return }
        if let memory = resources.memory { addMemory(memory) }
        if let cpu = resources.cpu { addCPU(cpu) }
        // As runc: a limit of 0 leaves pids alone (podman's "unlimited").
        if let pids = resources.pids, pids.limit != 0 {
            add("pids.max", pids.limit > 0 ? String(pids.limit) : "max", "linux.resources.pids.limit")
        }
        if let blockIO = resources.blockIO { addBlockIO(blockIO) }
        for hugepage in resources.hugepageLimits ?? [] {
            add("hugetlb.\(hugepage.pageSize).max", String(hugepage.limit), "linux.resources.hugepageLimits")
        }
        for (device, limits) in (resources.rdma ?? [:]).sorted(by: { $0.key < $1.key }) {
            var value = device
            if let handles = limits.hcaHandles { value += " hca_handle=\(handles)" }
            if let objects = limits.hcaObjects { value += " hca_object=\(objects)" }
            if value != device { add("rdma.max", value, "linux.resources.rdma") }
        }
        for (file, value) in (resources.unified ?? [:]).sorted(by: { $0.key < $1.key }) {
            add(file, value, "linux.resources.unified[\"\(file)\"]")
        }
        // Device rules are an eBPF program, not a file: DeviceFilterRules.
        // net_cls and net_prio have no cgroup v2 counterpart.
        if resources.network != nil { ignored.append("linux.resources.network") }
    }

    /// The controllers the writes need, in order of first use, each with the
    /// first field that needs it.
    var controllers: [(name: String, field: String)] {
        var seen: [(name: String, field: String)] = []
        for write in writes {
            guard let controller = Cgroup.controller(of: write.file),
                !seen.contains(where: { $0.name == controller })
            else { continue }
            seen.append((controller, write.field))
        }
        return seen
    }

    /// Enables the controllers the writes need, from the deepest cgroup that
    /// existed before (`made` lists the directories the runtime created,
    /// deepest last) down to the container's parent, then writes each value.
    /// Nothing is enabled or written when there is nothing to set.
    func apply(to cgroup: Cgroup, made: [String]) throws(CgroupError) {
        guard !writes.isEmpty else { return }
        var top = cgroup.parent
        for _ in 1..<max(made.count, 1) { top = top.parent }
        let needed = controllers
        try cgroup.enableControllers(
            needed.map(\.name), from: top,
            fields: Dictionary(needed.map { ($0.name, $0.field) }, uniquingKeysWith: { first, _ in first }))
        for write in writes {
            do {
                try cgroup.write(write.file, write.value)
            } catch {
                switch error {
                case .system(let cause):
                    throw .setting(
                        field: write.field, file: cgroup.directory + "/" + write.file, value: write.value,
                        cause: cause.errno)
                case .controllerUnavailable:
                    throw .setting(
                        field: write.field, file: cgroup.directory + "/" + write.file, value: write.value,
                        cause: .noSuchFileOrDirectory)
                default:
                    throw error
                }
            }
        }
    }

    private mutating func add(_ file: String, _ value: String, _ field: String) {
        writes.append(Write(file: file, value: value, field: field))
    }

    private mutating func addMemory(_ memory: Resources.Memory) {
        func limit(_ value: Int64) -> String { value < 0 ? "max" : String(value) }
        if let value = memory.limit { add("memory.max", limit(value), "linux.resources.memory.limit") }
        if let value = memory.reservation { add("memory.low", limit(value), "linux.resources.memory.reservation") }
        if let swap = memory.swap {
            // OCI swap is memory+swap (v1); v2 counts swap alone.
            if swap < 0 {
                add("memory.swap.max", "max", "linux.resources.memory.swap")
            } else if let memoryLimit = memory.limit, memoryLimit >= 0 {
                add("memory.swap.max", String(max(0, swap - memoryLimit)), "linux.resources.memory.swap")
            }
        }
        if memory.swappiness != nil { ignored.append("linux.resources.memory.swappiness") }
        if memory.disableOOMKiller == true { ignored.append("linux.resources.memory.disableOOMKiller") }
    }

    private mutating func addCPU(_ cpu: Resources.CPU) {
        if let shares = cpu.shares, shares > 0 {
            // runc's conversion of v1 shares [2, 262144] to v2 weight [1, 10000].
            let clamped = min(max(shares, 2), 262_144)
            add("cpu.weight", String(1 + ((clamped - 2) * 9999) / 262_142), "linux.resources.cpu.shares")
        }
        if cpu.quota != nil || cpu.period != nil {
            let quota = cpu.quota.map { $0 > 0 ? String($0) : "max" } ?? "max"
            let period = cpu.period.map { $0 > 0 ? $0 : 100_000 } ?? 100_000
            add(
                "cpu.max", "\(quota) \(period)",
                cpu.quota != nil ? "linux.resources.cpu.quota" : "linux.resources.cpu.period")
        }
        if let burst = cpu.burst { add("cpu.max.burst", String(burst), "linux.resources.cpu.burst") }
        if let idle = cpu.idle { add("cpu.idle", String(idle), "linux.resources.cpu.idle") }
        if let cpus = cpu.cpus, !cpus.isEmpty { add("cpuset.cpus", cpus, "linux.resources.cpu.cpus") }
        if let mems = cpu.mems, !mems.isEmpty { add("cpuset.mems", mems, "linux.resources.cpu.mems") }
        if cpu.realtimeRuntime != nil || cpu.realtimePeriod != nil {
            ignored.append("linux.resources.cpu.realtimeRuntime")
        }
    }

    private mutating func addBlockIO(_ blockIO: Resources.BlockIO) {
        // runc's conversion of v1 blkio weight [10, 1000] to v2 io.weight [1, 10000].
        func weight(_ value: UInt16) -> String {
            let clamped = UInt64(min(max(value, 10), 1000))
            return String(1 + (clamped - 10) * 9999 / 990)
        }
        if let value = blockIO.weight, value > 0 {
            add("io.weight", "default \(weight(value))", "linux.resources.blockIO.weight")
        }
        for device in blockIO.weightDevice ?? [] {
            guard let value = device.weight, value > 0 else { continue }
            add("io.weight", "\(device.major):\(device.minor) \(weight(value))", "linux.resources.blockIO.weightDevice")
        }
        // One io.max line per device with every limit given for it.
        var devices: [String] = []
        var limits: [String: [String]] = [:]
        let throttles: [(String, [Resources.ThrottleDevice]?)] = [
            ("rbps", blockIO.throttleReadBpsDevice), ("wbps", blockIO.throttleWriteBpsDevice),
            ("riops", blockIO.throttleReadIOPSDevice), ("wiops", blockIO.throttleWriteIOPSDevice),
        ]
        for (key, entries) in throttles {
            for entry in entries ?? [] {
                let device = "\(entry.major):\(entry.minor)"
                if limits[device] == nil { devices.append(device) }
                limits[device, default: []].append("\(key)=\(entry.rate == 0 ? "max" : String(entry.rate))")
            }
        }
        for device in devices {
            add(
                "io.max", ([device] + (limits[device] ?? [])).joined(separator: " "),
                "linux.resources.blockIO.throttle")
        }
        if blockIO.leafWeight != nil { ignored.append("linux.resources.blockIO.leafWeight") }
    }
}
