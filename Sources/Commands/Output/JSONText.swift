/// The little JSON `ps --format json` writes: objects with keys in a fixed
/// order (stable output for scripts and diffs), strings, integers, null.
public enum JSONText {
    public enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        /// A decimal number with a fixed count of fraction digits:
        /// `.fixed(1234, digits: 2)` is `12.34`.
        case fixed(Int64, digits: Int)
        case null

        static func optional(_ value: String?) -> Value { value.map(Value.string) ?? .null }
        static func optional<I: BinaryInteger>(_ value: I?) -> Value { value.map { .integer(Int64($0)) } ?? .null }
    }

    /// An array of objects, one per line, e.g. `[\n  {"a":1},\n  {"a":2}\n]`.
    public static func array(_ objects: [[(key: String, value: Value)]]) -> String {
        if objects.isEmpty { return "[]\n" }
        let lines = objects.map { "  " + object($0) }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    public static func object(_ members: [(key: String, value: Value)]) -> String {
        "{" + members.map { quote($0.key) + ":" + encode($0.value) }.joined(separator: ",") + "}"
    }

    static func encode(_ value: Value) -> String {
        switch value {
        case .string(let text): quote(text)
        case .integer(let number): String(number)
        case .fixed(let number, let digits): Quantities.fixed(number, digits: digits)
        case .null: "null"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
