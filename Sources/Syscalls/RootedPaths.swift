import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Path operations confined to a directory: symlinks and `..` in an image
/// resolve as if the directory were `/`, so a mount destination can never
/// leave the container's root filesystem. For the child between clone and
/// exec; each returns an errno instead of throwing.
public enum RootedPaths {
    // From <linux/openat2.h>.
    private static let resolveNoMagicLinks: UInt64 = 0x02
    private static let resolveInRoot: UInt64 = 0x10

    /// Opens `path` (relative to `root`, which acts as `/`) as an O_PATH
    /// descriptor, following symlinks inside the root.
    public static func open(_ path: UnsafePointer<CChar>, in root: Int32, directory: Bool) -> Result<Int32, Errno> {
        let flags = UInt64(UInt32(bitPattern: 0o10000000 | O_CLOEXEC | (directory ? O_DIRECTORY : 0)))
        return valueOrErrno { swctl_openat2(root, path, flags, 0, resolveInRoot | resolveNoMagicLinks) }
    }

    /// Opens an absolute or cwd-relative directory as O_PATH, resolving normally.
    public static func openDirectory(_ path: UnsafePointer<CChar>) -> Result<Int32, Errno> {
        valueOrErrno { Glibc.open(path, 0o10000000 | O_CLOEXEC | O_DIRECTORY) }
    }

    /// `access(path, X_OK)`: nil when `path` may be executed.
    public static func checkExecutable(_ path: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { Glibc.access(path, X_OK) }
    }

    /// For `create`'s init: opens a FIFO for writing (blocking until a reader
    /// opens it: `start`), writes one byte and closes it.
    public static func signalThroughFifo(_ path: UnsafePointer<CChar>) -> Errno? {
        let fd: Int32
        switch valueOrErrno({ Glibc.open(path, O_WRONLY | O_CLOEXEC) }) {
        case .success(let opened): fd = opened
        case .failure(let error): return error
        }
        defer { _ = Glibc.close(fd) }
        var byte: UInt8 = 0
        return errnoIfFailed { Glibc.write(fd, &byte, 1) }
    }

    /// Writes a NUL-terminated value to an existing file in one write
    /// (proc files take one value per write).
    public static func writeFile(_ path: UnsafePointer<CChar>, _ value: UnsafePointer<CChar>) -> Errno? {
        let fd: Int32
        switch valueOrErrno({ Glibc.open(path, O_WRONLY | O_CLOEXEC) }) {
        case .success(let opened): fd = opened
        case .failure(let error): return error
        }
        defer { _ = Glibc.close(fd) }
        let length = strlen(value)
        return errnoIfFailed { Glibc.write(fd, value, length) }
    }

    /// `mkdirat(2)`; an existing entry is not an error.
    public static func makeDirectory(_ name: UnsafePointer<CChar>, in directory: Int32, permissions: UInt32) -> Errno? {
        if let error = errnoIfFailed({ mkdirat(directory, name, mode_t(permissions)) }), error != .fileExists {
            return error
        }
        return nil
    }

    /// Creates an empty file (a mount point for a file bind mount); an
    /// existing entry is not an error.
    public static func makeFile(_ name: UnsafePointer<CChar>, in directory: Int32, permissions: UInt32) -> Errno? {
        switch valueOrErrno({
            openat(directory, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode_t(permissions))
        }) {
        case .success(let fd):
            close(fd)
            return nil
        case .failure(let error):
            return error == .fileExists || error == .tooManySymbolicLinks || error == .isDirectory ? nil : error
        }
    }

    /// `symlinkat(2)`; an existing entry is not an error.
    public static func makeSymlink(_ target: UnsafePointer<CChar>, at name: UnsafePointer<CChar>, in directory: Int32)
        -> Errno?
    {
        if let error = errnoIfFailed({ symlinkat(target, directory, name) }), error != .fileExists {
            return error
        }
        return nil
    }

    /// `mknodat(2)` of a character or block device (`type` is `c`/`u` or `b`).
    public static func makeDevice(
        _ name: UnsafePointer<CChar>, in directory: Int32, type: UInt8, major: UInt32, minor: UInt32,
        permissions: UInt32
    ) -> Errno? {
        let kind: mode_t
        switch type {
        case UInt8(ascii: "b"): kind = S_IFBLK
        case UInt8(ascii: "p"): kind = S_IFIFO
        default: kind = S_IFCHR
        }
        return errnoIfFailed {
            mknodat(directory, name, kind | mode_t(permissions & 0o7777), dev_t(swctl_makedev(major, minor)))
        }
    }

    /// `fchownat(2)` without following a final symlink.
    public static func changeOwner(_ name: UnsafePointer<CChar>, in directory: Int32, uid: UInt32, gid: UInt32)
        -> Errno?
    {
        errnoIfFailed { fchownat(directory, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
    }

    /// `unlinkat(2)`; a missing entry is not an error.
    public static func remove(_ name: UnsafePointer<CChar>, in directory: Int32) -> Errno? {
        if let error = errnoIfFailed({ unlinkat(directory, name, 0) }), error != .noSuchFileOrDirectory {
            return error
        }
        return nil
    }

    /// Whether the entry behind an O_PATH descriptor is a directory.
    public static func isDirectory(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// `close(2)` for descriptors the child opened.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `fchdir(2)`.
    public static func changeDirectory(to fd: Int32) -> Errno? {
        errnoIfFailed { fchdir(fd) }
    }
}
