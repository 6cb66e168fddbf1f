#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How a child process ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// Runs another program of ours (the runtime from the CLI) and waits for it.
public enum ChildProcess {
    /// Spawns `path` with `arguments` (argv[1...]), inheriting stdio and
    /// the environment, and waits for it to end.
    public static func run(_ path: String, _ arguments: [String]) throws(FileSystemError) -> ExitStatus {
        let argv = ([path] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, path, nil, nil, base, environ)
        }
        if result != 0 { throw FileSystemError("spawn", path: path, errno: Errno(rawValue: result)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if Errno.current != .interrupted { throw FileSystemError("wait for", path: path, errno: .current) }
        }
        // WIFEXITED/WEXITSTATUS are macros Swift cannot import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// The directory this executable was started from (`/proc/self/exe`),
    /// where its sibling programs are installed.
    /// execv(3): `path` replaces this process, with `arguments` (argv[0]
    /// first) and the current environment. Returns only on failure.
    public static func replaceCurrentProcess(with path: String, arguments: [String]) -> SyscallError {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        execv(path, argv)
        return SyscallError("execute \(path)", errno: Errno.current)
    }

    public static func ownDirectory() -> String? {
        guard let path = try? FileSystem.readLink("/proc/self/exe") else { return nil }
        return FileSystem.parentDirectory(of: path)
    }
}
