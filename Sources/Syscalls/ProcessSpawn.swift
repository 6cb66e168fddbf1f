import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How a program run with a time limit ended.
public enum TimedExit: Equatable, Sendable {
    case exited(ExitStatus)
    /// Killed (SIGKILL) when its time was up.
    case timedOut
}

/// Runs a program with exactly the given arguments and environment, its
/// stdin from a descriptor, and kills it when its time is up (OCI hooks).
public enum ProcessSpawn {
    /// Runs `path` with `arguments` (argv, argv[0] included) and exactly
    /// `environment`, stdin from `input`, stdout and stderr captured (the
    /// first `outputLimit` bytes). Signals start unblocked and at their
    /// defaults, whatever the caller has blocked.
    public static func run(
        _ path: String, arguments: [String], environment: [String], input: FileDescriptor,
        timeoutMilliseconds: Int?, outputLimit: Int = 4096
    ) throws(SyscallError) -> (exit: TimedExit, output: [UInt8]) {
        let output = try Pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.rawValue, 0)
        posix_spawn_file_actions_adddup2(&actions, output.writeEnd.rawValue, 1)
        posix_spawn_file_actions_adddup2(&actions, output.writeEnd.rawValue, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)...Int32(31) where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) }
        let envp = environment.map { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envBuffer -> Int32 in
                guard let argvBase = argvBuffer.baseAddress, let envBase = envBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, path, &actions, &attributes, argvBase, envBase)
            }
        }
        output.writeEnd.close()
        defer { output.readEnd.close() }
        if spawned != 0 { throw SyscallError("spawn \(path)", errno: Errno(rawValue: spawned)) }
        return try wait(pid, output: output.readEnd, timeoutMilliseconds: timeoutMilliseconds, limit: outputLimit)
    }

    /// Collects output until the process ends or its time is up.
    private static func wait(_ pid: pid_t, output: FileDescriptor, timeoutMilliseconds: Int?, limit: Int)
        throws(SyscallError) -> (exit: TimedExit, output: [UInt8])
    {
        let pidfd = swctl_pidfd_open(pid)
        defer { if pidfd >= 0 { _ = Glibc.close(pidfd) } }
        let deadline = timeoutMilliseconds.map { now() + $0 }
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var outputOpen = true
        func drain() {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output.rawValue, $0.baseAddress, $0.count) }
            if count <= 0 {
                if count == 0 || (Errno.current != .interrupted && Errno.current.rawValue != EAGAIN) {
                    outputOpen = false
                }
                return
            }
            if collected.count < limit { collected += chunk[0..<min(count, limit - collected.count)] }
        }
        while true {
            if pidfd < 0, let status = try Processes.poll(pid) {
                return (.exited(status), collected)
            }
            var remaining: Int32 = -1
            if let deadline {
                let left = deadline - now()
                if left <= 0 {
                    _ = Glibc.kill(pid, SIGKILL)
                    _ = try Processes.wait(pid)
                    return (.timedOut, collected)
                }
                remaining = Int32(clamping: left)
            }
            // Without a pidfd (kernels before 5.3), look again every 50 ms.
            if pidfd < 0 { remaining = remaining < 0 ? 50 : min(remaining, 50) }
            var entries = [
                pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: outputOpen ? output.rawValue : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = Glibc.poll(&entries, 2, remaining)
            if ready < 0 && Errno.current != .interrupted { throw SyscallError("poll hook \(pid)", errno: .current) }
            if entries[1].revents != 0 { drain() }
            if pidfd >= 0 && entries[0].revents != 0 {
                // Ended: take what is already written, without waiting for
                // children of the program that may keep the pipe open.
                var pending = pollfd(fd: output.rawValue, events: Int16(POLLIN), revents: 0)
                while outputOpen, Glibc.poll(&pending, 1, 0) > 0, pending.revents & Int16(POLLIN) != 0 { drain() }
                return (.exited(try Processes.wait(pid)), collected)
            }
        }
    }

    /// Milliseconds on the monotonic clock.
    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
    }
}

