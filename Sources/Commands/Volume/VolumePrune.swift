import ArgumentParser
import Engine

/// `swctl volume prune`.
struct VolumePrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove every volume no definition uses.",
        discussion: """
            A volume a NAME.volume file declares is kept, and so is one any definition \
            names in Volume=. Prints the name of each volume removed.

            Example:
              swctl volume prune
            """)

    @Flag(name: .shortAndLong, help: "Print nothing.")
    var quiet = false

    func run() throws {
        let store = currentVolumes()
        let definitions = currentDefinitions()
        let users = definitions.volumeUsers()
        let declared = Set(definitions.volumeAndImageFiles().volumes.compactMap(\.definition).map(\.displayName))
        let volumes: [Volume]
        do { volumes = try store.list() } catch { throw CommandFailure(.failure, error.message) }
        let out = OutputStream.standardOutput()
        var failures: [String] = []
        for volume in volumes where (users[volume.name] ?? []).isEmpty && !declared.contains(volume.name) {
            do {
                try store.remove(volume.name)
                if !quiet { out.line(volume.name) }
            } catch {
                failures.append(error.message)
            }
        }
        out.flush()
        if let first = failures.first { throw CommandFailure(.failure, "volume prune: \(first)") }
    }
}
