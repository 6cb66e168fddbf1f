import Syscalls

/// Which test ring this process runs in (see shared docs "test environments").
public enum Ring {
    /// Root: namespaces, mounts and cgroups are available (ring 1 and up).
    public static var isRoot: Bool { Identity.effectiveUserID == 0 }

    /// A cgroup v2 view: the unified hierarchy on /sys/fs/cgroup and a `0::`
    /// line in /proc/self/cgroup, as `Tests/rings/ring1.sh` sets up (and as
    /// systemd hosts have). A hybrid host's own layout (tmpfs on
    /// /sys/fs/cgroup) does not count.
    public static var hasCgroup2View: Bool {
        guard let mountinfo = try? FileSystem.readTextFile("/proc/self/mountinfo"),
            let cgroup = try? FileSystem.readTextFile("/proc/self/cgroup")
        else { return false }
        guard cgroup.split(separator: "\n").contains(where: { $0.hasPrefix("0::") }) else { return false }
        return mountinfo.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count, fields.count > 4 else { return false }
            return fields[4] == "/sys/fs/cgroup" && fields[dash + 1] == "cgroup2"
        }
    }

    /// Debian's busybox-static, for root filesystems.
    public static var hasBusybox: Bool { FileSystem.exists(Busybox.path) }

    /// runc, the differential peer.
    public static var runcPath: String? {
        ["/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc"].first { FileSystem.exists($0) }
    }
}
