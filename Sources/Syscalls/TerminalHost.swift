import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The runtime's own terminal in a foreground run with `process.terminal`:
/// raw while the container's terminal is relayed, restored afterwards.
public struct HostTerminal {
    public let descriptor: FileDescriptor
    private let saved: termios

    /// Switches `descriptor` to raw mode; nil when it is not a terminal.
    public static func makeRaw(_ descriptor: FileDescriptor) throws(SyscallError) -> HostTerminal? {
        guard isatty(descriptor.rawValue) == 1 else { return nil }
        var saved = termios()
        let fd = descriptor.rawValue
        _ = try check("tcgetattr fd \(fd)") { tcgetattr(fd, &saved) }
        var raw = saved
        cfmakeraw(&raw)
        _ = try check("tcsetattr fd \(fd)") { tcsetattr(fd, TCSANOW, &raw) }
        return HostTerminal(descriptor: descriptor, saved: saved)
    }

    /// Puts the settings back as they were.
    public func restore() {
        var saved = self.saved
        _ = tcsetattr(descriptor.rawValue, TCSANOW, &saved)
    }

    /// The size of the terminal on `descriptor`, nil if it is none.
    public static func size(of descriptor: FileDescriptor) -> (rows: UInt16, columns: UInt16)? {
        var rows: UInt16 = 0
        var columns: UInt16 = 0
        guard swctl_pty_get_size(descriptor.rawValue, &rows, &columns) == 0 else { return nil }
        return (rows, columns)
    }

    /// Sets the size of the terminal behind `descriptor` (a pty master).
    public static func setSize(_ descriptor: FileDescriptor, rows: UInt16, columns: UInt16) throws(SyscallError) {
        _ = try check("set terminal size of fd \(descriptor.rawValue)") {
            swctl_pty_set_size(descriptor.rawValue, rows, columns)
        }
    }
}

/// Blocked signals read from a descriptor (`signalfd`), so one poll waits
/// for terminal input, output and signals alike.
public struct SignalDescriptor {
    public let descriptor: FileDescriptor

    /// The caller must already block `signals`.
    public init(_ signals: [Int32]) throws(SyscallError) {
        let fd = try check("signalfd") {
            signals.withUnsafeBufferPointer { swctl_signalfd($0.baseAddress, Int32($0.count)) }
        }
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// The next pending signal's number.
    public func read() throws(SyscallError) -> Int32 {
        // struct signalfd_siginfo: 128 bytes, ssi_signo first.
        var info = [UInt8](repeating: 0, count: 128)
        let fd = descriptor.rawValue
        _ = try check("read signalfd") { info.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 128) } }
        return info.withUnsafeBytes { Int32(bitPattern: $0.loadUnaligned(as: UInt32.self)) }
    }

    public func close() { descriptor.close() }
}

/// Waiting on several descriptors at once (`poll`).
public enum Poll {
    /// Which of `descriptors` are readable, or hung up (counts as
    /// readable: the next read says why); `timeoutMilliseconds` -1 waits.
    public static func readable(_ descriptors: [FileDescriptor], timeoutMilliseconds: Int32) throws(SyscallError)
        -> [Bool]
    {
        var entries = descriptors.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
        let count = nfds_t(entries.count)
        _ = try check("poll") { Glibc.poll(&entries, count, timeoutMilliseconds) }
        return entries.map { $0.revents != 0 }
    }
}

extension FileDescriptor {
    /// One read; nil at end of file or when the other side is gone (EIO
    /// on a pty master whose slave closed).
    public func readSome(maximum: Int = 4096) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let fd = rawValue
        let result = buffer.withUnsafeMutableBytes { raw in valueOrErrno { Glibc.read(fd, raw.baseAddress, raw.count) }
        }
        guard case .success(let count) = result, count > 0 else { return nil }
        return Array(buffer[0..<count])
    }
}
