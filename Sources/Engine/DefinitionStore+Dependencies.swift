import Definitions
import Generator
import Syscalls
import UnitFile

/// Checks of what definitions name across the directory: a
/// `Network=container:NAME` (or `NAME.container`) with no such definition
/// is an error; a `[Unit]` dependency on a definition file that does not
/// exist, or on a network file (networks have no unit), is a warning.
extension DefinitionStore {
    func dependencyDiagnostics(for definitions: [ContainerDefinition]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        let volumeFiles = Set(files(withSuffix: VolumeDefinition.fileSuffix).map(\.name))
        let imageFiles = Set(files(withSuffix: ImageDefinition.fileSuffix).map(\.name))
        for definition in definitions {
            if case .container(let other) = definition.network, path(forName: other) == nil {
                result.append(
                    .error(
                        "Network: no definition named '\(other)' for container:\(other) (\(other).container is not on the search path)",
                        file: definition.sourcePath,
                        line: Self.line(ofKey: "Network", containing: other, in: definition.sourcePath)))
            }
            for entry in definition.unitSection where UnitDependencies.keys.contains(entry.key) {
                for word in entry.value.split(separator: " ").map(String.init) {
                    guard let problem = problem(with: word, volumeFiles: volumeFiles, imageFiles: imageFiles)
                    else { continue }
                    result.append(
                        .warning(
                            "\(entry.key): \(problem)", file: entry.file ?? definition.sourcePath, line: entry.line))
                }
            }
        }
        return result
    }

    private func problem(with word: String, volumeFiles: Set<String>, imageFiles: Set<String>) -> String? {
        guard UnitDependencies.namesDefinitionFile(word) else { return nil }
        if NetworkDefinition.name(fromPath: word) != nil {
            return "'\(word)' is ignored: a network has no unit (the first container that joins it makes it)"
        }
        if let name = ContainerDefinition.name(fromPath: word), path(forName: name) == nil {
            return
                "no definition '\(word)' on the search path (the dependency on ctr@\(name).service has no definition)"
        }
        if let name = VolumeDefinition.name(fromPath: word), !volumeFiles.contains(name) {
            return "no volume file '\(word)' on the search path"
        }
        if let name = ImageDefinition.name(fromPath: word), !imageFiles.contains(name) {
            return "no image file '\(word)' on the search path"
        }
        return nil
    }

    /// The line of the last `KEY=` whose value contains `text`; 1 when
    /// none does.
    static func line(ofKey key: String, containing text: String, in path: String) -> Int {
        guard let content = try? FileSystem.readTextFile(path) else { return 1 }
        let entries = UnitFile.parse(content, file: path).unitFile.entries(in: "Container")
        return entries.last { $0.key == key && $0.value.contains(text) }?.line ?? 1
    }
}
