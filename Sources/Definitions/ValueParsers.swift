import UnitFile

/// Readers for the value types of `[Container]` keys. Each returns the
/// typed value or throws a `KeyValueError` worded for the admin.
enum ValueParsers {
    static func absolutePath(_ value: String, example: String) throws(KeyValueError) -> String {
        guard value.hasPrefix("/") else {
            throw KeyValueError("'\(value)' is not an absolute path (use e.g. \(example))")
        }
        return value
    }

    static func boolean(_ value: String) throws(KeyValueError) -> Bool {
        guard let result = UnitValue.boolean(value) else {
            throw KeyValueError("'\(value)' is not a boolean (use yes or no)")
        }
        return result
    }

    static func size(_ value: String) throws(KeyValueError) -> UInt64 {
        guard let bytes = UnitValue.size(value) else {
            throw KeyValueError(
                "'\(value)' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)")
        }
        return bytes
    }

    /// A command line split with systemd's quoting rules.
    static func commandLine(_ value: String) throws(KeyValueError) -> [String] {
        do {
            return try UnitValue.words(value)
        } catch {
            throw KeyValueError(describe(error, in: value))
        }
    }

    /// `K=V` assignments, several on a line, quoting allowed
    /// (`Environment="A=1 2" B=3`).
    static func environment(_ value: String) throws(KeyValueError) -> [EnvironmentVariable] {
        let words: [String]
        do {
            words = try UnitValue.words(value)
        } catch {
            throw KeyValueError(describe(error, in: value))
        }
        var variables: [EnvironmentVariable] = []
        for word in words {
            guard let equals = word.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw KeyValueError("'\(word)' is not NAME=VALUE (use e.g. MODE=prod)")
            }
            let name = String(word[..<equals])
            guard isVariableName(name) else {
                throw KeyValueError(
                    "'\(name)' is not a variable name (use letters, digits and '_', not starting with a digit)")
            }
            variables.append(EnvironmentVariable(name: name, value: String(word[word.utf8.index(after: equals)...])))
        }
        return variables
    }

    /// A decimal integer with an optional sign.
    static func integer(_ value: String) -> Int? {
        var digits = Substring(value)
        let negative = digits.hasPrefix("-")
        if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let magnitude = Int(digits)
        else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// A positive decimal number written as digits with an optional
    /// fraction (`2`, `0.5`); no exponents, signs, `inf` or `nan`.
    static func positiveDecimal(_ value: String) -> Double? {
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard isDigits(parts[0]), parts.count == 1 || isDigits(parts[1]), let number = Double(value),
            number > 0, number.isFinite
        else { return nil }
        return number
    }

    /// A user or group: a name or a numeric id.
    static func account(_ value: String, kind: String, example: String) throws(KeyValueError) -> String {
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-", "$": true
            default: false
            }
        }
        guard allowed, !value.hasPrefix("-"), value.utf8.count <= 256 else {
            throw KeyValueError("'\(value)' is not a \(kind) name or numeric id (use e.g. \(example))")
        }
        return value
    }

    /// bash's variable names, as systemd's env_name_is_valid.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_": true
            default: false
            }
        }
    }

    static func describe(_ error: UnitValue.WordsError, in value: String) -> String {
        switch error {
        case .unterminatedQuote(let quote):
            "unterminated \(quote) quote in '\(value)' (close the quote, or escape it as \\\(quote))"
        case .badEscape(let escape):
            "unknown escape '\(escape)' in '\(value)' (use \\\\ for a backslash)"
        case .nulCharacter:
            "'\(value)' contains an escaped NUL character (remove it)"
        }
    }
}
