import UnitFile

/// The outcome of reading one definition: the definition when it is usable
/// (no errors; warnings allowed) and every problem found, in line order.
public struct DefinitionParseResult: Sendable, Equatable {
    /// The file the definition came from.
    public var path: String
    /// The container name from the file name (`web` for `web.container`),
    /// nil when the file name does not end in `.container`. May be an
    /// invalid name, which is one of the `diagnostics`.
    public var name: String?
    public var definition: ContainerDefinition?
    public var diagnostics: [Diagnostic]

    public init(path: String, name: String?, definition: ContainerDefinition?, diagnostics: [Diagnostic]) {
        self.path = path
        self.name = name
        self.definition = definition
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
