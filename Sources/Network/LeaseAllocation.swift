import Definitions

/// What a container asks of the bridge network at start.
public struct LeaseRequest: Sendable, Equatable {
    public var name: String
    /// `IP=`.
    public var staticAddress: IPv4Address?
    /// `PublishPort=`.
    public var publications: [PortPublication]

    public init(name: String, staticAddress: IPv4Address? = nil, publications: [PortPublication] = []) {
        self.name = name
        self.staticAddress = staticAddress
        self.publications = publications
    }
}

/// Address and port assignment: pure, so that every rule is tested
/// without root. The caller holds the network's lock and hands in the
/// leases of the other containers that still hold theirs.
public enum LeaseAllocation {
    /// Where `PublishPort=CONTAINERPORT` picks its host port: the upper
    /// part of the unprivileged ports, below Linux's default ephemeral range.
    public static let automaticPorts: ClosedRange<UInt16> = 20000...32767

    /// Whether a host port is taken by a socket on the host (not one of
    /// ours); throws when that cannot be told.
    public typealias HostPortCheck = (PublishedPort) throws(NetworkError) -> Bool

    public static func allocate(
        _ request: LeaseRequest, subnet: Subnet, others: [Lease], hostPortInUse: HostPortCheck = { _ in false }
    ) throws(NetworkError) -> Lease {
        let address = try chooseAddress(request, subnet: subnet, others: others)
        let ports = try choosePorts(request, others: others, hostPortInUse: hostPortInUse)
        return Lease(name: request.name, address: address, ports: ports)
    }

    static func chooseAddress(
        _ request: LeaseRequest, subnet: Subnet, others: [Lease]
    ) throws(NetworkError) -> IPv4Address {
        if let wanted = request.staticAddress {
            guard subnet.contains(wanted) else {
                throw NetworkError("IP=\(wanted): not in the network's subnet \(subnet)")
            }
            guard subnet.containerAddresses.contains(wanted.value) else {
                let role =
                    wanted == subnet.gateway
                    ? "the gateway (the bridge's own address)"
                    : wanted == subnet.network ? "the subnet's network address" : "the subnet's broadcast address"
                throw NetworkError("IP=\(wanted): the address is \(role) of \(subnet)")
            }
            if let holder = others.first(where: { $0.address == wanted }) {
                throw NetworkError("IP=\(wanted): the address is held by container \(holder.name)")
            }
            return wanted
        }
        let taken = Set(others.map(\.address.value))
        guard let free = subnet.containerAddresses.first(where: { !taken.contains($0) }) else {
            throw NetworkError("no free address in \(subnet): \(others.count) containers hold one each")
        }
        return IPv4Address(free)
    }

    static func choosePorts(
        _ request: LeaseRequest, others: [Lease], hostPortInUse: HostPortCheck
    ) throws(NetworkError) -> [PublishedPort] {
        var chosen: [PublishedPort] = []
        func problem(with port: PublishedPort) throws(NetworkError) -> String? {
            if let holder = others.first(where: { $0.ports.contains(where: port.clashes) }) {
                return "is already published by container \(holder.name)"
            }
            if chosen.contains(where: port.clashes) { return "is published twice by this container" }
            if try hostPortInUse(port) { return "is in use on the host (a process has a socket bound to it)" }
            return nil
        }
        for publication in request.publications {
            let name = describe(publication)
            if let hostPorts = publication.hostPorts {
                for (host, container) in zip(hostPorts, publication.containerPorts) {
                    let port = PublishedPort(
                        transport: publication.transport, hostAddress: publication.hostAddress, hostPort: host,
                        containerPort: container)
                    if let problem = try problem(with: port) {
                        throw NetworkError(
                            "PublishPort=\(name): host port \(host)/\(publication.transport.rawValue) \(problem)")
                    }
                    chosen.append(port)
                }
                continue
            }
            for container in publication.containerPorts {
                var free: PublishedPort?
                for host in automaticPorts {
                    let candidate = PublishedPort(
                        transport: publication.transport, hostAddress: publication.hostAddress, hostPort: host,
                        containerPort: container)
                    if try problem(with: candidate) == nil {
                        free = candidate
                        break
                    }
                }
                guard let free else {
                    throw NetworkError(
                        "PublishPort=\(name): no free host port in \(automaticPorts.lowerBound)-\(automaticPorts.upperBound)"
                    )
                }
                chosen.append(free)
            }
        }
        return chosen
    }

    static func describe(_ publication: PortPublication) -> String {
        func range(_ r: ClosedRange<UInt16>) -> String {
            r.count == 1 ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)"
        }
        var text = ""
        if let address = publication.hostAddress { text += "\(address):" }
        if let hostPorts = publication.hostPorts {
            text += range(hostPorts) + ":"
        } else if publication.hostAddress != nil {
            text += ":"
        }
        return text + range(publication.containerPorts) + "/" + publication.transport.rawValue
    }
}
