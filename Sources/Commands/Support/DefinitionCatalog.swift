/// What the commands need to know of one definition on disk.
public struct DefinitionSummary: Sendable, Equatable {
    public var name: String
    /// `Image=`; nil when the file could not be read or has no image.
    public var image: String?
    /// The file the definition was read from.
    public var sourcePath: String

    public init(name: String, image: String?, sourcePath: String) {
        self.name = name
        self.image = image
        self.sourcePath = sourcePath
    }
}

/// The definitions on disk, as the commands see them: the seam between the
/// systemd side (units, journal) and the definition files.
public protocol DefinitionCatalog {
    /// Every definition, sorted by name; one per name (the search path's
    /// precedence decides).
    func all() throws -> [DefinitionSummary]
    /// The definition named `name`, nil when there is none.
    func definition(named name: String) throws -> DefinitionSummary?
}
