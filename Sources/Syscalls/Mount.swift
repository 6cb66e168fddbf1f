import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `mount(2)` flags.
public struct MountFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let readOnly = MountFlags(rawValue: UInt(MS_RDONLY))
    public static let noSetuid = MountFlags(rawValue: UInt(MS_NOSUID))
    public static let noDevices = MountFlags(rawValue: UInt(MS_NODEV))
    public static let noExec = MountFlags(rawValue: UInt(MS_NOEXEC))
    public static let synchronous = MountFlags(rawValue: UInt(MS_SYNCHRONOUS))
    public static let remount = MountFlags(rawValue: UInt(MS_REMOUNT))
    public static let mandatoryLocks = MountFlags(rawValue: UInt(MS_MANDLOCK))
    public static let directorySync = MountFlags(rawValue: UInt(MS_DIRSYNC))
    public static let noSymlinkFollow = MountFlags(rawValue: UInt(MS_NOSYMFOLLOW))
    public static let noAccessTime = MountFlags(rawValue: UInt(MS_NOATIME))
    public static let noDirectoryAccessTime = MountFlags(rawValue: UInt(MS_NODIRATIME))
    public static let bind = MountFlags(rawValue: UInt(MS_BIND))
    public static let move = MountFlags(rawValue: UInt(MS_MOVE))
    public static let recursive = MountFlags(rawValue: UInt(MS_REC))
    public static let silent = MountFlags(rawValue: UInt(MS_SILENT))
    public static let unbindable = MountFlags(rawValue: UInt(MS_UNBINDABLE))
    public static let `private` = MountFlags(rawValue: UInt(MS_PRIVATE))
    public static let slave = MountFlags(rawValue: UInt(MS_SLAVE))
    public static let shared = MountFlags(rawValue: UInt(MS_SHARED))
    public static let relativeAccessTime = MountFlags(rawValue: UInt(MS_RELATIME))
    public static let strictAccessTime = MountFlags(rawValue: UInt(MS_STRICTATIME))
    public static let lazyTime = MountFlags(rawValue: UInt(MS_LAZYTIME))

    /// The propagation types; a mount call carries at most one of them.
    public static let propagation: MountFlags = [.unbindable, .private, .slave, .shared]
}

/// `mount(2)` and `umount2(2)`.
public enum Mounts {
    /// Mounts `source` on `target`.
    public static func mount(
        source: String?, target: String, type: String?, flags: MountFlags, data: String? = nil
    ) throws(SyscallError) {
        let what = type ?? source ?? "none"
        _ = try check("mount \(what) on \(target)") { Glibc.mount(source, target, type, flags.rawValue, data) }
    }

    /// Unmounts `target`; `detach` is MNT_DETACH (lazy).
    public static func unmount(_ target: String, detach: Bool = false) throws(SyscallError) {
        _ = try check("unmount \(target)") { umount2(target, detach ? Int32(MNT_DETACH) : 0) }
    }

    /// For the child between clone and exec: the flags of the mount at
    /// `path` that a remount must repeat — a mount made outside a user
    /// namespace has them locked inside it, and a remount that would clear
    /// one fails with EPERM (runc and crun repeat them too). One statfs(2),
    /// nothing allocated; nil when it fails.
    public static func lockedFlags(of path: UnsafePointer<CChar>) -> MountFlags? {
        let reported = swctl_mount_flags(path)
        guard reported >= 0 else { return nil }
        // statfs's ST_* bits (<sys/statvfs.h>) and the MS_* flags they stand
        // for; plain ifs, as nothing may allocate here.
        var flags: MountFlags = []
        if reported & 2 != 0 { flags.insert(.noSetuid) }  // ST_NOSUID
        if reported & 4 != 0 { flags.insert(.noDevices) }  // ST_NODEV
        if reported & 8 != 0 { flags.insert(.noExec) }  // ST_NOEXEC
        if reported & 1024 != 0 { flags.insert(.noAccessTime) }  // ST_NOATIME
        if reported & 2048 != 0 { flags.insert(.noDirectoryAccessTime) }  // ST_NODIRATIME
        if reported & 4096 != 0 { flags.insert(.relativeAccessTime) }  // ST_RELATIME
        if reported & 8192 != 0 { flags.insert(.noSymlinkFollow) }  // ST_NOSYMFOLLOW
        return flags
    }

    /// For the child between clone and exec: `mount(2)` on prepared strings.
    public static func mount(
        source: UnsafePointer<CChar>?, target: UnsafePointer<CChar>, type: UnsafePointer<CChar>?,
        flags: MountFlags, data: UnsafePointer<CChar>?
    ) -> Errno? {
        errnoIfFailed { Glibc.mount(source, target, type, flags.rawValue, data) }
    }

    /// For the child between clone and exec: `umount2(2)`.
    public static func unmount(_ target: UnsafePointer<CChar>, detach: Bool) -> Errno? {
        errnoIfFailed { umount2(target, detach ? Int32(MNT_DETACH) : 0) }
    }
}
