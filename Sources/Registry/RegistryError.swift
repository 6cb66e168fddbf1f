/// A failure of a pull: the operation, the object and the cause in one line,
/// e.g. `pull localhost:5000/nope:1: manifest unknown (404)`.
public struct RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// The HTTP status that caused it, if any (401/403: authentication).
    public var status: Int?

    /// The connection broke off (no answer, a reset): trying again may work.
    public var isTransient: Bool

    public init(_ message: String, status: Int? = nil, isTransient: Bool = false) {
        self.message = message
        self.status = status
        self.isTransient = isTransient
    }

    public var description: String { message }
}
