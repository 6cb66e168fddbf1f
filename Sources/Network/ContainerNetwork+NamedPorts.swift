import Definitions
import Syscalls

/// `PublishPort=` on named networks: the ports DNAT to the container's
/// address on its first network that is not internal, through the same
/// maps as the default bridge's, so one host port is never published twice
/// whichever network its holder is on.
extension ContainerNetwork {
    /// Chooses the host ports of container `name` (on `joined`, in the
    /// order of its `Network=` lines), records them in that network's lease
    /// and adds their NAT elements. The caller holds the named lock.
    func publishOnNamed(
        name: String, publications: [PortPublication], joined: [(NamedNetwork, IPv4Address)]
    ) throws(NetworkError) {
        guard !publications.isEmpty else { return }
        guard let (network, address) = joined.first(where: { !$0.0.isInternal }) else {
            let names = joined.map(\.0.name).joined(separator: ", ")
            throw NetworkError(
                "PublishPort=: container \(name) is only on internal networks (\(names)): nothing outside can reach its ports"
            )
        }
        // The ports are chosen and recorded under the bridge's lock too, so
        // a container starting there cannot take the same port meanwhile
        // (the named lock is always taken first).
        let ports = try LeaseStore(paths: paths).update { bridgeLeases throws(NetworkError) in
            let alive = NetworkNamespace.mounted(in: paths.namespaces)
            let others =
                bridgeLeases.filter { alive.contains(paths.namespace($0.name)) }
                + namedPortHolders(except: name)
            let ports = try LeaseAllocation.choosePorts(
                LeaseRequest(name: name, publications: publications), others: others,
                hostPortInUse: Self.hostPortInUse)
            var leases = readNamedLeases(network.name)
            guard let index = leases.firstIndex(where: { $0.name == name }) else {
                throw NetworkError("publish ports of \(name): it has no lease on network \(network.name)")
            }
            leases[index].ports = ports
            try writeNamedLeases(network.name, leases)
            return ports
        }
        // 127.0.0.1 may be DNATed into this bridge (as into the default one).
        try writeSysctl("net/ipv4/conf/\(network.bridge)/route_localnet", "1")
        try installRules(for: Lease(name: name, address: address, ports: ports))
    }

    /// The leases on named networks that hold published ports, of every
    /// container but `name` whose namespace still exists.
    func namedPortHolders(except name: String) -> [Lease] {
        let alive = NetworkNamespace.mounted(in: paths.namespaces)
        return realizedNetworks().flatMap { network in
            readNamedLeases(network.name).filter { lease in
                lease.name != name && !lease.ports.isEmpty && alive.contains(paths.namespace(lease.name))
            }
        }
    }

    /// Every running container's published ports on named networks (one
    /// lease per container, with the address they DNAT to).
    public func namedPublishedLeases() -> [Lease] {
        realizedNetworks().flatMap { readNamedLeases($0.name).filter { !$0.ports.isEmpty } }
    }
}
