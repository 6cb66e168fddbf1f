extension UnitValue {
    /// One word quoted so that `words(_:)` gives it back unchanged: in
    /// double quotes, with `\`, `"` and control characters escaped. Used to
    /// write values a program produced (`swctl run`'s command and
    /// environment) into a definition.
    public static func quoted(_ word: String) -> String {
        var result = "\""
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Words quoted and joined by spaces: the inverse of `words(_:)`.
    public static func quotedWords(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}
