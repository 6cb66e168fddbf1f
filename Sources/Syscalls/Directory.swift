#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Single-directory operations whose outcome the caller needs to know
/// (whether it made the directory, so it removes only what it made).
public enum Directory {
    /// `mkdir(2)`; true if it made the directory, false if one was there.
    @discardableResult
    public static func make(_ path: String, permissions: UInt32 = 0o755) throws(SyscallError) -> Bool {
        switch valueOrErrno({ mkdir(path, mode_t(permissions)) }) {
        case .success: return true
        case .failure(let error) where error == .fileExists:
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return false }
            throw SyscallError("make directory \(path)", errno: error)
        case .failure(let error):
            throw SyscallError("make directory \(path)", errno: error)
        }
    }

    /// `mkdir(2)` that fails if anything exists at `path` (an exclusive claim).
    public static func makeExclusive(_ path: String, permissions: UInt32 = 0o711) throws(SyscallError) {
        _ = try check("make directory \(path)") { mkdir(path, mode_t(permissions)) }
    }

    /// `rmdir(2)`; a missing directory is fine.
    public static func remove(_ path: String) throws(SyscallError) {
        if case .failure(let error) = valueOrErrno({ rmdir(path) }), error != .noSuchFileOrDirectory {
            throw SyscallError("remove directory \(path)", errno: error)
        }
    }

    /// Whether `path` is a directory.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The entry names of a directory, without `.` and `..`.
    public static func entries(_ path: String) throws(SyscallError) -> [String] {
        guard let directory = opendir(path) else { throw SyscallError("open directory \(path)", errno: .current) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// Process identity.
public enum Identity {
    public static var userID: UInt32 { getuid() }
    public static var effectiveUserID: UInt32 { geteuid() }

    /// The value of an environment variable.
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Removes an environment variable from this process.
    public static func unsetEnvironment(_ name: String) {
        unsetenv(name)
    }

    /// `clock_gettime(CLOCK_MONOTONIC)` in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `clock_gettime(CLOCK_REALTIME)`: seconds and nanoseconds since the epoch.
    public static func wallClock() -> (seconds: Int64, nanoseconds: Int64) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return (Int64(time.tv_sec), Int64(time.tv_nsec))
    }

    /// Sleeps for `milliseconds`.
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

extension Identity {
    /// `getcwd(3)`.
    public static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
