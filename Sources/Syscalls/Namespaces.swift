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

extension Namespaces {
    /// `unshare(2)` for the runtime itself (a new time namespace for its
    /// next child: unshare moves only children into it).
    public static func unshare(_ kinds: NamespaceFlags, operation: String) throws(SyscallError) {
        _ = try check(operation) { swctl_unshare(kinds.rawValue) }
    }

    /// Writes `/proc/self/timens_offsets` (`monotonic SECS NANOSECS` a
    /// line): the offsets of the time namespace the caller's next child is
    /// born into. The kernel takes them only before a process is in it.
    public static func setTimeOffsets(_ offsets: String) throws(SyscallError) {
        try FileDescriptor.writeFile("/proc/self/timens_offsets", offsets)
    }

    /// The name of a namespace kind under `/proc/PID/ns/` (`net` for network).
    public static func procName(_ kind: NamespaceFlags) -> String {
        switch kind {
        case .mount: return "mnt"
        case .cgroup: return "cgroup"
        case .uts: return "uts"
        case .ipc: return "ipc"
        case .user: return "user"
        case .pid: return "pid"
        case .network: return "net"
        case .time: return "time"
        default: return "ns"
        }
    }
}

/// The runtime's own namespaces, kept while it enters others for a clone,
/// so it returns to them right after: what it does afterwards (hooks,
/// notifying the service manager) happens where it was started.
public struct SavedNamespaces {
    private var saved: [(fd: FileDescriptor, kind: NamespaceFlags)] = []

    public init() {}

    /// Keeps `/proc/self/ns/KIND` to return to; once per kind.
    public mutating func save(_ kind: NamespaceFlags) throws(SyscallError) {
        guard !saved.contains(where: { $0.kind == kind }) else { return }
        saved.append((try FileDescriptor.open("/proc/self/ns/" + Namespaces.procName(kind)), kind))
    }

    /// Returns to every saved namespace and closes the descriptors.
    public func restore() throws(SyscallError) {
        defer { for entry in saved { entry.fd.close() } }
        for entry in saved {
            try Namespaces.join(entry.fd, kind: entry.kind, path: "/proc/self/ns/" + Namespaces.procName(entry.kind))
        }
    }

    /// Closes the descriptors without returning (the clone failed and the runtime exits).
    public func close() {
        for entry in saved { entry.fd.close() }
    }
}
