import Definitions

/// `[Container]` resource keys as systemd's own directives, so systemd
/// enforces them on the unit's cgroup (systemd.resource-control(5)).
public enum ResourceMapping {
    /// `(directive, value)` pairs for the `[Service]` section, in a fixed
    /// order: `MemoryMax=` bytes, `TasksMax=` (`infinity` for -1),
    /// `CPUQuota=` percent of one CPU, `MemorySwapMax=` (swap alone),
    /// `CPUWeight=`, `IOWeight=`.
    public static func directives(for resources: Resources) -> [(key: String, value: String)] {
        var directives: [(key: String, value: String)] = []
        if let bytes = resources.memoryBytes {
            directives.append(("MemoryMax", String(bytes)))
        }
        if let limit = resources.pidsLimit {
            directives.append(("TasksMax", limit < 0 ? "infinity" : String(limit)))
        }
        if let cpus = resources.cpus {
            directives.append(("CPUQuota", cpuQuota(cpus)))
        }
        if let swap = swapMax(resources) {
            directives.append(("MemorySwapMax", swap))
        }
        if let weight = resources.cpuWeight {
            directives.append(("CPUWeight", String(weight)))
        }
        if let weight = resources.ioWeight {
            directives.append(("IOWeight", String(weight)))
        }
        return directives
    }

    /// `1.5` → `150%`, `0.25` → `25%`, `0.3333` → `33.33%`: CPUQuota=
    /// takes up to two decimals.
    public static func cpuQuota(_ cpus: Double) -> String {
        let hundredths = Int((cpus * 10_000).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return "\(whole)%" }
        let digits = fraction < 10 ? "0\(fraction)" : String(fraction)
        return "\(whole).\(digits.hasSuffix("0") ? String(digits.dropLast()) : digits)%"
    }

    /// `MemorySwap=` counts memory and swap together (docker's
    /// `--memory-swap`), systemd's `MemorySwapMax=` swap alone: the
    /// difference, `infinity` for -1. Nil without a limit, or when the
    /// definition check (`Resources.swapProblem`) refuses it.
    static func swapMax(_ resources: Resources) -> String? {
        switch resources.memorySwap {
        case nil: return nil
        case .unlimited: return "infinity"
        case .total(let total):
            guard let memory = resources.memoryBytes, total >= memory else { return nil }
            return String(total - memory)
        }
    }
}
