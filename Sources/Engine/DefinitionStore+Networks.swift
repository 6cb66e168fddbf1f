import Definitions
import Network
import Syscalls
import UnitFile

/// `NAME.network` files beside the definitions: checked by `swctl validate`
/// and the generator as the definitions are, and `Network=NAME` lines that
/// name no network file reported where they are written.
extension DefinitionStore {
    /// The problems of every network file on the search path (the earliest
    /// directory's file per name), then of every `Network=NAME` in
    /// `definitions` that names a network with no file.
    func networkDiagnostics(for definitions: [ContainerDefinition]) -> [Diagnostic] {
        let source = NetworkDefinitionSource(directories: searchPath)
        var result: [Diagnostic] = []
        for name in source.names() {
            guard let path = source.path(of: name) else { continue }
            result += Self.networkFileDiagnostics(path: path)
        }
        for definition in definitions {
            guard case .named(let networks) = definition.network else { continue }
            for network in networks where source.path(of: network) == nil {
                let expected = (searchPath.first ?? ".") + "/" + network + NetworkDefinition.fileSuffix
                result.append(
                    .error(
                        "Network: no network named '\(network)': \(expected) does not exist (swctl network create \(network) makes it)",
                        file: definition.sourcePath, line: Self.networkLine(of: network, in: definition.sourcePath)))
            }
        }
        return result
    }

    /// Reads and checks one network file; an unreadable file is a
    /// diagnostic at line 1.
    static func networkFileDiagnostics(path: String) -> [Diagnostic] {
        do {
            return NetworkDefinition.parse(text: try FileSystem.readTextFile(path), path: path).diagnostics
        } catch {
            return [.error("cannot read the network definition: \(error.errno)", file: path, line: 1)]
        }
    }

    /// The line of the `Network=` naming `network` in the file at `path`;
    /// 1 when it is not there (it came from a drop-in).
    static func networkLine(of network: String, in path: String) -> Int {
        guard let text = try? FileSystem.readTextFile(path) else { return 1 }
        let entries = UnitFile.parse(text, file: path).unitFile.entries(in: "Container")
        let line = entries.last { entry in
            entry.key == "Network"
                && (entry.value == network || entry.value == network + NetworkDefinition.fileSuffix)
        }?.line
        return line ?? 1
    }
}
