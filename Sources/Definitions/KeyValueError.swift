/// Why a value does not fit its key. `message` is what follows `KEY: ` in
/// the diagnostic: the value, what is wrong, what would be right
/// (`'12X' is not a size (use a number with …, e.g. 512M)`).
public struct KeyValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) {
        self.message = message
    }
    public var description: String { message }
}
