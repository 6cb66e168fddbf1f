import Glibc

/// The C names of the errno values libsystemd returns, for error messages
/// that say `EACCES` rather than a locale-dependent sentence.
enum ErrnoName {
    static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO",
        EBADF: "EBADF", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY",
        EEXIST: "EEXIST", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", EMFILE: "EMFILE",
        ENOSPC: "ENOSPC", EPIPE: "EPIPE", ERANGE: "ERANGE", ENAMETOOLONG: "ENAMETOOLONG",
        ENOSYS: "ENOSYS", ENOTSOCK: "ENOTSOCK", EPROTO: "EPROTO", EBADMSG: "EBADMSG",
        EOPNOTSUPP: "EOPNOTSUPP", EADDRNOTAVAIL: "EADDRNOTAVAIL", ENETDOWN: "ENETDOWN",
        ECONNRESET: "ECONNRESET", ENOTCONN: "ENOTCONN", ESHUTDOWN: "ESHUTDOWN", ETIMEDOUT: "ETIMEDOUT",
        ECONNREFUSED: "ECONNREFUSED", EHOSTDOWN: "EHOSTDOWN", EHOSTUNREACH: "EHOSTUNREACH",
        ENOMEDIUM: "ENOMEDIUM", ECANCELED: "ECANCELED", ENODATA: "ENODATA", ESTALE: "ESTALE",
        EADDRINUSE: "EADDRINUSE", ENOBUFS: "ENOBUFS", ELOOP: "ELOOP", ECHILD: "ECHILD",
    ]

    /// `EACCES` for a known code, `errno 200` otherwise.
    static func describe(_ code: Int32) -> String {
        names[code] ?? "errno \(code)"
    }
}
