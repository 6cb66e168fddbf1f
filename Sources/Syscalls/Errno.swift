#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An error number from a failed system call, named as in C (`ENOENT`), so
/// messages read `open /etc/x: ENOENT (no such file or directory)`.
public struct Errno: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The value of `errno` right now; only code in Syscalls reads it.
    static var current: Errno { Errno(rawValue: errno) }

    /// The C name (`EACCES`), or `errno N` for a number without one here.
    public var name: String { Errno.names[rawValue] ?? "errno \(rawValue)" }

    /// The C library's text for the number, lowercased to fit our messages.
    public var explanation: String {
        guard let text = strerror(rawValue) else { return "unknown error" }
        return String(cString: text).lowercased()
    }

    /// `ENOENT (no such file or directory)`.
    public var description: String { "\(name) (\(explanation))" }

    public static let notPermitted = Errno(rawValue: EPERM)
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    public static let isDirectory = Errno(rawValue: EISDIR)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let busy = Errno(rawValue: EBUSY)
    public static let noSpace = Errno(rawValue: ENOSPC)
    public static let readOnlyFileSystem = Errno(rawValue: EROFS)
    public static let tooManySymbolicLinks = Errno(rawValue: ELOOP)
    public static let nameTooLong = Errno(rawValue: ENAMETOOLONG)
    public static let notEmpty = Errno(rawValue: ENOTEMPTY)
    public static let noSuchProcess = Errno(rawValue: ESRCH)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let notSupported = Errno(rawValue: EOPNOTSUPP)
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    public static let hostUnreachable = Errno(rawValue: EHOSTUNREACH)

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EIO: "EIO",
        ENXIO: "ENXIO", E2BIG: "E2BIG", ENOEXEC: "ENOEXEC", EBADF: "EBADF", ECHILD: "ECHILD",
        EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY",
        EEXIST: "EEXIST", EXDEV: "EXDEV", ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR",
        EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOTTY: "ENOTTY", ETXTBSY: "ETXTBSY",
        EFBIG: "EFBIG", ENOSPC: "ENOSPC", ESPIPE: "ESPIPE", EROFS: "EROFS", EMLINK: "EMLINK",
        EPIPE: "EPIPE", ERANGE: "ERANGE", EDEADLK: "EDEADLK", ENAMETOOLONG: "ENAMETOOLONG",
        ENOSYS: "ENOSYS", ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP", ENODATA: "ENODATA",
        EOVERFLOW: "EOVERFLOW", EOPNOTSUPP: "EOPNOTSUPP", EADDRINUSE: "EADDRINUSE",
        EADDRNOTAVAIL: "EADDRNOTAVAIL", ENETUNREACH: "ENETUNREACH", ECONNREFUSED: "ECONNREFUSED",
        ECONNRESET: "ECONNRESET", ETIMEDOUT: "ETIMEDOUT", EHOSTUNREACH: "EHOSTUNREACH",
        EALREADY: "EALREADY", EINPROGRESS: "EINPROGRESS", ESTALE: "ESTALE", EDQUOT: "EDQUOT",
        ECANCELED: "ECANCELED", EOWNERDEAD: "EOWNERDEAD", EPROTONOSUPPORT: "EPROTONOSUPPORT",
        EAFNOSUPPORT: "EAFNOSUPPORT", ENOTCONN: "ENOTCONN", ENOTSOCK: "ENOTSOCK",
        EMSGSIZE: "EMSGSIZE", ENOBUFS: "ENOBUFS", ENOLINK: "ENOLINK", EPROTO: "EPROTO",
        EBADMSG: "EBADMSG", ENOMEDIUM: "ENOMEDIUM", ENOKEY: "ENOKEY",
    ]
}
