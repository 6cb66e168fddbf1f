import Network

/// One published port of a running container, for `swctl port` and the
/// PORTS column of `swctl ps`.
public struct PortBinding: Sendable, Equatable {
    public var containerPort: UInt16
    /// `tcp` or `udp`.
    public var transport: String
    /// `0.0.0.0` when published on every address of the host.
    public var hostAddress: String
    public var hostPort: UInt16

    public init(containerPort: UInt16, transport: String, hostAddress: String, hostPort: UInt16) {
        self.containerPort = containerPort
        self.transport = transport
        self.hostAddress = hostAddress
        self.hostPort = hostPort
    }

    /// `docker port`'s line: `80/tcp -> 0.0.0.0:8080`.
    public var portLine: String { "\(containerPort)/\(transport) -> \(hostAddress):\(hostPort)" }
    /// `docker ps`'s PORTS entry: `0.0.0.0:8080->80/tcp`.
    public var psEntry: String { "\(hostAddress):\(hostPort)->\(containerPort)/\(transport)" }
}

/// What the networks have given the running containers, read from their
/// lease files (no lock: the file is replaced whole).
public enum PublishedPorts {
    /// Every container's published ports, by name.
    public static func all(paths: StatePaths) -> [String: [PortBinding]] {
        let network = ContainerNetwork(paths: NetworkPaths(volatileRoot: paths.volatileRoot))
        // A container holds ports either on the bridge or on one named network.
        let leases = network.leases() + network.namedPublishedLeases()
        return Dictionary(leases.map { ($0.name, bindings($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The address on the bridge of container `name`, if it holds one;
    /// else its address on its first named network.
    public static func address(of name: String, paths: StatePaths) -> String? {
        let network = ContainerNetwork(paths: NetworkPaths(volatileRoot: paths.volatileRoot))
        if let lease = network.lease(of: name) { return lease.address.description }
        let named = network.realizedNetworks().lazy.compactMap { other in
            network.namedLeases(of: other.name).first { $0.name == name }
        }
        return named.first?.address.description
    }

    static func bindings(_ lease: Lease) -> [PortBinding] {
        lease.ports.map { port in
            PortBinding(
                containerPort: port.containerPort, transport: port.transport.rawValue,
                hostAddress: (port.hostAddress ?? .any).description, hostPort: port.hostPort)
        }
    }
}
