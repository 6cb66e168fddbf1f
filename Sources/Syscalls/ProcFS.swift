import CShim

/// Reading `/proc`.
public enum ProcFS {
    /// The start time of `pid` in clock ticks since boot (field 22 of
    /// `/proc/PID/stat`); with the PID it names a process uniquely, so a
    /// recycled PID is not mistaken for the container. Nil if it is gone.
    public static func startTime(of pid: Int32, procRoot: String = "/proc") -> UInt64? {
        guard let bytes = try? FileDescriptor.readFile("\(procRoot)/\(pid)/stat") else { return nil }
        return parseStartTime(stat: String(decoding: bytes, as: UTF8.self))
    }

    /// Field 22 of a `/proc/PID/stat` line; the command name (field 2) may
    /// contain spaces and parentheses, so fields are counted after the last `)`.
    public static func parseStartTime(stat: String) -> UInt64? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether `pid` is the process that had `startTime`.
    public static func isSameProcess(_ pid: Int32, startTime: UInt64) -> Bool {
        self.startTime(of: pid) == startTime
    }

    /// The state letter of `pid` (`R`, `S`, `Z`, …), nil if it is gone.
    public static func state(of pid: Int32, procRoot: String = "/proc") -> Character? {
        guard let bytes = try? FileDescriptor.readFile("\(procRoot)/\(pid)/stat") else { return nil }
        let stat = String(decoding: bytes, as: UTF8.self)
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].first { $0 != " " }
    }

    /// Whether this process's root is the kernel's initramfs (the `rootfs`
    /// mount), from which pivot_root cannot move away.
    public static func rootIsInitramfs(procRoot: String = "/proc") -> Bool {
        // One statfs on every start; mountinfo (long on busy hosts) only
        // when / is ramfs or tmpfs, the types an initramfs has.
        let type = swctl_filesystem_type("/")
        guard type == 0x8584_58f6 || type == 0x0102_1994 else { return false }  // RAMFS_MAGIC, TMPFS_MAGIC
        guard let text = try? FileSystem.readTextFile(procRoot + "/self/mountinfo") else { return false }
        return rootFileSystemType(mountinfo: text) == "rootfs"
    }

    /// The type of the mount on / (the last one listed: mounts stack).
    public static func rootFileSystemType(mountinfo: String) -> String? {
        var type: String?
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[4] == "/", let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count
            else { continue }
            type = String(fields[dash + 1])
        }
        return type
    }
}
