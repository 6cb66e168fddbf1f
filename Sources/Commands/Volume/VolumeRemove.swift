import ArgumentParser
import Engine

/// `swctl volume rm NAME…`.
struct VolumeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove named volumes and their data.",
        discussion: """
            Refuses a volume that a definition uses (Volume=NAME:/path): remove the \
            container first (swctl rm). A mounted Device= volume is refused until its unit \
            (swctl-volume@NAME.service) is stopped.

            Example:
              swctl volume rm data
            """,
        aliases: ["remove"])

    @Flag(name: .shortAndLong, help: "Do not fail for a volume that does not exist.")
    var force = false

    @Argument(help: "Volume names.")
    var names: [String]

    func run() throws {
        let store = currentVolumes()
        let users = currentDefinitions().volumeUsers()
        for name in names {
            if let using = users[name], !using.isEmpty {
                throw CommandFailure(
                    .failure,
                    "volume rm \(name): in use by \(using.joined(separator: ", ")) (remove the container first)")
            }
            if force && store.volume(name) == nil { continue }
            do { try store.remove(name) } catch { throw CommandFailure(.failure, error.message) }
        }
    }
}
