#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension FileSystem {
    /// `rm -rf` that cannot escape: it walks by directory file descriptors
    /// (`openat`/`unlinkat` with `O_NOFOLLOW`), never follows a symbolic
    /// link, and refuses to descend into another file system — so a mount
    /// left under the tree (a container's rootfs still mounted) stops it
    /// with EXDEV instead of deleting what is mounted there. A missing
    /// `path` is fine.
    public static func removeTree(_ path: String) throws(FileSystemError) {
        var info = stat()
        if lstat(path, &info) != 0 {
            if Errno.current == .noSuchFileOrDirectory { return }
            throw FileSystemError("stat", path: path, errno: .current)
        }
        if (info.st_mode & S_IFMT) != S_IFDIR {
            try removeFile(path)
            return
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { throw FileSystemError("open", path: path, errno: .current) }
        try removeContents(of: fd, path: path, device: info.st_dev)
        if rmdir(path) != 0, Errno.current != .noSuchFileOrDirectory {
            throw FileSystemError("remove directory", path: path, errno: .current)
        }
    }

    /// Empties the directory open at `fd` (and closes `fd`).
    private static func removeContents(of fd: Int32, path: String, device: dev_t) throws(FileSystemError) {
        defer { _ = close(fd) }
        let names: [String]
        switch directoryNames(of: fd) {
        case .success(let found): names = found
        case .failure(let error): throw FileSystemError("read directory", path: path, errno: error)
        }
        for name in names {
            let child = path + "/" + name
            var info = stat()
            if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
                if Errno.current == .noSuchFileOrDirectory { continue }
                throw FileSystemError("stat", path: child, errno: .current)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if info.st_dev != device {
                    throw FileSystemError(
                        "remove (another file system is mounted there)", path: child, errno: Errno(rawValue: EXDEV))
                }
                let childFD = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if childFD < 0 { throw FileSystemError("open", path: child, errno: .current) }
                try removeContents(of: childFD, path: child, device: device)
                if unlinkat(fd, name, AT_REMOVEDIR) != 0, Errno.current != .noSuchFileOrDirectory {
                    throw FileSystemError("remove directory", path: child, errno: .current)
                }
            } else if unlinkat(fd, name, 0) != 0, Errno.current != .noSuchFileOrDirectory {
                throw FileSystemError("remove", path: child, errno: .current)
            }
        }
    }
}
