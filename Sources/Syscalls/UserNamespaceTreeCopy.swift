import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A copy of a directory tree with every owner shifted into a user
/// namespace's range: what a container with a user namespace gets for an
/// image layer whose file system has no idmapped mounts. Everything is
/// kept but the owners: data, modes (setuid and setgid bits too, which
/// chown clears), times, extended attributes (`security.capability`,
/// overlayfs' `trusted.overlay.*`), symbolic links, device nodes, FIFOs and
/// sockets, and hard links within the tree stay hard links.
public enum UserNamespaceTreeCopy {
    /// Copies the directory `source` to `destination`, which must not
    /// exist. `uid` and `gid` give the new owner of an owner; an ID they do
    /// not map fails the copy with EOVERFLOW (as the kernel answers for an
    /// unmapped ID), naming the file. Walks by directory descriptors and
    /// never follows a symbolic link.
    public static func copy(
        from source: String, to destination: String,
        uid: @escaping (UInt32) -> UInt32?, gid: @escaping (UInt32) -> UInt32?
    ) throws(SyscallError) {
        var walk = Walk(uid: uid, gid: gid)
        var info = stat()
        _ = try check("stat \(source)") { lstat(source, &info) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw SyscallError("copy \(source): not a directory", errno: .notDirectory)
        }
        _ = try check("make directory \(destination)") { mkdir(destination, 0o700) }
        let sourceFD = try check("open \(source)") { open(source, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        defer { _ = close(sourceFD) }
        let destinationFD = try check("open \(destination)") {
            open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        defer { _ = close(destinationFD) }
        walk.rootFD = destinationFD
        try walk.copyContents(
            of: sourceFD, sourcePath: source, into: destinationFD, destinationPath: destination, relative: "")
        try walk.applyMetadata(
            info, at: destinationFD, name: ".", sourcePath: source, destinationPath: destination, kind: S_IFDIR)
    }

    /// The state of one copy: the ID maps and the hard links seen so far.
    private struct Walk {
        let uid: (UInt32) -> UInt32?
        let gid: (UInt32) -> UInt32?
        /// The destination's root, for `linkat` of a hard link seen before.
        var rootFD: Int32 = -1
        /// (device, inode) of a source file with several links → the path
        /// of its copy relative to the destination's root.
        var links: [Inode: String] = [:]

        init(uid: @escaping (UInt32) -> UInt32?, gid: @escaping (UInt32) -> UInt32?) {
            self.uid = uid
            self.gid = gid
        }

        struct Inode: Hashable {
            var device: UInt64
            var inode: UInt64
        }

        mutating func copyContents(
            of sourceFD: Int32, sourcePath: String, into destinationFD: Int32, destinationPath: String,
            relative: String
        ) throws(SyscallError) {
            for name in try entries(of: sourceFD, path: sourcePath) {
                let from = sourcePath + "/" + name
                let to = destinationPath + "/" + name
                let relativeName = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                _ = try check("stat \(from)") { fstatat(sourceFD, name, &info, AT_SYMLINK_NOFOLLOW) }
                let kind = info.st_mode & S_IFMT
                switch kind {
                case S_IFDIR:
                    _ = try check("make directory \(to)") { mkdirat(destinationFD, name, 0o700) }
                    let childSource = try check("open \(from)") {
                        openat(sourceFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    }
                    defer { _ = close(childSource) }
                    let childDestination = try check("open \(to)") {
                        openat(destinationFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    }
                    defer { _ = close(childDestination) }
                    try copyContents(
                        of: childSource, sourcePath: from, into: childDestination, destinationPath: to,
                        relative: relativeName)
                case S_IFREG:
                    let key = Inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                    if info.st_nlink > 1, let first = links[key] {
                        _ = try check("link \(to) to \(destinationPath)/\(first)") {
                            linkat(rootFD, first, destinationFD, name, 0)
                        }
                        continue
                    }
                    try copyData(from: sourceFD, name: name, sourcePath: from, to: destinationFD, destinationPath: to)
                    if info.st_nlink > 1 { links[key] = relativeName }
                case S_IFLNK:
                    let target = try linkTarget(sourceFD, name: name, path: from, size: Int(info.st_size))
                    _ = try check("make symbolic link \(to)") { symlinkat(target, destinationFD, name) }
                default:
                    // Device nodes (overlayfs whiteouts are 0/0 character
                    // devices), FIFOs and sockets are made anew.
                    _ = try check("make node \(to)") { mknodat(destinationFD, name, info.st_mode, info.st_rdev) }
                }
                try applyMetadata(
                    info, at: destinationFD, name: name, sourcePath: from, destinationPath: to, kind: kind)
            }
        }

        /// Owner (shifted), then mode (chown clears setuid/setgid), then
        /// extended attributes (chown clears `security.capability`), then
        /// times (the steps before change them).
        func applyMetadata(
            _ info: stat, at directoryFD: Int32, name: String, sourcePath: String, destinationPath: String,
            kind: mode_t
        ) throws(SyscallError) {
            guard let newUID = uid(info.st_uid) else {
                throw SyscallError(
                    "copy \(sourcePath): uid \(info.st_uid) is outside the container's ID range",
                    errno: Errno(rawValue: EOVERFLOW))
            }
            guard let newGID = gid(info.st_gid) else {
                throw SyscallError(
                    "copy \(sourcePath): gid \(info.st_gid) is outside the container's ID range",
                    errno: Errno(rawValue: EOVERFLOW))
            }
            _ = try check("chown \(destinationPath) to \(newUID):\(newGID)") {
                fchownat(directoryFD, name, newUID, newGID, AT_SYMLINK_NOFOLLOW)
            }
            if kind != S_IFLNK {
                _ = try check("chmod \(destinationPath)") { fchmodat(directoryFD, name, info.st_mode & 0o7777, 0) }
            }
            try copyAttributes(from: sourcePath, to: destinationPath, symlink: kind == S_IFLNK)
            var times = [info.st_atim, info.st_mtim]
            _ = try check("set the times of \(destinationPath)") {
                utimensat(directoryFD, name, &times, AT_SYMLINK_NOFOLLOW)
            }
        }

        private func entries(of fd: Int32, path: String) throws(SyscallError) -> [String] {
            switch directoryNames(of: fd) {
            case .success(let names): return names
            case .failure(let error): throw SyscallError("read directory \(path)", errno: error)
            }
        }

        private func copyData(
            from sourceFD: Int32, name: String, sourcePath: String, to destinationFD: Int32, destinationPath: String
        ) throws(SyscallError) {
            let input = try check("open \(sourcePath)") { openat(sourceFD, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
            defer { _ = close(input) }
            let output = try check("create \(destinationPath)") {
                openat(destinationFD, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            }
            defer { _ = close(output) }
            let capacity = 1 << 17
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try check("read \(sourcePath)") { read(input, buffer, capacity) }
                if count == 0 { return }
                var written = 0
                while written < count {
                    written += try check("write \(destinationPath)") {
                        write(output, buffer + written, count - written)
                    }
                }
            }
        }

        private func linkTarget(_ directoryFD: Int32, name: String, path: String, size: Int) throws(SyscallError)
            -> String
        {
            var buffer = [CChar](repeating: 0, count: max(size, Int(PATH_MAX)) + 1)
            let length = try check("read link \(path)") { readlinkat(directoryFD, name, &buffer, buffer.count - 1) }
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Every extended attribute of the source onto the copy. A symbolic
        /// link may carry none the file system takes (`user.*`): those are
        /// the only ones skipped.
        private func copyAttributes(from source: String, to destination: String, symlink: Bool) throws(SyscallError) {
            let size = try check("list the extended attributes of \(source)") { llistxattr(source, nil, 0) }
            guard size > 0 else { return }
            var list = [CChar](repeating: 0, count: size)
            let length = try check("list the extended attributes of \(source)") {
                llistxattr(source, &list, list.count)
            }
            let names = list.prefix(length).split(separator: 0).map {
                String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            for name in names {
                let valueSize = try check("read \(name) of \(source)") { lgetxattr(source, name, nil, 0) }
                var value = [UInt8](repeating: 0, count: max(valueSize, 1))
                let valueLength = try check("read \(name) of \(source)") {
                    lgetxattr(source, name, &value, valueSize)
                }
                switch valueOrErrno({ lsetxattr(destination, name, value, valueLength, 0) }) {
                case .success: break
                case .failure(let error) where symlink && (error == .notPermitted || error == .notSupported):
                    continue
                case .failure(let error):
                    throw SyscallError("set \(name) on \(destination)", errno: error)
                }
            }
        }
    }
}
