import Syscalls

/// Where the cgroup v2 hierarchy is mounted and which cgroup a process is in.
///
/// Parsers take file contents, so tests feed them text; `current()` reads
/// the real files.
public enum Hierarchy {
    /// The mount point of the `cgroup2` filesystem in a
    /// `/proc/self/mountinfo` text: `/sys/fs/cgroup` on unified hosts,
    /// `/sys/fs/cgroup/unified` on hybrid ones. `/sys/fs/cgroup` wins when
    /// several are listed (a private view mounted over a hybrid layout still
    /// lists the hidden one); otherwise the last one, since later mounts
    /// shadow earlier ones. Nil if there is none.
    public static func cgroup2MountPoint(mountinfo: String) -> String? {
        var found: String?
        for line in mountinfo.split(separator: "\n") {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let separator = fields.firstIndex(of: "-"), separator + 1 < fields.count, fields.count > 4 else {
                continue
            }
            guard fields[separator + 1] == "cgroup2" else { continue }
            let mountPoint = unescape(fields[4])
            if mountPoint == "/sys/fs/cgroup" { return mountPoint }
            found = mountPoint
        }
        return found
    }

    /// The cgroup v2 path (`0::/path`) in a `/proc/PID/cgroup` text; nil if
    /// the process has no v2 entry.
    public static func unifiedPath(procCgroup: String) -> String? {
        for line in procCgroup.split(separator: "\n") where line.hasPrefix("0::") {
            let path = String(line.dropFirst(3))
            // A cgroup deleted while we run shows up with a " (deleted)" suffix.
            return path.hasSuffix(" (deleted)") ? String(path.dropLast(10)) : path
        }
        return nil
    }

    /// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let source = Array(field.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count + 0,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The cgroup2 mount point and this process's own cgroup, from `/proc`.
    public static func current(procRoot: String = "/proc") throws(CgroupError) -> (
        mountPoint: String, ownCgroup: String
    ) {
        let mountinfo: [UInt8]
        let cgroup: [UInt8]
        do {
            mountinfo = try FileDescriptor.readFile("\(procRoot)/self/mountinfo")
            cgroup = try FileDescriptor.readFile("\(procRoot)/self/cgroup")
        } catch {
            throw .system(error)
        }
        guard let mountPoint = cgroup2MountPoint(mountinfo: String(decoding: mountinfo, as: UTF8.self)) else {
            throw .noUnifiedHierarchy
        }
        guard let own = unifiedPath(procCgroup: String(decoding: cgroup, as: UTF8.self)) else {
            throw .noUnifiedHierarchy
        }
        return (mountPoint, own)
    }

    /// The container's cgroup, relative to the hierarchy's root (always
    /// starting with `/`), from the spec's `linux.cgroupsPath`:
    /// absolute → as given; relative → below `ownCgroup` (under systemd the
    /// unit's cgroup, so `container` lands in `ctr@NAME.service/container`);
    /// absent or empty → `ownCgroup/ID`. `..` components are rejected.
    public static func resolve(cgroupsPath: String?, ownCgroup: String, id: String) throws(CgroupError) -> String {
        let requested = cgroupsPath ?? ""
        let combined: String
        if requested.hasPrefix("/") {
            combined = requested
        } else if requested.isEmpty {
            combined = ownCgroup + "/" + id
        } else {
            combined = ownCgroup + "/" + requested
        }
        var components: [Substring] = []
        for component in combined.split(separator: "/") where component != "." {
            if component == ".." { throw .invalidPath(requested) }
            components.append(component)
        }
        return "/" + components.joined(separator: "/")
    }
}
