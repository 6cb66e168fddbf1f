import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A process that is not our child, held by a pidfd: signals reach it and
/// no process that later reuses its PID, and its end can be waited for.
public struct ProcessHandle: Sendable {
    public let pid: Int32
    public let descriptor: FileDescriptor

    /// `pidfd_open(2)` of `pid`.
    public static func open(_ pid: Int32) throws(SyscallError) -> ProcessHandle {
        let fd = try check("pidfd_open \(pid)") { swctl_pidfd_open(pid) }
        return ProcessHandle(pid: pid, descriptor: FileDescriptor(rawValue: fd))
    }

    /// Sends `signal` (`pidfd_send_signal(2)`).
    public func signal(_ signal: Int32) throws(SyscallError) {
        _ = try check("signal process \(pid) with \(Signals.name(of: signal))") {
            swctl_pidfd_send_signal(descriptor.rawValue, signal)
        }
    }

    /// Waits until the process has ended; false when `timeoutMilliseconds`
    /// (nil: no limit) passed first.
    public func waitForExit(timeoutMilliseconds: Int32? = nil) throws(SyscallError) -> Bool {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        let ready = try check("wait for process \(pid)") { Glibc.poll(&entry, 1, timeoutMilliseconds ?? -1) }
        return ready > 0
    }

    public func close() {
        descriptor.close()
    }
}
