#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `chown -R` for a volume a container with a user namespace must own
/// (`Volume=…:U`): every entry, symbolic links themselves, by directory
/// descriptors, never following a link and never crossing into another
/// file system mounted below.
public enum UserNamespaceTreeOwner {
    public static func changeOwner(of path: String, uid: UInt32, gid: UInt32) throws(SyscallError) {
        var info = stat()
        _ = try check("stat \(path)") { lstat(path, &info) }
        _ = try check("chown \(path) to \(uid):\(gid)") { lchown(path, uid, gid) }
        // chown clears setuid/setgid: the modes stay what they were.
        if info.st_mode & S_IFMT != S_IFLNK, info.st_mode & 0o6000 != 0 {
            _ = try check("chmod \(path)") { chmod(path, info.st_mode & 0o7777) }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return }
        let fd = try check("open \(path)") { open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        try changeOwner(inside: fd, path: path, device: info.st_dev, uid: uid, gid: gid)
    }

    /// Every entry below the directory open at `fd` (closed at the end).
    private static func changeOwner(inside fd: Int32, path: String, device: dev_t, uid: UInt32, gid: UInt32)
        throws(SyscallError)
    {
        defer { _ = close(fd) }
        let names: [String]
        switch directoryNames(of: fd) {
        case .success(let found): names = found
        case .failure(let error): throw SyscallError("read directory \(path)", errno: error)
        }
        for name in names {
            let child = path + "/" + name
            var info = stat()
            _ = try check("stat \(child)") { fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) }
            if info.st_dev != device { continue }  // a mount below: not this volume's
            _ = try check("chown \(child) to \(uid):\(gid)") { fchownat(fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
            let kind = info.st_mode & S_IFMT
            if kind != S_IFLNK, info.st_mode & 0o6000 != 0 {
                _ = try check("chmod \(child)") { fchmodat(fd, name, info.st_mode & 0o7777, 0) }
            }
            guard kind == S_IFDIR else { continue }
            let childFD = try check("open \(child)") {
                openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            try changeOwner(inside: childFD, path: child, device: device, uid: uid, gid: gid)
        }
    }
}
