/// `AddHost=`, `DNS=`, `DNSOption=`, `DNSSearch=`: what the container's
/// /etc/hosts and /etc/resolv.conf say beyond what its network gives.
public struct NameResolution: Sendable, Equatable {
    /// `DNS=`: which nameservers resolv.conf lists.
    public enum Servers: Sendable, Equatable {
        /// The network's choice (the host's reachable servers, or the named
        /// network's `DNS=`).
        case network
        /// `DNS=none`: no resolv.conf is made; the image's own file stays.
        case none
        /// `DNS=ADDRESS`, in file order.
        case addresses([IPv4Address])
    }

    /// `AddHost=NAME[;NAME…]:ADDRESS`, in file order.
    public var hosts: [AddedHost] = []
    public var servers: Servers = .network
    /// `DNSOption=`: replaces the `options` line when not empty.
    public var options: [String] = []
    /// `DNSSearch=`: nil keeps the network's `search` line, `[]`
    /// (`DNSSearch=.`) removes it, otherwise replaces it.
    public var search: [String]?

    public init() {}

    /// Nothing changes the files the network makes.
    public var isDefault: Bool { self == NameResolution() }
}

/// One `AddHost=` line of /etc/hosts.
public struct AddedHost: Sendable, Equatable {
    public enum Address: Sendable, Equatable {
        case ip(IPv4Address)
        /// `host-gateway`: the host's address on the container's bridge.
        case hostGateway
    }

    public var names: [String]
    public var address: Address

    public init(names: [String], address: Address) {
        self.names = names
        self.address = address
    }
}
