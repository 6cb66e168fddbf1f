import CShim

/// The process execution domain (`personality(2)`), named as in the OCI spec.
public enum ExecutionDomain {
    /// `linux.personality.domain` names and their `PER_*` values.
    public static let domains: [String: UInt] = ["LINUX": 0x0000, "LINUX32": 0x0008]

    /// For the child between clone and exec; the domain is inherited across execve.
    public static func set(_ persona: UInt) -> Errno? {
        errnoIfFailed { swctl_personality(persona) }
    }
}
