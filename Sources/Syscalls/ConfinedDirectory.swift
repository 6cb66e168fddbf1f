import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A directory that untrusted paths are written into (an image layer being
/// unpacked): every lookup goes through `openat2(RESOLVE_IN_ROOT |
/// RESOLVE_NO_MAGICLINKS)` from the directory, so `..` and symlinks resolve
/// as if it were `/` and no path can reach outside it; the final component
/// is never followed.
public struct ConfinedDirectory: Sendable {
    public let descriptor: FileDescriptor
    public let path: String

    private static let resolveNoMagicLinks: UInt64 = 0x02
    private static let resolveInRoot: UInt64 = 0x10

    /// Opens `path` (which must be a directory) as the root of later lookups.
    public static func open(_ path: String) throws(SyscallError) -> ConfinedDirectory {
        ConfinedDirectory(descriptor: try FileDescriptor.open(path, [.directory, .noFollow]), path: path)
    }

    public func close() { descriptor.close() }

    /// Opens `relative` (no leading `/`, empty for the root itself) as an
    /// O_PATH directory descriptor, making missing directories on the way.
    public func openDirectory(_ relative: [String], create: Bool) throws(SyscallError) -> FileDescriptor {
        var current = try openInRoot(".")
        var prefix: [String] = []
        for component in relative {
            prefix.append(component)
            if create {
                if let error = errnoIfFailed({ mkdirat(current.rawValue, component, 0o755) }), error != .fileExists {
                    current.close()
                    throw SyscallError("make directory \(path)/\(prefix.joined(separator: "/"))", errno: error)
                }
            }
            current.close()
            current = try openInRoot(prefix.joined(separator: "/"))
        }
        return current
    }

    private func openInRoot(_ relative: String) throws(SyscallError) -> FileDescriptor {
        let flags = UInt64(UInt32(bitPattern: 0o10000000 | O_CLOEXEC | O_DIRECTORY))
        let fd = try check("open \(path)/\(relative) beneath \(path)") {
            swctl_openat2(
                descriptor.rawValue, relative, flags, 0,
                ConfinedDirectory.resolveInRoot | ConfinedDirectory.resolveNoMagicLinks)
        }
        return FileDescriptor(rawValue: fd)
    }

    /// The kind of `name` in `parent` without following it; nil when absent.
    public static func kind(of name: String, in parent: FileDescriptor) -> FileKind? {
        var info = stat()
        guard fstatat(parent.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Removes `name` in `parent` (a directory with everything below it);
    /// absent is fine. Never follows a symlink.
    public static func removeEntry(_ name: String, in parent: FileDescriptor, display: String) throws(SyscallError) {
        if let error = errnoIfFailed({ unlinkat(parent.rawValue, name, 0) }) {
            switch error {
            case .noSuchFileOrDirectory: return
            case .isDirectory, Errno(rawValue: EPERM):
                let fd = try check("open \(display)") {
                    openat(parent.rawValue, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                }
                let directory = FileDescriptor(rawValue: fd)
                defer { directory.close() }
                let names: [String]
                switch directoryNames(of: fd) {
                case .success(let found): names = found
                case .failure(let error): throw SyscallError("read directory \(display)", errno: error)
                }
                for child in names { try removeEntry(child, in: directory, display: display + "/" + child) }
                _ = try check("remove \(display)") { unlinkat(parent.rawValue, name, AT_REMOVEDIR) }
            default:
                throw SyscallError("remove \(display)", errno: error)
            }
        }
    }

    /// Creates the regular file `name` in `parent` (O_EXCL, O_NOFOLLOW) for writing.
    public static func createFile(_ name: String, in parent: FileDescriptor, permissions: UInt32, display: String)
        throws(SyscallError) -> FileDescriptor
    {
        let fd = try check("create \(display)") {
            openat(
                parent.rawValue, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                mode_t(permissions & 0o777))
        }
        return FileDescriptor(rawValue: fd)
    }

    /// `mkdirat(2)`; an existing directory is fine.
    public static func makeDirectory(_ name: String, in parent: FileDescriptor, display: String) throws(SyscallError) {
        if let error = errnoIfFailed({ mkdirat(parent.rawValue, name, 0o755) }), error != .fileExists {
            throw SyscallError("make directory \(display)", errno: error)
        }
    }

    /// `symlinkat(2)`.
    public static func makeSymlink(_ name: String, in parent: FileDescriptor, target: String, display: String)
        throws(SyscallError)
    {
        _ = try check("make symlink \(display)") { symlinkat(target, parent.rawValue, name) }
    }

    /// `linkat(2)` without following a final symlink of the target.
    public static func makeHardLink(
        _ name: String, in parent: FileDescriptor, to targetName: String, in targetParent: FileDescriptor,
        display: String
    ) throws(SyscallError) {
        _ = try check("make hard link \(display)") {
            linkat(targetParent.rawValue, targetName, parent.rawValue, name, 0)
        }
    }

    /// `mknodat(2)` of a character device (0:0 is an overlayfs whiteout) or a FIFO.
    public static func makeNode(
        _ name: String, in parent: FileDescriptor, fifo: Bool, major: UInt32, minor: UInt32, permissions: UInt32,
        display: String
    ) throws(SyscallError) {
        let kind = fifo ? S_IFIFO : S_IFCHR
        _ = try check("make node \(display)") {
            mknodat(parent.rawValue, name, kind | mode_t(permissions & 0o7777), dev_t(swctl_makedev(major, minor)))
        }
    }

    /// Owner, mode and modification time of `name` in `parent`; the mode is
    /// skipped for symlinks (they have none), nothing follows a symlink.
    public static func setAttributes(
        _ name: String, in parent: FileDescriptor, uid: UInt32?, gid: UInt32?, permissions: UInt32?,
        modificationTime: Int64?, display: String
    ) throws(SyscallError) {
        if let uid, let gid {
            _ = try check("chown \(display)") { fchownat(parent.rawValue, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
        }
        if let permissions {
            // After chown, which clears set-id bits.
            let fd = try check("open \(display)") {
                openat(parent.rawValue, name, 0o10000000 | O_NOFOLLOW | O_CLOEXEC)
            }
            defer { _ = Glibc.close(fd) }
            _ = try check("chmod \(display)") {
                fchmodat(AT_FDCWD, "/proc/self/fd/\(fd)", mode_t(permissions & 0o7777), 0)
            }
        }
        if let modificationTime {
            var times = [
                timespec(tv_sec: Int(modificationTime), tv_nsec: 0),
                timespec(tv_sec: Int(modificationTime), tv_nsec: 0),
            ]
            _ = try check("set times of \(display)") {
                utimensat(parent.rawValue, name, &times, AT_SYMLINK_NOFOLLOW)
            }
        }
    }

    /// `setxattr` on `name` in `parent` (a file or directory, never followed
    /// when a symlink: those are refused with ELOOP).
    public static func setExtendedAttribute(
        _ attribute: String, value: [UInt8], on name: String, in parent: FileDescriptor, display: String
    ) throws(SyscallError) {
        let fd = try check("open \(display)") {
            openat(parent.rawValue, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        defer { _ = Glibc.close(fd) }
        _ = try check("set \(attribute) on \(display)") {
            value.withUnsafeBytes { fsetxattr(fd, attribute, $0.baseAddress, $0.count, 0) }
        }
    }
}
