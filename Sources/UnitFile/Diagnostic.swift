/// A problem found in a file, located by file and line, worded for the
/// admin who has to fix it: `web.container:7: Memory: '12X' is not a size (…)`.
public struct Diagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable, Hashable {
        /// The file cannot be used as it is.
        case error
        /// The file is used; something in it is ignored or overridden.
        case warning
    }

    public var severity: Severity
    public var file: String
    /// 1-based. Problems of the file as a whole point at line 1.
    public var line: Int
    /// What is wrong and what would be right, lowercase, no trailing period.
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    public static func error(_ message: String, file: String, line: Int) -> Diagnostic {
        Diagnostic(.error, file: file, line: line, message: message)
    }

    public static func warning(_ message: String, file: String, line: Int) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, message: message)
    }

    /// `FILE:LINE: message`; warnings read `FILE:LINE: warning: message`.
    public var description: String {
        switch severity {
        case .error: "\(file):\(line): \(message)"
        case .warning: "\(file):\(line): warning: \(message)"
        }
    }
}

extension Sequence where Element == Diagnostic {
    /// Whether any of these makes the file unusable.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
