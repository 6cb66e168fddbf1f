import Definitions
import Syscalls
import UnitFile

extension DefinitionStore {
    /// The containers whose definitions name each volume
    /// (`Volume=NAME:/dst`, or `Volume=FILE.volume:/dst` by the file's
    /// volume name), read from the raw `Volume=` lines so that a definition
    /// with errors elsewhere still keeps its volume from being removed.
    public func volumeUsers() -> [String: [String]] {
        let volumeNames = Dictionary(
            volumeAndImageFiles().volumes.compactMap(\.definition).map { ($0.name, $0.displayName) },
            uniquingKeysWith: { first, _ in first })
        var users: [String: [String]] = [:]
        for location in list().definitions {
            guard var text = try? FileSystem.readTextFile(location.path) else { continue }
            if let parts = ContainerDefinition.templateParts(of: location.name) {
                text = TemplateSpecifiers.resolve(text, prefix: parts.prefix, instance: parts.instance)
            }
            for entry in UnitFile.parse(text, file: location.path).unitFile.entries(in: "Container")
            where entry.key == "Volume" {
                guard let source = entry.value.split(separator: ":").first.map(String.init), !source.hasPrefix("/")
                else { continue }
                let name =
                    VolumeDefinition.name(fromPath: source).map { volumeNames[$0] ?? $0 } ?? source
                if !(users[name]?.contains(location.name) ?? false) { users[name, default: []].append(location.name) }
            }
        }
        return users
    }
}
