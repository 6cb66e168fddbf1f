/// A failure of the image store, naming the operation, the object and the cause.
public struct ImageStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
