import Definitions
import Syscalls
import UnitFile

/// Where a definition file is, under the name it defines.
public struct DefinitionLocation: Sendable, Equatable {
    public var name: String
    public var path: String
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// Every `NAME.container` on the search path, sorted by name.
public struct DefinitionListing: Sendable, Equatable {
    /// The file that counts for each name: the one in the earliest directory.
    public var definitions: [DefinitionLocation]
    /// Files hidden by a file of the same name in an earlier directory.
    public var shadowed: [DefinitionLocation]
    /// Names masked by a link to /dev/null (the earliest file for the name
    /// is the link): they have no definition.
    public var masked: [DefinitionLocation]
    /// Search directories that exist but cannot be read.
    public var diagnostics: [Diagnostic]
    /// Templates (`foo@.container`): their instances are in `definitions`.
    public var templates: [DefinitionLocation] = []
}

/// Why `DefinitionStore.load(name:)` found nothing to parse.
public enum DefinitionLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case notFound(String, searchPath: [String])
    case masked(String, path: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name)' is not a valid container name (\(ContainerDefinition.nameRule))"
        case .notFound(let name, let searchPath):
            "no definition named '\(name)' (looked for \(name).container in \(searchPath.joined(separator: ", ")))"
        case .masked(let name, let path):
            "definition '\(name)' is masked (\(path) links to /dev/null)"
        }
    }
}

/// The definition files on disk: `NAME.container` in the directories of
/// the search path, where an earlier directory wins for the same name
/// (`/etc` over `/run` over `/usr/lib`, as for systemd's units). A file
/// that is a symbolic link to /dev/null masks the name.
public struct DefinitionStore: Sendable, Equatable {
    /// Admin's, transient (`swctl run`), vendor's.
    public static let defaultSearchPath = [
        "/etc/swctl/containers", "/run/swctl/containers", "/usr/lib/swctl/containers",
    ]
    /// A colon-separated list of directories that replaces the default.
    public static let searchPathVariable = "SWCTL_DEFINITIONS_PATH"

    public var searchPath: [String]
    /// The drop-in directories, listed once for a run over every
    /// definition (nil: each lookup lists what it needs).
    var dropInIndex: DropInIndex?

    public init(searchPath: [String] = DefinitionStore.defaultSearchPath) {
        self.searchPath = searchPath
    }

    /// The store for this process: `SWCTL_DEFINITIONS_PATH` when set and
    /// not empty, otherwise the default search path.
    public static func fromEnvironment(_ environment: [String: String]) -> DefinitionStore {
        DefinitionStore(searchPath: searchPath(fromVariable: environment[searchPathVariable]))
    }

    /// The search path for a value of `SWCTL_DEFINITIONS_PATH` (nil when
    /// unset); empty elements are skipped.
    public static func searchPath(fromVariable value: String?) -> [String] {
        let directories = (value ?? "").split(separator: ":").map(String.init)
        return directories.isEmpty ? defaultSearchPath : directories
    }

    /// Every definition file on the search path.
    public func list() -> DefinitionListing {
        var listing = DefinitionListing(definitions: [], shadowed: [], masked: [], diagnostics: [])
        var taken: Set<String> = []
        for directory in searchPath {
            let entries: [DirectoryEntry]
            do {
                entries = try FileSystem.listDirectory(directory)
            } catch {
                if error.errno != .noSuchFileOrDirectory && error.errno != .notDirectory {
                    listing.diagnostics.append(
                        .warning("cannot list definitions: \(error.errno)", file: directory, line: 1))
                }
                continue
            }
            for entry in entries where entry.kind != .directory {
                guard let name = ContainerDefinition.name(fromPath: entry.name), !name.isEmpty else { continue }
                let location = DefinitionLocation(name: name, path: join(directory, entry.name))
                if !taken.insert(name).inserted {
                    listing.shadowed.append(location)
                } else if entry.kind == .symlink && Self.isMask(location.path) {
                    listing.masked.append(location)
                } else {
                    listing.definitions.append(location)
                }
            }
        }
        let byName = { (a: DefinitionLocation, b: DefinitionLocation) in (a.name, a.path) < (b.name, b.path) }
        listing.definitions.sort(by: byName)
        listing.shadowed.sort(by: byName)
        listing.masked.sort(by: byName)
        resolveTemplates(in: &listing)
        return listing
    }

    /// The file that defines `name`, or nil when none does (or it is masked).
    public func path(forName name: String) -> String? {
        try? locate(name)
    }

    /// Reads and parses the definition of `name`. Problems in the file are
    /// in the result's diagnostics; it throws only when there is no file.
    public func load(name: String) throws(DefinitionLookupError) -> DefinitionParseResult {
        load(DefinitionLocation(name: name, path: try locate(name)))
    }

    /// Reads and parses one definition file; an unreadable file is a
    /// diagnostic at line 1.
    public static func load(path: String) -> DefinitionParseResult {
        let text: String
        do {
            text = try FileSystem.readTextFile(path)
        } catch {
            return DefinitionParseResult(
                path: path, name: ContainerDefinition.name(fromPath: path), definition: nil,
                diagnostics: [.error("cannot read the definition: \(error.errno)", file: path, line: 1)])
        }
        return ContainerDefinition.parse(text: text, path: path)
    }

    private func locate(_ name: String) throws(DefinitionLookupError) -> String {
        guard ContainerDefinition.isValidName(name) else { throw .invalidName(name) }
        for directory in searchPath {
            let path = join(directory, name + ContainerDefinition.fileSuffix)
            guard FileSystem.exists(path) else { continue }
            if Self.isMask(path) { throw .masked(name, path: path) }
            return path
        }
        if let template = defaultInstanceTemplate(of: name) { return template }
        throw .notFound(name, searchPath: searchPath)
    }

    /// A link to /dev/null masks a definition, as it masks a unit.
    private static func isMask(_ path: String) -> Bool {
        (try? FileSystem.readLink(path)) == "/dev/null"
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
