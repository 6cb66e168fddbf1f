#if canImport(Glibc)
    import Glibc
    import CShim
#elseif canImport(Musl)
    import Musl
#endif

/// An open file descriptor. Value type; whoever opened it closes it.
public struct FileDescriptor: Equatable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// Access modes and flags for `open`; every descriptor is opened close-on-exec.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let readOnly = OpenOptions([])
        public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
        public static let readWrite = OpenOptions(rawValue: O_RDWR)
        public static let create = OpenOptions(rawValue: O_CREAT)
        public static let exclusive = OpenOptions(rawValue: O_EXCL)
        public static let truncate = OpenOptions(rawValue: O_TRUNC)
        public static let append = OpenOptions(rawValue: O_APPEND)
        public static let directory = OpenOptions(rawValue: O_DIRECTORY)
        public static let path = OpenOptions(rawValue: 0o10000000)  // O_PATH, not exported by Glibc's module
        public static let noFollow = OpenOptions(rawValue: O_NOFOLLOW)
        public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
    }

    /// `open(2)` with O_CLOEXEC.
    public static func open(
        _ path: String, _ options: OpenOptions = .readOnly, permissions: UInt32 = 0o644
    ) throws(SyscallError) -> FileDescriptor {
        let fd = try check("open \(path)") { Glibc.open(path, options.rawValue | O_CLOEXEC, mode_t(permissions)) }
        return FileDescriptor(rawValue: fd)
    }

    /// `openat(2)` relative to this directory, with O_CLOEXEC.
    public func open(
        _ path: String, _ options: OpenOptions = .readOnly, permissions: UInt32 = 0o644
    ) throws(SyscallError) -> FileDescriptor {
        let fd = try check("open \(path)") {
            openat(rawValue, path, options.rawValue | O_CLOEXEC, mode_t(permissions))
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Closes the descriptor; errors are ignored (the descriptor is gone either way).
    public func close() {
        _ = Glibc.close(rawValue)
    }

    /// Runs `body` and closes the descriptor afterwards.
    public func closeAfter<R, E: Error>(_ body: (FileDescriptor) throws(E) -> R) throws(E) -> R {
        defer { close() }
        return try body(self)
    }

    /// One `read(2)` into `buffer`; 0 means end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SyscallError) -> Int {
        try check("read fd \(rawValue)") { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads until end of file.
    public func readAll() throws(SyscallError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let fd = rawValue
            let count = try chunk.withUnsafeMutableBytes { buffer in
                valueOrErrno { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }.mapError { SyscallError("read fd \(fd)", errno: $0) }.get()
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes all of `bytes`, retrying short writes.
    public func writeAll(_ bytes: some Collection<UInt8>) throws(SyscallError) {
        let array = Array(bytes)
        var written = 0
        while written < array.count {
            let fd = rawValue
            let offset = written
            written += try array.withUnsafeBytes { buffer in
                valueOrErrno { Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
            }.mapError { SyscallError("write fd \(fd)", errno: $0) }.get()
        }
    }

    /// Device and inode of the open file (`fstat`).
    public func identity() throws(SyscallError) -> (device: UInt64, inode: UInt64) {
        var info = stat()
        _ = try check("stat fd \(rawValue)") { fstat(rawValue, &info) }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Clears close-on-exec, so a child keeps the descriptor across exec.
    public func setInheritable() throws(SyscallError) {
        _ = try check("fcntl fd \(rawValue)") { fcntl(rawValue, F_SETFD, 0) }
    }
}

extension FileDescriptor {
    /// Reads a whole file.
    public static func readFile(_ path: String) throws(SyscallError) -> [UInt8] {
        let fd = try open(path)
        defer { fd.close() }
        do {
            return try fd.readAll()
        } catch {
            throw SyscallError("read \(path)", errno: error.errno)
        }
    }

    /// Writes `contents` to an existing file, as one `write` where possible
    /// (cgroup and proc files take one value per write).
    public static func writeFile(_ path: String, _ contents: String) throws(SyscallError) {
        let fd = try open(path, .writeOnly)
        defer { fd.close() }
        do {
            try fd.writeAll(contents.utf8)
        } catch {
            throw SyscallError("write \(path)", errno: error.errno)
        }
    }

    /// Creates a file with `contents`, failing if it exists, then renames it
    /// over `path` (readers see the old or the new file, never half of one).
    public static func replaceFile(_ path: String, _ contents: [UInt8], permissions: UInt32 = 0o600)
        throws(SyscallError)
    {
        let temporary = path + ".tmp"
        let fd = try open(temporary, [.writeOnly, .create, .truncate], permissions: permissions)
        do {
            defer { fd.close() }
            try fd.writeAll(contents)
        } catch {
            _ = unlink(temporary)
            throw SyscallError("write \(temporary)", errno: error.errno)
        }
        _ = try check("rename \(temporary) to \(path)") { rename(temporary, path) }
    }
}

extension FileDescriptor {
    /// `mkfifo(3)`.
    public static func makeFifo(_ path: String, permissions: UInt32 = 0o600) throws(SyscallError) {
        _ = try check("make fifo \(path)") { mkfifo(path, mode_t(permissions)) }
    }

    /// Waits until the descriptor is readable; false on timeout.
    public func waitUntilReadable(timeoutMilliseconds: Int32) throws(SyscallError) -> Bool {
        var entry = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
        let ready = try check("poll fd \(rawValue)") { Glibc.poll(&entry, 1, timeoutMilliseconds) }
        return ready > 0
    }
}

/// A pipe; both ends close-on-exec.
public struct Pipe: Sendable {
    public let readEnd: FileDescriptor
    public let writeEnd: FileDescriptor

    public init() throws(SyscallError) {
        var fds: [Int32] = [-1, -1]
        _ = try check("pipe") { swctl_pipe2(&fds, O_CLOEXEC) }
        readEnd = FileDescriptor(rawValue: fds[0])
        writeEnd = FileDescriptor(rawValue: fds[1])
    }
}

extension FileDescriptor {
    /// For the child between clone and exec: every descriptor from `first`
    /// up becomes close-on-exec, so the container inherits only stdio (and
    /// the descriptors it was asked to keep).
    public static func closeOnExec(from first: UInt32) -> Errno? {
        errnoIfFailed { swctl_cloexec_from(first) }
    }

    /// For the child between clone and exec: reads one byte; 0 bytes means
    /// the other end closed.
    public func readByte() -> Result<Int, Errno> {
        var byte: UInt8 = 0
        let fd = rawValue
        return valueOrErrno { Glibc.read(fd, &byte, 1) }
    }

    /// For the child between clone and exec: writes prepared bytes once.
    public func write(_ pointer: UnsafeRawPointer, count: Int) -> Errno? {
        let fd = rawValue
        return errnoIfFailed { Glibc.write(fd, pointer, count) }
    }
}
