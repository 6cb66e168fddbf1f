import ArgumentParser
import Engine

/// `swctl network rm NAME…`.
struct NetworkRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove named network definitions.",
        discussion: """
            Removes NAME.network. A network with running containers is refused unless -f \
            is given; they keep their interfaces until they stop.

            Example:
              swctl network rm backend
            """,
        aliases: ["remove"])

    @Flag(name: .shortAndLong, help: "Remove the file even while containers are on the network.")
    var force = false

    @Argument(help: "Network names.")
    var names: [String]

    func run() throws {
        let networks = currentNetworks()
        for name in names {
            do { _ = try networks.remove(name, force: force) } catch {
                throw CommandFailure(.failure, error.message)
            }
        }
    }
}
