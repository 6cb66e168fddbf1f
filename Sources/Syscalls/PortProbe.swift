#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Whether a host port is free, asked the way a server would: by binding it.
public enum PortProbe {
    /// Binds a TCP (`stream`) or UDP socket to `address:port` (an IPv4
    /// address in host byte order; 0 for all) and closes it. false when the
    /// port is in use (EADDRINUSE: a listener, or a UDP socket, of any
    /// process here, IPv6 dual-stack ones included); other errors throw.
    /// TCP binds with SO_REUSEADDR, so connections in TIME_WAIT do not count.
    public static func isFree(stream: Bool, address: UInt32, port: UInt16) throws(SyscallError) -> Bool {
        let type = stream ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let fd = try check("socket AF_INET") { socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { _ = Glibc.close(fd) }
        var one: Int32 = 1
        if stream { _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        socketAddress.sin_addr.s_addr = address.bigEndian
        let result = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                valueOrErrno { bind(fd, address, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        switch result {
        case .success: return true
        case .failure(let error) where error.rawValue == EADDRINUSE: return false
        case .failure(let error):
            throw SyscallError("bind \(stream ? "tcp" : "udp") port \(port)", errno: error)
        }
    }
}
