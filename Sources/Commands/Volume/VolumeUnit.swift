import ArgumentParser
import Engine

/// `swctl volume up FILE`: what `swctl-volume@FILE.service` starts with.
struct VolumeUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Make (and mount) the volume a NAME.volume file declares (run by swctl-volume@NAME.service).",
        shouldDisplay: false)

    @Argument(help: "The volume file's name (NAME for NAME.volume).")
    var file: String

    func run() throws {
        let definitions = currentDefinitions()
        guard let path = definitions.volumeFilePath(file) else {
            throw CommandFailure(
                .invalidDefinition,
                "volume up: no \(file).volume in \(definitions.searchPath.joined(separator: ", "))")
        }
        let result = DefinitionStore.loadVolume(path: path)
        guard let definition = result.definition else {
            let err = OutputStream.standardError()
            for diagnostic in result.diagnostics { err.line(diagnostic.description) }
            err.flush()
            throw CommandFailure(.invalidDefinition, "volume up: \(path) has errors")
        }
        do { try currentVolumes().up(definition) } catch { throw CommandFailure(.failure, error.message) }
    }
}

/// `swctl volume down FILE`: what `swctl-volume@FILE.service` stops with.
struct VolumeDown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Unmount the file system of a NAME.volume file's volume (run by swctl-volume@NAME.service).",
        shouldDisplay: false)

    @Argument(help: "The volume file's name (NAME for NAME.volume).")
    var file: String

    func run() throws {
        let definitions = currentDefinitions()
        let name =
            definitions.volumeFilePath(file).flatMap { DefinitionStore.loadVolume(path: $0).definition?.displayName }
            ?? file
        do { try currentVolumes().down(name) } catch { throw CommandFailure(.failure, error.message) }
    }
}
