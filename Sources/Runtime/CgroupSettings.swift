import OCI

/// `linux.resources` as cgroup v2 file writes, in order, plus what this
/// runtime does not apply (for a warning).
struct CgroupSettings: Equatable {
    var writes: [(file: String, value: String)] = []
    var ignored: [String] = []

    static func == (lhs: CgroupSettings, rhs: CgroupSettings) -> Bool {
        lhs.writes.map { "\($0.file)=\($0.value)" } == rhs.writes.map { "\($0.file)=\($0.value)" }
            && lhs.ignored == rhs.ignored
    }

    init() {}

    init(_ resources: Resources?) {
        guard let resources else { return }
        func limit(_ value: Int64) -> String { value < 0 ? "max" : String(value) }
        if let memory = resources.memory {
            if let value = memory.limit { writes.append(("memory.max", limit(value))) }
            if let value = memory.reservation { writes.append(("memory.low", limit(value))) }
            if let swap = memory.swap {
                // OCI swap is memory+swap (v1); v2 counts swap alone.
                if swap < 0 {
                    writes.append(("memory.swap.max", "max"))
                } else if let memoryLimit = memory.limit, memoryLimit >= 0 {
                    writes.append(("memory.swap.max", String(max(0, swap - memoryLimit))))
                }
            }
        }
        if let cpu = resources.cpu {
            if let shares = cpu.shares, shares > 0 {
                // runc's conversion of v1 shares [2, 262144] to v2 weight [1, 10000].
                let clamped = min(max(shares, 2), 262_144)
                writes.append(("cpu.weight", String(1 + ((clamped - 2) * 9999) / 262_142)))
            }
            if cpu.quota != nil || cpu.period != nil {
                let quota = cpu.quota.map { $0 > 0 ? String($0) : "max" } ?? "max"
                writes.append(("cpu.max", "\(quota) \(cpu.period ?? 100_000)"))
            }
            if let idle = cpu.idle { writes.append(("cpu.idle", String(idle))) }
            if let cpus = cpu.cpus, !cpus.isEmpty { writes.append(("cpuset.cpus", cpus)) }
            if let mems = cpu.mems, !mems.isEmpty { writes.append(("cpuset.mems", mems)) }
        }
        if let pids = resources.pids { writes.append(("pids.max", pids.limit > 0 ? String(pids.limit) : "max")) }
        for hugepage in resources.hugepageLimits ?? [] {
            writes.append(("hugetlb.\(hugepage.pageSize).max", String(hugepage.limit)))
        }
        for (file, value) in (resources.unified ?? [:]).sorted(by: { $0.key < $1.key }) {
            writes.append((file, value))
        }
        // Device rules need an eBPF program on cgroup v2 (not loaded yet):
        // under systemd, DevicePolicy= of the unit guards devices.
        // The usual deny-all rule alone changes nothing visible: the default
        // devices are created by the runtime either way.
        let denyAll = Resources.DeviceRule(allow: false, access: "rwm")
        if let devices = resources.devices,
            devices.contains(where: {
                $0 != denyAll && $0 != Resources.DeviceRule(allow: false, type: "a", access: "rwm")
            })
        {
            ignored.append("linux.resources.devices")
        }
        if resources.blockIO != nil { ignored.append("linux.resources.blockIO") }
        if resources.network != nil { ignored.append("linux.resources.network") }
        if resources.rdma != nil { ignored.append("linux.resources.rdma") }
    }
}
