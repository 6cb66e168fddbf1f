import CShim

/// Resource limits (`setrlimit(2)`), named as in the OCI spec.
public enum Rlimits {
    /// `RLIMIT_*` names and their numbers on Linux.
    public static let resources: [String: Int32] = [
        "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4,
        "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9,
        "RLIMIT_LOCKS": 10, "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13,
        "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
    ]

    /// For the child between clone and exec.
    public static func set(_ resource: Int32, soft: UInt64, hard: UInt64) -> Errno? {
        errnoIfFailed { swctl_setrlimit(resource, soft, hard) }
    }
}
