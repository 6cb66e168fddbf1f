#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failed file operation: what was done, to which path, and why
/// (`rename /run/x.tmp to /run/x: EXDEV (invalid cross-device link)`).
public struct FileSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation and its object as a user would name them
    /// (`open /etc/swctl/containers/web.container`).
    public var operation: String
    public var path: String
    public var errno: Errno

    public init(_ operation: String, path: String, errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(errno)" }
}

/// What a directory entry or a path is.
public enum FileKind: Sendable, Equatable {
    case regular, directory, symlink, other
}

public struct DirectoryEntry: Sendable, Equatable {
    public var name: String
    public var kind: FileKind
    public init(name: String, kind: FileKind) {
        self.name = name
        self.kind = kind
    }
}

public struct FileStatus: Sendable, Equatable {
    public var kind: FileKind
    /// Permission bits (`0o644`).
    public var permissions: UInt32
    public var size: Int64
    public var uid: UInt32
    public var gid: UInt32
}

/// Small typed wrappers over the file system calls the engine needs. Each
/// retries EINTR and throws a `FileSystemError` naming the path.
public enum FileSystem {
    /// The whole file as bytes.
    public static func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        let fd = try retrying("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { _ = close(fd) }
        var info = stat()
        // A regular file's size is known, so one read usually does; files
        // of /proc and /sys report 0 and are read until EOF.
        let knownSize = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0
        let sizeHint = knownSize ? Int(info.st_size) : 4096
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sizeHint + 1)
        var chunk = [UInt8](repeating: 0, count: max(sizeHint + 1, 4096))
        while true {
            let count = try retrying("read", path) {
                chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            // A short read of a regular file is its end (one syscall saved
            // per file: the generator reads thousands at boot).
            if knownSize && count < chunk.count { return bytes }
        }
    }

