import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Installing a compiled seccomp BPF program on the calling thread.
public enum SeccompFilterLoad {
    /// `SECCOMP_FILTER_FLAG_*` values from <linux/seccomp.h>, by their spec names.
    public static let flags: [String: UInt32] = [
        "SECCOMP_FILTER_FLAG_TSYNC": 1, "SECCOMP_FILTER_FLAG_LOG": 2,
        "SECCOMP_FILTER_FLAG_SPEC_ALLOW": 4,
    ]

    /// For the child between clone and exec: `program` is whole 8-byte
    /// `struct sock_filter` instructions. Needs no_new_privs or CAP_SYS_ADMIN.
    public static func load(_ program: UnsafeRawBufferPointer, flags: UInt32) -> Errno? {
        errnoIfFailed {
            swctl_seccomp_set_filter(flags, program.baseAddress, UInt16(clamping: program.count / 8))
        }
    }
}

/// An anonymous in-memory file (`memfd_create`), for C libraries that only
/// write to a descriptor.
public enum MemoryFile {
    /// Runs `write` on a fresh memory file and returns what it wrote.
    /// `write` returns 0 or a negative errno, as libseccomp does.
    public static func capture(_ operation: String, _ write: (Int32) -> Int32) throws(SyscallError)
        -> [UInt8]
    {
        let fd = FileDescriptor(rawValue: try check("memfd_create") { swctl_memfd_create("swctl") })
        defer { fd.close() }
        let result = write(fd.rawValue)
        if result < 0 { throw SyscallError(operation, errno: Errno(rawValue: -result)) }
        _ = try check("lseek memfd") { lseek(fd.rawValue, 0, SEEK_SET) }
        return try fd.readAll()
    }
}
