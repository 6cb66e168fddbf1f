import CShim

/// Namespace kinds as `clone`/`unshare`/`setns` flags (CLONE_NEW*).
public struct NamespaceFlags: OptionSet, Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let mount = NamespaceFlags(rawValue: 0x0002_0000)
    public static let cgroup = NamespaceFlags(rawValue: 0x0200_0000)
    public static let uts = NamespaceFlags(rawValue: 0x0400_0000)
    public static let ipc = NamespaceFlags(rawValue: 0x0800_0000)
    public static let user = NamespaceFlags(rawValue: 0x1000_0000)
    public static let pid = NamespaceFlags(rawValue: 0x2000_0000)
    public static let network = NamespaceFlags(rawValue: 0x4000_0000)
    public static let time = NamespaceFlags(rawValue: 0x0000_0080)
}

/// `setns(2)` and `unshare(2)`.
public enum Namespaces {
    /// Joins the namespace behind `fd` (opened from e.g. `/proc/PID/ns/net`).
    public static func join(_ fd: FileDescriptor, kind: NamespaceFlags, path: String) throws(SyscallError) {
        _ = try check("join namespace \(path)") { swctl_setns(fd.rawValue, kind.rawValue) }
    }

    /// For the child between clone and exec.
    public static func join(_ fd: Int32, kind: NamespaceFlags) -> Errno? {
        errnoIfFailed { swctl_setns(fd, kind.rawValue) }
    }

    /// For the child between clone and exec.
    public static func unshare(_ kinds: NamespaceFlags) -> Errno? {
        errnoIfFailed { swctl_unshare(kinds.rawValue) }
    }
}
