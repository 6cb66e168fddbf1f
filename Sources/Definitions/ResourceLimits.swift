/// `MemorySwap=`: memory plus swap, as `docker run --memory-swap`.
public enum SwapLimit: Sendable, Equatable {
    /// `-1`: as much swap as the host has (`MemorySwapMax=infinity`).
    case unlimited
    /// Memory and swap together, in bytes; at least `Memory=`.
    case total(UInt64)
}

/// One `Ulimit=` entry: `nofile=1024:2048` → `RLIMIT_NOFILE`, soft 1024,
/// hard 2048 (`process.rlimits` of the spec, set by the runtime).
public struct ProcessLimit: Sendable, Equatable {
    /// The `RLIMIT_*` name.
    public var resource: String
    public var soft: UInt64
    public var hard: UInt64

    /// `RLIM_INFINITY`, written as `-1` or `unlimited`.
    public static let unlimited = UInt64.max

    public init(resource: String, soft: UInt64, hard: UInt64) {
        self.resource = resource
        self.soft = soft
        self.hard = hard
    }

    /// The names `Ulimit=` takes (podman's, as `ulimit(1)` and
    /// setrlimit(2)) and their `RLIMIT_*` resource.
    public static let names: [String: String] = [
        "as": "RLIMIT_AS", "core": "RLIMIT_CORE", "cpu": "RLIMIT_CPU", "data": "RLIMIT_DATA",
        "fsize": "RLIMIT_FSIZE", "locks": "RLIMIT_LOCKS", "memlock": "RLIMIT_MEMLOCK",
        "msgqueue": "RLIMIT_MSGQUEUE", "nice": "RLIMIT_NICE", "nofile": "RLIMIT_NOFILE",
        "nproc": "RLIMIT_NPROC", "rss": "RLIMIT_RSS", "rtprio": "RLIMIT_RTPRIO", "rttime": "RLIMIT_RTTIME",
        "sigpending": "RLIMIT_SIGPENDING", "stack": "RLIMIT_STACK",
    ]
}
