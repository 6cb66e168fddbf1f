import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Waiting for, signalling and replacing processes.
public enum Processes {
    /// This process's PID.
    public static var currentID: Int32 { getpid() }

    /// Waits for `pid` to end.
    public static func wait(_ pid: Int32) throws(SyscallError) -> ExitStatus {
        var status: Int32 = 0
        _ = try check("wait for process \(pid)") { waitpid(pid, &status, 0) }
        return decode(status)
    }

    /// The exit status of `pid` if it has ended, nil if it is still running.
    public static func poll(_ pid: Int32) throws(SyscallError) -> ExitStatus? {
        var status: Int32 = 0
        let result = try check("wait for process \(pid)") { waitpid(pid, &status, WNOHANG) }
        return result == 0 ? nil : decode(status)
    }

    /// Reaps any ended child without blocking; nil when none has ended.
    public static func reapAny() -> (pid: Int32, status: ExitStatus)? {
        var status: Int32 = 0
        let pid = waitpid(-1, &status, WNOHANG)
        return pid > 0 ? (pid, decode(status)) : nil
    }

    private static func decode(_ status: Int32) -> ExitStatus {
        swctl_wifsignaled(status) != 0 ? .signaled(swctl_wtermsig(status)) : .exited(swctl_wexitstatus(status))
    }

    /// Sends `signal` to `pid`.
    public static func kill(_ pid: Int32, signal: Int32) throws(SyscallError) {
        _ = try check("kill process \(pid) with signal \(signal)") { Glibc.kill(pid, signal) }
    }

    /// Sends `signal` through a pidfd: never reaches a process that reused the PID.
    public static func kill(_ pidfd: FileDescriptor, signal: Int32) throws(SyscallError) {
        _ = try check("signal pidfd \(pidfd.rawValue)") { swctl_pidfd_send_signal(pidfd.rawValue, signal) }
    }

    /// Whether a process with this PID exists (signal 0).
    public static func exists(_ pid: Int32) -> Bool {
        Glibc.kill(pid, 0) == 0 || Errno.current == .notPermitted
    }

    /// `execve(2)`; returns only on failure.
    public static func execute(
        _ path: UnsafePointer<CChar>, arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        environment: UnsafePointer<UnsafeMutablePointer<CChar>?>
    ) -> Errno {
        execve(path, arguments, environment)
        return Errno.current
    }

    /// `_exit(2)`: no atexit handlers, no buffered output (safe after clone).
    public static func exitImmediately(_ code: Int32) -> Never {
        _exit(code)
    }

    /// `chdir(2)`, for the child between clone and exec.
    public static func changeDirectory(_ path: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { chdir(path) }
    }

    /// `chroot(2)`.
    public static func changeRoot(_ path: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { chroot(path) }
    }

    /// `umask(2)`.
    public static func setUmask(_ mask: UInt32) {
        _ = umask(mode_t(mask))
    }
}