extension ProcessSpawn {
    /// For the container's init between clone and exec: forks, runs `path`
    /// with prepared `arguments` and `environment`, stdin from `input`
    /// (rewound first) and working directory `directory` (when >= 0), and
    /// waits for it, killing it after `timeoutMilliseconds` (when > 0).
    /// Allocates nothing. Failing to start the program reads as exit 127.
    public static func runPrepared(
        _ path: UnsafePointer<CChar>, arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        environment: UnsafePointer<UnsafeMutablePointer<CChar>?>, input: Int32, directory: Int32,
        timeoutMilliseconds: Int32
    ) -> Result<TimedExit, Errno> {
        _ = lseek(input, 0, SEEK_SET)
        let pid: pid_t
        switch valueOrErrno({ swctl_clone_fork(0) }) {
        case .success(let value): pid = value
        case .failure(let error): return .failure(error)
        }
        if pid == 0 {
            if directory >= 0 { _ = fchdir(directory) }
            if input != 0 { _ = dup2(input, 0) }
            BlockedSignals.resetInChild()
            execve(path, arguments, environment)
            _exit(127)
        }
        if timeoutMilliseconds > 0 {
            let pidfd = swctl_pidfd_open(pid)
            if pidfd >= 0 {
                var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
                var ready: Int32 = -1
                while ready < 0 {
                    ready = Glibc.poll(&entry, 1, timeoutMilliseconds)
                    if ready < 0 && Errno.current != .interrupted { break }
                }
                _ = Glibc.close(pidfd)
                if ready == 0 {
                    _ = Glibc.kill(pid, SIGKILL)
                    var status: Int32 = 0
                    _ = valueOrErrno { waitpid(pid, &status, 0) }
                    return .success(.timedOut)
                }
            }
        }
        var status: Int32 = 0
        if case .failure(let error) = valueOrErrno({ waitpid(pid, &status, 0) }) { return .failure(error) }
        return .success(
            .exited(
                swctl_wifsignaled(status) != 0 ? .signaled(swctl_wtermsig(status)) : .exited(swctl_wexitstatus(status)))
        )
    }
}

extension MemoryFile {
    /// A fresh memory file (close-on-exec) holding `bytes`, rewound: a
    /// program's stdin that never blocks the writer and raises no SIGPIPE.
    public static func holding(_ bytes: [UInt8]) throws(SyscallError) -> FileDescriptor {
        let fd = FileDescriptor(rawValue: try check("memfd_create") { swctl_memfd_create("swctl-state") })
        do {
            try fd.replaceContents(with: bytes)
        } catch {
            fd.close()
            throw error
        }
        return fd
    }
}

extension FileDescriptor {
    /// Truncates the file, writes `bytes` from the start and rewinds.
    public func replaceContents(with bytes: [UInt8]) throws(SyscallError) {
        let fd = rawValue
        _ = try check("truncate fd \(fd)") { ftruncate(fd, 0) }
        _ = try check("lseek fd \(fd)") { lseek(fd, 0, SEEK_SET) }
        try writeAll(bytes)
        _ = try check("lseek fd \(fd)") { lseek(fd, 0, SEEK_SET) }
    }

    /// Moves the file offset back to the start, so the next reader reads it all.
    public func rewind() throws(SyscallError) {
        let fd = rawValue
        _ = try check("lseek fd \(fd)") { lseek(fd, 0, SEEK_SET) }
    }
}

extension ProcessSpawn {
    /// For `create`'s init with startContainer hooks: opens the exec FIFO
    /// for writing, blocking until `start` opens it for reading.
    public static func openFifoForWriting(_ path: UnsafePointer<CChar>) -> Result<Int32, Errno> {
        valueOrErrno { Glibc.open(path, O_WRONLY | O_CLOEXEC) }
    }

    /// Writes the one byte `start` waits for, and closes the FIFO.
    public static func signalStarted(_ fd: Int32) -> Errno? {
        var byte: UInt8 = 0
        let error = errnoIfFailed { Glibc.write(fd, &byte, 1) }
        _ = Glibc.close(fd)
        return error
    }
}

extension ProcessSpawn {
    /// `PR_SET_CHILD_SUBREAPER`: orphaned descendants (a detached
    /// container's init once its runtime exited) become this process's
    /// children, so it can wait for them and read their exit status, as a
    /// container monitor does.
    public static func setChildSubreaper(_ enabled: Bool) -> Errno? {
        errnoIfFailed { swctl_prctl(36, enabled ? 1 : 0, 0, 0, 0) }  // PR_SET_CHILD_SUBREAPER
    }
}
