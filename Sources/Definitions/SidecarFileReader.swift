import UnitFile

/// The outcome of reading one `NAME.volume` or `NAME.image` file.
public struct SidecarParseResult<Definition: Sendable & Equatable>: Sendable, Equatable {
    public var path: String
    /// nil when any diagnostic is an error.
    public var definition: Definition?
    public var diagnostics: [Diagnostic]

    public init(path: String, definition: Definition?, diagnostics: [Diagnostic]) {
        self.path = path
        self.definition = definition
        self.diagnostics = diagnostics
    }
}

/// What reading a `NAME.volume` or `NAME.image` file shares: the name from
/// the file name, the sections allowed, each key of the main section
/// applied with its line, and the diagnostics in line order.
struct SidecarFileReader {
    let path: String
    let unitFile: UnitFile
    private(set) var diagnostics: [Diagnostic]

    /// Parses `text` and checks the file name (`NAME.<section lowercased>`)
    /// and the sections: `[Unit]`, `[<section>]`, `[Install]` and `X-` ones.
    /// `article` and `noun` word the messages ("a", "volume name").
    init(text: String, path: String, section: String, name: String?, article: String, noun: String) {
        let parsed = UnitFile.parse(text, file: path)
        self.path = path
        self.unitFile = parsed.unitFile
        self.diagnostics = parsed.diagnostics
        let suffix = section.lowercased()
        if let name {
            if !ContainerDefinition.isValidPlainName(name) {
                report("'\(name)' is not a valid \(noun) (\(ContainerDefinition.nameRule))", line: 1)
            }
        } else {
            report("not \(article) \(suffix) definition (the file name must be NAME.\(suffix))", line: 1)
        }
        let allowed = ["Unit", section, "Install"]
        for other in unitFile.sections where !allowed.contains(other.name) && !other.name.hasPrefix("X-") {
            report("[\(other.name)]: unknown section (use [\(section)])", line: other.line)
        }
    }

    mutating func report(_ message: String, line: Int) {
        diagnostics.append(.error(message, file: path, line: line))
    }

    /// Applies every entry of `section`; a bad value is `KEY: message` at
    /// its line.
    mutating func apply(
        _ section: String, with apply: (UnitFile.Entry) throws(KeyValueError) -> Void
    ) {
        for entry in unitFile.entries(in: section) {
            do {
                try apply(entry)
            } catch {
                report("\(entry.key): \(error.message)", line: entry.line)
            }
        }
    }

    /// The diagnostics by line, in the order found within a line.
    var sortedDiagnostics: [Diagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
