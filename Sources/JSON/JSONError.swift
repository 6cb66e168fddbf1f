/// An error reading or writing JSON text.
public enum JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not JSON; position is 1-based.
    case syntax(line: Int, column: Int, message: String)
    /// A number that JSON cannot represent (NaN, infinity).
    case invalidNumber(String)

    public var description: String {
        switch self {
        case .syntax(let line, let column, let message):
            return "line \(line), column \(column): \(message)"
        case .invalidNumber(let text):
            return "\(text) is not representable in JSON"
        }
    }
}
