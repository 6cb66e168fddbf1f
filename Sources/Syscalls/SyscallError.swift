/// A failed system call: the operation with its object, and the cause
/// (`mount proc on /proc: EPERM (operation not permitted)`).
public struct SyscallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was done to what, as a user would name it (`mount proc on /proc`).
    public var operation: String
    public var errno: Errno

    public init(_ operation: String, errno: Errno) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation): \(errno)" }
}
