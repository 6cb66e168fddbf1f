extension UnitValue {
    /// Why a value could not be split into words.
    public enum WordsError: Error, Sendable, Equatable {
        /// A `"` or `'` without its closing partner.
        case unterminatedQuote(Character)
        /// A `\` followed by something that is not an escape systemd knows.
        case badEscape(String)
        /// An escape for a NUL character, which no argument can hold.
        case nulCharacter
    }

    /// Splits a value into words as systemd does for `ExecStart=` and
    /// `Environment=`: words are separated by blanks; `"…"` and `'…'` quote
    /// (also in the middle of a word: `a"b c"` is `ab c`); C escapes
    /// (`\n \t \\ \" \' \s \xHH \NNN \uHHHH \UHHHHHHHH`, and `\` before a
    /// blank) work inside and outside quotes.
    public static func words(_ value: String) throws(WordsError) -> [String] {
        var words: [String] = []
        // Bytes of the current word: appending to a String scalar by scalar
        // costs more than the whole parse of a definition.
        var current: [UInt8] = []
        var inWord = false
        var quote: Unicode.Scalar?
        var scalars = value.unicodeScalars.makeIterator()
        func next() -> Unicode.Scalar? { scalars.next() }
        func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                current.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { current.append($0) }
            }
        }

        while let scalar = next() {
            if scalar == "\\" {
                guard let escaped = next() else { throw .badEscape("\\") }
                append(try unescape(escaped, next))
                inWord = true
                continue
            }
            if let open = quote {
                if scalar == open { quote = nil } else { append(scalar) }
                continue
            }
            if scalar == "\"" || scalar == "'" {
                quote = scalar
                inWord = true
            } else if isBlank(scalar) {
                if inWord { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                inWord = false
            } else {
                append(scalar)
                inWord = true
            }
        }
        if let open = quote { throw .unterminatedQuote(Character(open)) }
        if inWord { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Decodes the escape after a `\`, reading more scalars for `\x`, `\u`,
    /// `\U` and octal escapes.
    private static func unescape(
        _ first: Unicode.Scalar, _ next: () -> Unicode.Scalar?
    ) throws(WordsError) -> Unicode.Scalar {
        switch first {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "s": return " "
        case "\\", "\"", "'", " ", "\t": return first
        case "x": return try hexEscape("\\x", digits: 2, next)
        case "u": return try hexEscape("\\u", digits: 4, next)
        case "U": return try hexEscape("\\U", digits: 8, next)
        case "0"..."3":
            var value = first.value - 48
            var text = "\\" + String(first)
            for _ in 0..<2 {
                guard let digit = next() else { throw .badEscape(text) }
                text.unicodeScalars.append(digit)
                guard digit.value >= 48, digit.value <= 55 else { throw .badEscape(text) }
                value = value * 8 + digit.value - 48
            }
            guard value != 0 else { throw .nulCharacter }
            guard let scalar = Unicode.Scalar(value) else { throw .badEscape(text) }
            return scalar
        default:
            throw .badEscape("\\" + String(first))
        }
    }

    private static func hexEscape(
        _ prefix: String, digits: Int, _ next: () -> Unicode.Scalar?
    ) throws(WordsError) -> Unicode.Scalar {
        var value: UInt32 = 0
        var text = prefix
        for _ in 0..<digits {
            guard let digit = next() else { throw .badEscape(text) }
            text.unicodeScalars.append(digit)
            guard let nibble = hexValue(digit) else { throw .badEscape(text) }
            value = value * 16 + nibble
        }
        guard value != 0 else { throw .nulCharacter }
        guard let scalar = Unicode.Scalar(value) else { throw .badEscape(text) }
        return scalar
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }
}
