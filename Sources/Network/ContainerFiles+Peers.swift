import Definitions

/// One container on a named network, as the others' /etc/hosts lists it.
public struct HostsEntry: Sendable, Equatable {
    public var address: IPv4Address
    public var names: [String]
    public init(address: IPv4Address, names: [String]) {
        self.address = address
        self.names = names
    }
}

extension ContainerFiles {
    /// /etc/hosts of a container on named networks: its own line (`names`:
    /// its name, host name and aliases), then one line per other container
    /// on a network it shares (what `getent hosts web` answers in there,
    /// without a resolver running).
    public static func hosts(names: [String], address: IPv4Address?, peers: [HostsEntry]) -> String {
        var text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        text += "\(address?.description ?? "127.0.1.1")\t\(names.joined(separator: " "))\n"
        for peer in peers.sorted(by: { ($0.address, $0.names.first ?? "") < ($1.address, $1.names.first ?? "") }) {
            text += "\(peer.address)\t\(peer.names.joined(separator: " "))\n"
        }
        return text
    }
}
