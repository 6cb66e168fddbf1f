import Syscalls

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with its output captured in files (no pipe
/// can fill up), for tests that drive the built binaries.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: ExitStatus
        public var standardOutput: String
        public var standardError: String

        /// The exit code, or 128+N when killed by signal N.
        public var code: Int32 {
            switch status {
            case .exited(let code): return code
            case .signaled(let signal): return 128 + signal
            }
        }
    }

    /// A started program; `wait()` collects its result.
    public struct Running: Sendable {
        public let pid: Int32
        let directory: TemporaryDirectory

        public func wait() throws -> Result {
            defer { directory.remove() }
            let status = try Processes.wait(pid)
            return Result(
                status: status, standardOutput: (try? FileSystem.readTextFile(directory.path + "/stdout")) ?? "",
                standardError: (try? FileSystem.readTextFile(directory.path + "/stderr")) ?? "")
        }
    }

    /// Runs `path` with `arguments`; `environment` replaces the inherited
    /// one when given; extra entries in `addingEnvironment` are appended.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String]? = nil, addingEnvironment: [String] = []
    ) throws -> Result {
        try start(path, arguments, environment: environment, addingEnvironment: addingEnvironment).wait()
    }

    /// Starts `path` without waiting for it.
    public static func start(
        _ path: String, _ arguments: [String], environment: [String]? = nil, addingEnvironment: [String] = []
    ) throws -> Running {
        let directory = try TemporaryDirectory("spawn")
        let outPath = directory.path + "/stdout"
        let errPath = directory.path + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var inherited: [String] = []
        if environment == nil {
            var pointer = environ
            while let entry = pointer.pointee {
                inherited.append(String(cString: entry))
                pointer += 1
            }
        }
        let env = (environment ?? inherited) + addingEnvironment
        let argv = ([path] + arguments).map { strdup($0) }
        let envp = env.map { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envBuffer -> Int32 in
                guard let argvBase = argvBuffer.baseAddress, let envBase = envBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, path, &actions, nil, argvBase, envBase)
            }
        }
        if spawned != 0 {
            directory.remove()
            throw SyscallError("spawn \(path)", errno: Errno(rawValue: spawned))
        }
        return Running(pid: pid, directory: directory)
    }
}
