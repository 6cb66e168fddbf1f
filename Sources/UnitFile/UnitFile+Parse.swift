extension UnitFile {
    /// A parsed file and what was wrong with it. Lines that cannot be read
    /// are reported and left out; the rest is still parsed.
    public struct ParseResult: Sendable, Equatable {
        public var unitFile: UnitFile
        public var diagnostics: [Diagnostic]
    }

    /// Parses `text` with systemd's rules (systemd.syntax(7)):
    /// - `[Section]` headers, `Key=value` with whitespace around `=` and at
    ///   both ends stripped, keys case-sensitive;
    /// - lines whose first non-blank character is `#` or `;` are comments,
    ///   also between continuation lines;
    /// - a line ending in an odd number of `\` continues on the next line,
    ///   the last `\` replaced by a space;
    /// - a UTF-8 byte order mark and `\r\n` line ends are accepted.
    ///
    /// Each entry carries the line it starts on; `file` only names the file
    /// in diagnostics.
    public static func parse(_ text: String, file: String) -> ParseResult {
        var parser = LineParser(file: file)
        var continuation: String?
        var continuationLine = 0
        var lineNumber = 0
        let whole = Substring(text)
        let bytes = whole.utf8
        var start = bytes.startIndex
        if bytes.count >= 3, bytes[start] == 0xEF, bytes[bytes.index(start, offsetBy: 1)] == 0xBB,
            bytes[bytes.index(start, offsetBy: 2)] == 0xBF
        {
            start = bytes.index(start, offsetBy: 3)
        }

        var next: String.Index? = start
        while let lineStart = next {
            let end = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            next = end == bytes.endIndex ? nil : bytes.index(after: end)
            lineNumber += 1
            var line = whole[lineStart..<end]
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let firstVisible = line.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
            if firstVisible == UInt8(ascii: "#") || firstVisible == UInt8(ascii: ";") { continue }

            let continues = endsInOddBackslashes(line)
            guard continuation != nil || continues else {
                parser.parse(line, line: lineNumber)
                continue
            }
            var joined = continuation.map { $0 + line } ?? String(line)
            if continuation == nil { continuationLine = lineNumber }
            if continues {
                joined.removeLast()
                joined.append(" ")
                continuation = joined
                continue
            }
            continuation = nil
            parser.parse(joined[...], line: continuationLine)
        }
        // A continuation at the end of the file ends there, as in systemd.
        if let continuation { parser.parse(continuation[...], line: continuationLine) }
        return ParseResult(unitFile: UnitFile(sections: parser.sections), diagnostics: parser.diagnostics)
    }

    private static func endsInOddBackslashes(_ line: Substring) -> Bool {
        var count = 0
        for byte in line.utf8.reversed() {
            guard byte == UInt8(ascii: "\\") else { break }
            count += 1
        }
        return count % 2 == 1
    }
}

/// systemd's WHITESPACE: space, tab, newline, carriage return.
func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
}

extension StringProtocol {
    /// The text without systemd whitespace at either end.
    func strippingBlanks() -> Substring {
        // The blanks are ASCII, so UTF-8 positions are character boundaries.
        let text = Substring(self)
        let bytes = text.utf8
        let isBlankByte = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !isBlankByte($0) }),
            let last = bytes.lastIndex(where: { !isBlankByte($0) })
        else { return "" }
        return text[first..<bytes.index(after: last)]
    }
}

/// The per-line half of the parser: one logical line (continuations
/// joined) at a time.
private struct LineParser {
    let file: String
    var sections: [UnitFile.Section] = []
    var diagnostics: [Diagnostic] = []
    /// After a bad header, entries up to the next header are dropped without
    /// one diagnostic each.
    var skippingSection = false

    init(file: String) {
        self.file = file
    }

    mutating func parse(_ logicalLine: Substring, line: Int) {
        let text = logicalLine.strippingBlanks()
        if text.isEmpty { return }

        if text.utf8.first == UInt8(ascii: "[") {
            guard text.utf8.last == UInt8(ascii: "]"), text.utf8.count >= 2 else {
                error("'\(text)' is not a section header (use [Name] alone on the line)", line: line)
                skippingSection = true
                return
            }
            let name = text.dropFirst().dropLast()
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isSafeInSectionName) else {
                error("'\(text)' is not a section header (use [Name] alone on the line)", line: line)
                skippingSection = true
                return
            }
            skippingSection = false
            sections.append(UnitFile.Section(name: String(name), line: line))
            return
        }

        if skippingSection { return }
        guard let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) else {
            error("'\(text)' is not a Key=value assignment (missing '=')", line: line)
            return
        }
        let key = text[..<equals].strippingBlanks()
        let value = text[text.utf8.index(after: equals)...].strippingBlanks()
        guard !key.isEmpty else {
            error("'\(text)' has no key before '=' (use Key=value)", line: line)
            return
        }
        guard !sections.isEmpty else {
            error("\(key): assignment outside of any section (put a [Section] header above it)", line: line)
            return
        }
        sections[sections.count - 1].entries.append(
            UnitFile.Entry(key: String(key), value: String(value), line: line))
    }

    private mutating func error(_ message: String, line: Int) {
        diagnostics.append(.error(message, file: file, line: line))
    }

    /// systemd's string_is_safe: no control characters, quotes or backslashes.
    private func isSafeInSectionName(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\\" && scalar != "\"" && scalar != "'"
    }
}
