import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The `/proc/PID` files that give a new user namespace its ID maps. The
/// runtime writes them, as an ordinary process, while the child waits.
public enum UserNamespaceFiles {
    /// `uid_map` or `gid_map`.
    public enum MapFile: String, Sendable {
        case uid = "uid_map"
        case gid = "gid_map"
    }

    /// Writes the whole map of `pid`'s user namespace in one `write`, as the
    /// kernel takes a map only once and only whole
    /// (`CONTAINER-ID HOST-ID SIZE` a line).
    public static func writeMap(_ file: MapFile, of pid: Int32, _ contents: String) throws(SyscallError) {
        try FileDescriptor.writeFile("/proc/\(pid)/\(file.rawValue)", contents)
    }

    /// Writes `deny` to `/proc/PID/setgroups`: without CAP_SETGID over the
    /// parent namespace, the kernel takes a gid_map only after that.
    public static func denySetgroups(of pid: Int32) throws(SyscallError) {
        try FileDescriptor.writeFile("/proc/\(pid)/setgroups", "deny")
    }

    /// `lchown(2)`, for files the container's root must own (its cgroup,
    /// the exec FIFO).
    public static func changeOwner(_ path: String, uid: UInt32, gid: UInt32) throws(SyscallError) {
        _ = try check("chown \(path) to \(uid):\(gid)") { lchown(path, uid, gid) }
    }

    /// `chmod(2)`, for the exec FIFO of a container whose host IDs are unknown.
    public static func changeMode(_ path: String, _ mode: UInt32) throws(SyscallError) {
        _ = try check("chmod \(path) to \(String(mode, radix: 8))") { chmod(path, mode_t(mode)) }
    }
}

/// The child's first step in a user namespace, between clone and exec.
public enum UserNamespaceRoot {
    private static let setDumpable: Int32 = 4  // PR_SET_DUMPABLE, <linux/prctl.h>

    /// Becomes root of the user namespace the process is in (`setresgid` and
    /// `setresuid` to 0, which the maps turn into the mapped host IDs), so
    /// the setup creates files as the container's root and not as an
    /// unmapped ID. The ID change makes the process non-dumpable, which
    /// gives its `/proc/self` files to the host's root; dumpable again, they
    /// belong to the container's root, who writes `oom_score_adj` and the like.
    public static func become() -> Errno? {
        if let error = errnoIfFailed({ swctl_setresgid(0, 0, 0) }) { return error }
        if let error = errnoIfFailed({ swctl_setresuid(0, 0, 0) }) { return error }
        return errnoIfFailed { swctl_prctl(setDumpable, 1, 0, 0, 0) }
    }
}
