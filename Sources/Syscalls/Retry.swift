#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a call that returns -1 and sets errno on failure; EINTR is retried.
/// The one place the runtime's wrappers turn `errno` into a typed error.
@inline(__always)
func valueOrErrno<T: BinaryInteger>(_ call: () -> T) -> Result<T, Errno> {
    while true {
        let result = call()
        if result >= 0 { return .success(result) }
        let error = Errno.current
        if error != .interrupted { return .failure(error) }
    }
}

/// `valueOrErrno` that throws a `SyscallError` naming `operation`.
@inline(__always)
func check<T: BinaryInteger>(_ operation: @autoclosure () -> String, _ call: () -> T) throws(SyscallError) -> T {
    switch valueOrErrno(call) {
    case .success(let value): return value
    case .failure(let error): throw SyscallError(operation(), errno: error)
    }
}

/// For code between clone and exec: the errno of a failed call, nil on
/// success. Allocates nothing.
@inline(__always)
func errnoIfFailed<T: BinaryInteger>(_ call: () -> T) -> Errno? {
    switch valueOrErrno(call) {
    case .success: return nil
    case .failure(let error): return error
    }
}

extension Errno {
    /// For wrappers of C libraries (libcap, libseccomp) in other modules:
    /// runs a call that returns a negative value and sets errno on failure,
    /// retrying EINTR, and returns the errno or nil. Allocates nothing.
    public static func ifFailed(_ call: () -> Int32) -> Errno? {
        errnoIfFailed(call)
    }
}
