import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Unix datagram socket (sd_notify, journald's native protocol).
public struct UnixDatagramSocket: Sendable {
    public let descriptor: FileDescriptor

    /// An unbound socket for sending.
    public init() throws(SyscallError) {
        let fd = try check("socket AF_UNIX") {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// A socket bound to `path` (`@name` for the abstract namespace), that
    /// receives senders' credentials.
    public init(boundTo path: String) throws(SyscallError) {
        try self.init()
        var one: Int32 = 1
        _ = setsockopt(descriptor.rawValue, SOL_SOCKET, SO_PASSCRED, &one, socklen_t(MemoryLayout<Int32>.size))
        let fd = descriptor.rawValue
        let result = try withUnixSocketAddress(path) { address, length in
            valueOrErrno { bind(fd, address, length) }
        }
        if case .failure(let error) = result {
            descriptor.close()
            throw SyscallError("bind \(path)", errno: error)
        }
    }

    public func close() { descriptor.close() }

    /// Makes `receive()` fail with EAGAIN after `milliseconds` without a datagram.
    public func setReceiveTimeout(milliseconds: Int) throws(SyscallError) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        let fd = descriptor.rawValue
        _ = try check("set receive timeout on socket") {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Sends one datagram to `path`, with `passing` in SCM_RIGHTS if given.
    public func send(_ bytes: [UInt8], to path: String, passing fd: FileDescriptor? = nil) throws(SyscallError) {
        let socket = descriptor.rawValue
        let result = try withUnixSocketAddress(path) { address, length in
            bytes.withUnsafeBytes { buffer in
                valueOrErrno {
                    swctl_send_with_fd(socket, buffer.baseAddress, buffer.count, address, length, fd?.rawValue ?? -1)
                }
            }
        }
        if case .failure(let error) = result { throw SyscallError("send to \(path)", errno: error) }
    }

    /// Receives one datagram: its bytes, a passed descriptor and the sender's PID.
    public func receive(maximumLength: Int = 65536) throws(SyscallError) -> (
        bytes: [UInt8], fd: FileDescriptor?, pid: Int32
    ) {
        var buffer = [UInt8](repeating: 0, count: maximumLength)
        var fd: Int32 = -1
        var pid: pid_t = 0
        let socket = descriptor.rawValue
        let count = try check("receive on socket") {
            buffer.withUnsafeMutableBytes { swctl_recv_with_fd(socket, $0.baseAddress, $0.count, &fd, &pid) }
        }
        return (Array(buffer[0..<count]), fd >= 0 ? FileDescriptor(rawValue: fd) : nil, pid)
    }
}

extension FileDescriptor {
    /// Waits until the other end of a pipe is closed (POLLHUP); false on timeout.
    public func waitForHangup(timeoutMilliseconds: Int32) throws(SyscallError) -> Bool {
        var entry = pollfd(fd: rawValue, events: 0, revents: 0)
        let ready = try check("poll fd \(rawValue)") { Glibc.poll(&entry, 1, timeoutMilliseconds) }
        return ready > 0 && entry.revents & Int16(POLLHUP) != 0
    }
}

extension FileDescriptor {
    /// Waits for a priority event (POLLPRI or POLLERR, as kernfs signals a
    /// changed `cgroup.events`); false on timeout.
    public func waitForPriorityEvent(timeoutMilliseconds: Int32) throws(SyscallError) -> Bool {
        var entry = pollfd(fd: rawValue, events: Int16(POLLPRI), revents: 0)
        let ready = try check("poll fd \(rawValue)") { Glibc.poll(&entry, 1, timeoutMilliseconds) }
        return ready > 0
    }
}
