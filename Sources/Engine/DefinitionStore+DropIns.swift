import Definitions
import Syscalls
import UnitFile

/// Drop-ins for definitions, as systemd has them for units: `*.conf` files
/// in `NAME.container.d/` (for that container) and in `container.d/` (for
/// every container), in any directory of the search path. A file name in
/// an earlier directory hides the same name in a later one, and in the same
/// directory the container's own drop-in dir wins over `container.d/`; the
/// files that remain apply in the order of their names, whatever directory
/// they are in, after the definition itself.
extension DefinitionStore {
    /// The drop-in directory every definition shares.
    public static let sharedDropInDirectory = "container.d"

    /// The drop-ins of the container `name`, in the order they apply.
    public func dropIns(for name: String) -> [String] {
        var chosen: [String: String] = [:]  // file name → path
        for directory in searchPath {
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            // An instance reads its template's drop-ins too, its own first.
            let template = ContainerDefinition.templateName(ofInstance: name).map {
                [base + $0 + ContainerDefinition.fileSuffix + ".d"]
            }
            for dropInDirectory in [base + name + ContainerDefinition.fileSuffix + ".d"] + (template ?? [])
                + [base + Self.sharedDropInDirectory]
            {
                let listed =
                    dropInIndex.map { $0.directories[dropInDirectory] }
                    ?? (try? FileSystem.listDirectory(dropInDirectory))
                guard let entries = listed else { continue }
                for entry in entries where entry.kind != .directory && entry.name.hasSuffix(".conf") {
                    if chosen[entry.name] == nil { chosen[entry.name] = dropInDirectory + "/" + entry.name }
                }
            }
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
            .filter { (try? FileSystem.readLink($0)) != "/dev/null" }  // a link to /dev/null masks a drop-in
    }

    /// Reads and parses the definition at `location` with its drop-ins.
    /// Its references to volume and image files are resolved.
    public func load(_ location: DefinitionLocation) -> DefinitionParseResult {
        var result = resolvingReferences(loadWithDropIns(location))
        Self.markEncryptedSecrets(in: &result)
        return result
    }

    private func loadWithDropIns(_ location: DefinitionLocation) -> DefinitionParseResult {
        if let instance = loadInstance(location) { return instance }
        let dropIns = dropIns(for: location.name)
        guard !dropIns.isEmpty else { return DefinitionStore.load(path: location.path) }
        let main: String
        do {
            main = try FileSystem.readTextFile(location.path)
        } catch {
            return DefinitionStore.load(path: location.path)  // reports the unreadable file
        }
        var texts: [(path: String, text: String)] = []
        var unreadable: [Diagnostic] = []
        for path in dropIns {
            do {
                texts.append((path, try FileSystem.readTextFile(path)))
            } catch {
                unreadable.append(.error("cannot read the drop-in: \(error.errno)", file: path, line: 1))
            }
        }
        var result = ContainerDefinition.parse(text: main, path: location.path, dropIns: texts)
        if !unreadable.isEmpty {
            result.diagnostics += unreadable
            result.definition = nil
        }
        return result
    }
}
