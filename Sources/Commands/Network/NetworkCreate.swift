import ArgumentParser
import Engine

/// `swctl network create NAME`.
struct NetworkCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a NAME.network definition.",
        discussion: """
            Writes NAME.network into the first definition directory (/etc/swctl/containers, \
            or the first of $SWCTL_DEFINITIONS_PATH), so it lasts across reboots as any \
            definition does. Nothing is made on the host until a container joins.

            Example:
              swctl network create --subnet 10.90.0.0/24 --internal vault
            """)

    @Option(help: "IPv4 subnet, e.g. 10.90.0.0/24 (default: the next free 10.89.N.0/24).")
    var subnet: String?
    @Option(help: "The bridge's address in the subnet (default: its first address).")
    var gateway: String?
    @Option(name: .customLong("ip-range"), help: "Where container addresses come from, inside the subnet.")
    var ipRange: String?
    @Flag(help: "No route out and no masquerade.")
    var `internal` = false
    @Option(help: "A nameserver for the containers' resolv.conf (repeatable).")
    var dns: [String] = []
    @Argument(help: "The network's name.")
    var name: String

    func run() throws {
        do {
            let path = try currentNetworks().create(
                name, subnet: subnet, gateway: gateway, ipRange: ipRange, isInternal: `internal`, dns: dns)
            OutputStream.standardOutput().line(path)
        } catch {
            throw CommandFailure(.failure, error.message)
        }
    }
}
