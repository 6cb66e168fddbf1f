import Syscalls

/// The sd_notify(3) protocol, spoken natively: one datagram of
/// `KEY=value` lines to the socket in `$NOTIFY_SOCKET`.
///
/// The protocol is documented as stable in sd_notify(3). Linking libsystemd
/// for it costs 0.8 ms of start time (measured on a static swctl-runtime),
/// more than the whole protocol is worth to a short-lived runtime.
public struct Notifier: Sendable {
    /// The socket path; `@name` is an abstract socket.
    public let socketPath: String

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// The notifier for `$NOTIFY_SOCKET`, nil when the service manager did
    /// not ask for notifications.
    public static func fromEnvironment() -> Notifier? {
        guard let path = Identity.environment("NOTIFY_SOCKET"), !path.isEmpty,
            path.hasPrefix("/") || path.hasPrefix("@")
        else { return nil }
        return Notifier(socketPath: path)
    }

    /// Sends `state`, e.g. `MAINPID=1234\nREADY=1`.
    public func send(_ state: String, passing fd: FileDescriptor? = nil) throws(SyscallError) {
        let socket = try UnixDatagramSocket()
        defer { socket.close() }
        try socket.send(Array(state.utf8), to: socketPath, passing: fd)
    }

    /// Tells the manager the service is ready and its main process is now
    /// `mainPID` (the container's init, which it will supervise).
    public func ready(mainPID: Int32) throws(SyscallError) {
        try send("MAINPID=\(mainPID)\nREADY=1")
    }

    /// sd_notify_barrier(3): sends `BARRIER=1` with the write end of a pipe
    /// and waits until the manager closes it, which it does after handling
    /// every earlier message. Returns false on timeout.
    public func barrier(timeoutMilliseconds: Int32 = 5000) throws(SyscallError) -> Bool {
        let pipe = try Pipe()
        defer { pipe.readEnd.close() }
        do {
            try send("BARRIER=1", passing: pipe.writeEnd)
        } catch {
            pipe.writeEnd.close()
            throw error
        }
        pipe.writeEnd.close()
        return try pipe.readEnd.waitForHangup(timeoutMilliseconds: timeoutMilliseconds)
    }
}
