import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// User and group IDs, for the child between clone and exec.
public enum Credentials {
    /// `setgroups(2)` with prepared storage.
    public static func setGroups(_ groups: UnsafeBufferPointer<UInt32>) -> Errno? {
        errnoIfFailed { setgroups(groups.count, groups.baseAddress) }
    }

    /// `setresgid(gid, gid, gid)`.
    public static func setGroupID(_ gid: UInt32) -> Errno? {
        errnoIfFailed { swctl_setresgid(gid, gid, gid) }
    }

    /// `setresuid(uid, uid, uid)`.
    public static func setUserID(_ uid: UInt32) -> Errno? {
        errnoIfFailed { swctl_setresuid(uid, uid, uid) }
    }
}
