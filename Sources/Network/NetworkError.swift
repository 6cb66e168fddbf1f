/// A networking step that failed: what was done, to what, and why
/// (`create veth sw0a580002 for web: EEXIST (file exists)`).
public struct NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