    /// The whole file as text; bytes that are not UTF-8 become U+FFFD.
    public static func readTextFile(_ path: String) throws(FileSystemError) -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }

    /// The names in a directory, without `.` and `..`, in the order the
    /// kernel returns them.
    public static func listDirectory(_ path: String) throws(FileSystemError) -> [DirectoryEntry] {
        guard let dir = opendir(path) else {
            throw FileSystemError("open directory", path: path, errno: .current)
        }
        defer { _ = closedir(dir) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw FileSystemError("read directory", path: path, errno: .current) }
                return entries
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var kind: FileKind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN):
                kind = (try? status(path + "/" + name, followSymlinks: false))?.kind ?? .other
            default: kind = .other
            }
            entries.append(DirectoryEntry(name: name, kind: kind))
        }
    }

    /// `stat` (or `lstat` when `followSymlinks` is false); nil when the path
    /// does not exist.
    public static func status(_ path: String, followSymlinks: Bool = true) throws(FileSystemError) -> FileStatus? {
        var info = stat()
        let result = followSymlinks ? stat(path, &info) : lstat(path, &info)
        if result != 0 {
            let error = Errno.current
            if error == .noSuchFileOrDirectory || error == .notDirectory { return nil }
            throw FileSystemError(followSymlinks ? "stat" : "lstat", path: path, errno: error)
        }
        let kind: FileKind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return FileStatus(
            kind: kind, permissions: UInt32(info.st_mode & 0o7777), size: Int64(info.st_size),
            uid: UInt32(info.st_uid), gid: UInt32(info.st_gid))
    }

    /// Whether something exists at `path` (a dangling symlink counts).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The target of a symbolic link, as stored.
    public static func readLink(_ path: String) throws(FileSystemError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        if count < 0 { throw FileSystemError("readlink", path: path, errno: .current) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `mkdir -p`: makes `path` and its missing parents; an existing
    /// directory is fine.
    public static func makeDirectories(_ path: String, permissions: UInt32 = 0o755) throws(FileSystemError) {
        if mkdir(path, mode_t(permissions)) == 0 { return }
        let error = Errno.current
        switch error {
        case .fileExists:
            if try status(path)?.kind == .directory { return }
            throw FileSystemError("make directory", path: path, errno: error)
        case .noSuchFileOrDirectory:
            let parent = parentDirectory(of: path)
            guard parent != path, !parent.isEmpty else {
                throw FileSystemError("make directory", path: path, errno: error)
            }
            try makeDirectories(parent, permissions: permissions)
            if mkdir(path, mode_t(permissions)) == 0 || Errno.current == .fileExists { return }
            throw FileSystemError("make directory", path: path, errno: .current)
        default:
            throw FileSystemError("make directory", path: path, errno: error)
        }
    }

    /// Writes `contents` to a temporary file beside `path` and renames it
    /// over `path`, so a reader sees the old file or the new one, never half
    /// of one.
    public static func writeFileAtomically(
        _ path: String, contents: [UInt8], permissions: UInt32 = 0o644
    ) throws(FileSystemError) {
        let (fd, temporary) = try createTemporaryFile(beside: path)
        do throws(FileSystemError) {
            defer { _ = close(fd) }
            if fchmod(fd, mode_t(permissions)) != 0 {
                throw FileSystemError("chmod", path: temporary, errno: .current)
            }
            var written = 0
            while written < contents.count {
                written += try retrying("write", temporary) {
                    contents.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + written }, $0.count - written) }
                }
            }
            if rename(temporary, path) != 0 {
                throw FileSystemError("rename \(temporary) to", path: path, errno: .current)
            }
        } catch {
            _ = unlink(temporary)
            throw error
        }
    }

    /// Text form of `writeFileAtomically(_:contents:permissions:)`.
    public static func writeFileAtomically(
        _ path: String, text: String, permissions: UInt32 = 0o644
    ) throws(FileSystemError) {
        try writeFileAtomically(path, contents: Array(text.utf8), permissions: permissions)
    }

    /// Makes `path` a symbolic link to `target`, replacing whatever link or
    /// file is there in one rename.
    public static func replaceSymlink(at path: String, target: String) throws(FileSystemError) {
        // Nothing there yet (a generator's fresh output directory): the
        // link appears whole, no rename needed.
        if symlink(target, path) == 0 { return }
        if Errno.current != .fileExists { throw FileSystemError("symlink \(target) at", path: path, errno: .current) }
        for attempt in 0..<100 {
            let temporary = temporaryName(beside: path, attempt: attempt)
            if symlink(target, temporary) != 0 {
                if Errno.current == .fileExists { continue }
                throw FileSystemError("symlink \(target) at", path: temporary, errno: .current)
            }
            if rename(temporary, path) != 0 {
                let error = Errno.current
                _ = unlink(temporary)
                throw FileSystemError("rename \(temporary) to", path: path, errno: error)
            }
            return
        }
        throw FileSystemError("symlink \(target) at", path: path, errno: .fileExists)
    }

    /// Writes all of `text` to an open descriptor (`1` for stdout, `2` for
    /// stderr), unbuffered.
    public static func writeAll(_ text: String, toDescriptor fd: Int32) throws(FileSystemError) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            written += try retrying("write", "descriptor \(fd)") {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + written }, $0.count - written) }
            }
        }
    }

    /// Writes each record with one `write` on its own open of `path`, for
    /// record devices such as /dev/kmsg (one write is one log line, and the
    /// kernel's rate limit of 10 lines applies per open).
    public static func writeRecords(_ records: [String], toDevice path: String) throws(FileSystemError) {
        for record in records {
            let fd = try retrying("open", path) { open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY) }
            defer { _ = close(fd) }
            let bytes = Array(record.utf8)
            _ = try retrying("write", path) { bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        }
    }

    /// Removes a file or a symbolic link; a missing one is fine.
    public static func removeFile(_ path: String) throws(FileSystemError) {
        if unlink(path) != 0, Errno.current != .noSuchFileOrDirectory {
            throw FileSystemError("remove", path: path, errno: .current)
        }
    }

    /// `dirname`, without touching the file system: `/a/b` → `/a`, `b` → `.`.
    public static func parentDirectory(of path: String) -> String {
        let bytes = path.utf8
        let end = trimmedEnd(path)
        guard let slash = bytes[..<end].lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == bytes.startIndex { return "/" }
        // '/' is ASCII: every index found here is a character boundary.
        return String(path[..<slash])
    }

    /// `basename`, without touching the file system: `/a/b.container` → `b.container`.
    public static func baseName(of path: String) -> String {
        let bytes = path.utf8
        let end = trimmedEnd(path)
        guard let slash = bytes[..<end].lastIndex(of: UInt8(ascii: "/")) else { return String(path[..<end]) }
        return String(path[bytes.index(after: slash)..<end])
    }

    /// The end of `path` without trailing slashes, keeping a lone `/`.
    private static func trimmedEnd(_ path: String) -> String.Index {
        let bytes = path.utf8
        var end = bytes.endIndex
        while bytes.distance(from: bytes.startIndex, to: end) > 1,
            bytes[bytes.index(before: end)] == UInt8(ascii: "/")
        {
            end = bytes.index(before: end)
        }
        return end
    }

    /// A new file `.NAME.PID.N` beside `path`, opened for writing with
    /// O_EXCL (so it is ours alone) and O_CLOEXEC.
    private static func createTemporaryFile(beside path: String) throws(FileSystemError) -> (Int32, String) {
        for attempt in 0..<100 {
            let temporary = temporaryName(beside: path, attempt: attempt)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
            if fd >= 0 { return (fd, temporary) }
            let error = Errno.current
            if error != .fileExists && error != .interrupted {
                throw FileSystemError("create temporary file for", path: path, errno: error)
            }
        }
        throw FileSystemError("create temporary file for", path: path, errno: .fileExists)
    }

    private static func temporaryName(beside path: String, attempt: Int) -> String {
        "\(parentDirectory(of: path))/.\(baseName(of: path)).\(processID).\(attempt)"
    }

    /// Runs a call that returns -1 and sets errno on failure, retrying EINTR.
    private static func retrying<T: BinaryInteger>(
        _ operation: String, _ path: String, _ call: () -> T
    ) throws(FileSystemError) -> T {
        while true {
            let result = call()
            if result >= 0 { return result }
            let error = Errno.current
            if error != .interrupted { throw FileSystemError(operation, path: path, errno: error) }
        }
    }
}

/// This process's id, for temporary file names; read once. A forked child
/// that still sees the parent's id is safe too: O_EXCL refuses a name
/// already taken and the next attempt gets another.
private let processID = getpid()
