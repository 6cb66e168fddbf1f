import Definitions
import Syscalls

/// Finds `NAME.network` files in the definition directories (beside the
/// `.container` files, as Quadlet keeps them); the earliest directory wins.
public struct NetworkDefinitionSource: Sendable, Equatable {
    public var directories: [String]

    public init(directories: [String]) { self.directories = directories }

    /// The path of `NAME.network`, nil if no directory has it (or the first
    /// one masks it with a link to /dev/null).
    public func path(of name: String) -> String? {
        for directory in directories {
            let path = "\(directory)/\(name)\(NetworkDefinition.fileSuffix)"
            guard FileSystem.exists(path) else { continue }
            if (try? FileSystem.readLink(path)) == "/dev/null" { return nil }
            return path
        }
        return nil
    }

    /// Reads and checks `NAME.network`; the first error as `FILE:LINE: …`.
    public func load(_ name: String) throws(NetworkError) -> NetworkDefinition {
        guard let path = path(of: name) else {
            throw NetworkError(
                "Network=\(name): no network named '\(name)' (looked for \(name).network in \(directories.joined(separator: ", ")); swctl network create \(name) makes one)"
            )
        }
        let text: String
        do { text = try FileSystem.readTextFile(path) } catch { throw NetworkError("read \(path): \(error)") }
        let result = NetworkDefinition.parse(text: text, path: path)
        guard let definition = result.definition else {
            throw NetworkError(result.errors.first.map(\.description) ?? "\(path): not a usable network definition")
        }
        return definition
    }

    /// Every network file's name, sorted (the earliest directory's file per name).
    public func names() -> [String] {
        var names: Set<String> = []
        for directory in directories {
            for entry in (try? FileSystem.listDirectory(directory)) ?? [] {
                if let name = NetworkDefinition.name(fromPath: entry.name) { names.insert(name) }
            }
        }
        return names.sorted()
    }
}
