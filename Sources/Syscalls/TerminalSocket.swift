import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Unix stream socket: `--console-socket`, where the runtime sends the
/// master side of the container's terminal (runc's protocol: one message
/// whose data is the terminal's name and whose SCM_RIGHTS carries the fd).
public struct TerminalSocket: Sendable {
    public let descriptor: FileDescriptor

    private init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    private static func makeSocket() throws(SyscallError) -> FileDescriptor {
        let fd = try check("socket AF_UNIX stream") {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Connects to the listening socket at `path`.
    public static func connect(to path: String) throws(SyscallError) -> TerminalSocket {
        let fd = try makeSocket()
        let raw = fd.rawValue
        let result = try withUnixSocketAddress(path) { address, length in
            valueOrErrno { Glibc.connect(raw, address, length) }
        }
        if case .failure(let error) = result {
            fd.close()
            throw SyscallError("connect to console socket \(path)", errno: error)
        }
        return TerminalSocket(descriptor: fd)
    }

    /// A socket listening at `path` (which must not exist), for a receiver.
    public static func listen(at path: String) throws(SyscallError) -> TerminalSocket {
        let fd = try makeSocket()
        let raw = fd.rawValue
        let bound = try withUnixSocketAddress(path) { address, length in valueOrErrno { bind(raw, address, length) } }
        if case .failure(let error) = bound {
            fd.close()
            throw SyscallError("bind \(path)", errno: error)
        }
        if case .failure(let error) = valueOrErrno({ Glibc.listen(raw, 1) }) {
            fd.close()
            throw SyscallError("listen on \(path)", errno: error)
        }
        return TerminalSocket(descriptor: fd)
    }

    /// Two connected sockets (`socketpair`): for a foreground run, the
    /// init sends the terminal to the runtime itself.
    public static func pair() throws(SyscallError) -> (TerminalSocket, TerminalSocket) {
        var fds: [Int32] = [-1, -1]
        _ = try check("socketpair AF_UNIX stream") {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        }
        return (
            TerminalSocket(descriptor: FileDescriptor(rawValue: fds[0])),
            TerminalSocket(descriptor: FileDescriptor(rawValue: fds[1]))
        )
    }

    /// Waits up to `timeoutMilliseconds` for a connection and accepts it.
    public func accept(timeoutMilliseconds: Int32) throws(SyscallError) -> TerminalSocket {
        guard try descriptor.waitUntilReadable(timeoutMilliseconds: timeoutMilliseconds) else {
            throw SyscallError("accept on console socket", errno: Errno(rawValue: ETIMEDOUT))
        }
        let raw = descriptor.rawValue
        let fd = try check("accept on console socket") { Glibc.accept(raw, nil, nil) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return TerminalSocket(descriptor: FileDescriptor(rawValue: fd))
    }

    /// Receives one message with a descriptor: the message's text and the fd.
    public func receiveDescriptor() throws(SyscallError) -> (name: String, fd: FileDescriptor) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fd: Int32 = -1
        var pid: pid_t = 0
        let socket = descriptor.rawValue
        let count = try check("receive on console socket") {
            buffer.withUnsafeMutableBytes { swctl_recv_with_fd(socket, $0.baseAddress, $0.count, &fd, &pid) }
        }
        guard fd >= 0 else { throw SyscallError("receive on console socket: no descriptor", errno: .invalidArgument) }
        return (String(decoding: buffer[0..<count], as: UTF8.self), FileDescriptor(rawValue: fd))
    }

    public func close() { descriptor.close() }
}
