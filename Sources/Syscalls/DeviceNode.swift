#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A device node's type and numbers, for handing a host device to a
/// container (`AddDevice=`).
public struct DeviceNode: Sendable, Equatable {
    public var isBlock: Bool
    public var major: UInt32
    public var minor: UInt32
    /// Permission bits (`0o660`).
    public var permissions: UInt32
    public var uid: UInt32
    public var gid: UInt32

    /// stat(2) of `path`, following symlinks: nil if it does not exist;
    /// an error if it is not a character or block device.
    public static func status(_ path: String) throws(FileSystemError) -> DeviceNode? {
        var info = stat()
        if stat(path, &info) != 0 {
            let error = Errno.current
            if error == .noSuchFileOrDirectory { return nil }
            throw FileSystemError("stat", path: path, errno: error)
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFCHR || kind == S_IFBLK else {
            throw FileSystemError("use as a device", path: path, errno: Errno(rawValue: ENODEV))
        }
        // major(3)/minor(3) are macros; the glibc encoding of dev_t.
        let device = UInt64(info.st_rdev)
        let major = UInt32(truncatingIfNeeded: ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)))
        let minor = UInt32(truncatingIfNeeded: (device & 0xff) | ((device >> 12) & ~UInt64(0xff)))
        return DeviceNode(
            isBlock: kind == S_IFBLK, major: major, minor: minor, permissions: UInt32(info.st_mode & 0o7777),
            uid: info.st_uid, gid: info.st_gid)
    }
}
