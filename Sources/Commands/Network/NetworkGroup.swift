import ArgumentParser
import Engine
import Syscalls

/// `swctl network …`: named networks (`NAME.network` files).
struct NetworkGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Manage named networks (NAME.network files, joined with Network=NAME).",
        discussion: """
            A named network is a NAME.network file beside the container definitions \
            (Quadlet's [Network] keys). Its bridge (swn-NAME) and subnet (Subnet=, or the \
            next free 10.89.N.0/24) exist while a container is on it. Containers on one \
            network reach each other by name and NetworkAlias=; containers on different \
            networks cannot reach each other.

            Examples:
              swctl network create --subnet 10.90.0.0/24 backend
              swctl network ls
              swctl network inspect backend
              swctl network rm backend
            """,
        subcommands: [
            NetworkCreate.self, NetworkList.self, NetworkInspect.self, NetworkRemove.self, NetworkConnect.self,
            NetworkDisconnect.self,
        ])
}

func currentNetworks() -> NamedNetworks { NamedNetworks.fromEnvironment(ProcessEnvironment.current()) }
