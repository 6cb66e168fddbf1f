import ArgumentParser
import Engine

/// `swctl network connect NETWORK CONTAINER`.
struct NetworkConnect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Give a running container an interface on a named network.",
        discussion: """
            For the running container only, as docker's: the next free ethN, an address \
            from the network, and its name in the hosts files of the network's containers. \
            Its definition is unchanged; at its next start it joins what Network= says.

            Example:
              swctl network connect backend web
            """)

    @Option(help: "Another name the container has on this network (repeatable).")
    var alias: [String] = []
    @Argument(help: "The network.")
    var network: String
    @Argument(help: "The running container.")
    var container: String

    func run() throws {
        do { try currentNetworks().connect(network, container: container, aliases: alias) } catch {
            throw CommandFailure(.failure, error.message)
        }
    }
}

/// `swctl network disconnect NETWORK CONTAINER`.
struct NetworkDisconnect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Take a running container's interface on a named network away.",
        discussion: """
            Example:
              swctl network disconnect backend web
            """)

    @Argument(help: "The network.")
    var network: String
    @Argument(help: "The running container.")
    var container: String

    func run() throws {
        do { try currentNetworks().disconnect(network, container: container) } catch {
            throw CommandFailure(.failure, error.message)
        }
    }
}
