import Definitions
import Syscalls

extension ContainerNetwork {
    /// The bridge mode, in order: the namespace (with the socket that
    /// configures it from inside), then under the lock the lease, the
    /// bridge and the NAT rules, then the veth pair and the addresses.
    func attachToBridge(_ request: LeaseRequest) throws(NetworkError) -> (String, Lease) {
        let name = request.name
        let path = try makeNamespaceDirectory(name)
        let inside = try NetworkNamespace.create(at: path) { () throws(NetworkError) in try RouteSocket() }
        let host = try RouteSocket()
        let lease = try LeaseStore(paths: paths).update { leases throws(NetworkError) in
            // A lease is free once its holder's namespace is gone: the
            // container is not running and its cleanup did not run (killed
            // with the rest of the machine's processes, or it failed).
            let alive = NetworkNamespace.mounted(in: paths.namespaces)
            let stale = leases.filter { $0.name != name && !alive.contains(paths.namespace($0.name)) }
            for lease in stale {
                // What its cleanup would have removed, or a port or a veth
                // name would stay taken.
                _ = try? host.deleteLink(lease.hostInterface)
                if !lease.ports.isEmpty { try? deletePorts(of: lease) }
            }
            leases.removeAll { $0.name == name || !alive.contains(paths.namespace($0.name)) }
            let lease = try LeaseAllocation.allocate(
                request, subnet: settings.subnet, others: leases + namedPortHolders(except: name),
                hostPortInUse: Self.hostPortInUse)
            try ensureBridge(host)
            try installRules(for: lease)
            leases.append(lease)
            return lease
        }
        guard let bridge = try host.index(of: settings.bridge) else {
            throw NetworkError("attach \(name): bridge \(settings.bridge) disappeared")
        }
        let namespace: FileDescriptor
        do { namespace = try FileDescriptor.open(path) } catch { throw NetworkError("open \(path): \(error)") }
        defer { namespace.close() }
        do {
            try host.createVeth(
                lease.hostInterface, master: bridge, peer: "eth0", peerNamespace: namespace.rawValue, mtu: settings.mtu)
        } catch {
            // A pair of an earlier holder of this address the kernel has
            // not finished removing: take it away and try once more.
            guard try host.deleteLink(lease.hostInterface) else { throw error }
            try host.createVeth(
                lease.hostInterface, master: bridge, peer: "eth0", peerNamespace: namespace.rawValue, mtu: settings.mtu)
        }
        try host.setHairpin(lease.hostInterface)
        try inside.setUp("lo")
        guard let eth0 = try inside.index(of: "eth0") else {
            throw NetworkError("attach \(name): eth0 did not appear in \(path)")
        }
        try inside.addAddress(lease.address, prefixLength: settings.subnet.prefixLength, to: eth0, name: "eth0")
        try inside.setUp("eth0")
        try inside.addDefaultRoute(via: settings.gateway, on: eth0, name: "eth0")
        return (path, lease)
    }

    /// The bridge with the gateway address, up, forwarding on, and
    /// 127.0.0.1 allowed to be DNATed into it (route_localnet).
    func ensureBridge(_ host: RouteSocket) throws(NetworkError) {
        let bridge = settings.bridge
        let index: Int32
        if let existing = try host.index(of: bridge) {
            index = existing
        } else {
            try host.createBridge(bridge, mtu: settings.mtu)
            guard let created = try host.index(of: bridge) else {
                throw NetworkError("create bridge \(bridge): it did not appear")
            }
            index = created
        }
        try host.addAddress(settings.gateway, prefixLength: settings.subnet.prefixLength, to: index, name: bridge)
        try host.setUp(bridge)
        try writeSysctl("net/ipv4/conf/\(bridge)/route_localnet", "1")
        try writeSysctl("net/ipv4/ip_forward", "1")
    }

    func writeSysctl(_ key: String, _ value: String) throws(NetworkError) {
        let path = "/proc/sys/" + key
        if let current = try? FileSystem.readTextFile(path), current.hasPrefix(value + "\n") || current == value {
            return
        }
        do { try FileDescriptor.writeFile(path, value) } catch { throw NetworkError("set \(key)=\(value): \(error)") }
    }

    /// A socket of some process on the host holds the port: a published
    /// port would silently take its traffic.
    static func hostPortInUse(_ port: PublishedPort) throws(NetworkError) -> Bool {
        do {
            return
                !(try PortProbe.isFree(
                    stream: port.transport == .tcp, address: (port.hostAddress ?? .any).value, port: port.hostPort))
        } catch {
            throw NetworkError("PublishPort: host port \(port.hostPort)/\(port.transport.rawValue): \(error)")
        }
    }

    /// The container's map elements, and the base ruleset when it is not
    /// there as this version would write it. Installing the base costs a
    /// kernel commit of its chains (about 10 ms); adding elements alone is
    /// cheap. The base is known to be in place when the marker file holds
    /// its text and the elements go in (they fail without the table, e.g.
    /// after `nft flush ruleset`); otherwise base and elements go in
    /// together, in one transaction.
    func installRules(for lease: Lease) throws(NetworkError) {
        let base = NftRuleset.base(settings)
        let nft = try Nftables()
        let operation = "add nftables rules for \(lease.name)"
        if (try? FileSystem.readTextFile(paths.rulesetMarker)) == base {
            // Without ports, re-adding a map is the cheapest command that
            // fails when the table is gone.
            let probe = lease.ports.isEmpty ? NftRuleset.probe : NftRuleset.addPorts(of: lease)
            if (try? nft.run(probe, operation: operation)) != nil { return }
        }
        try nft.run(base + NftRuleset.addPorts(of: lease), operation: operation)
        do { try FileSystem.writeFileAtomically(paths.rulesetMarker, text: base, permissions: 0o600) } catch {
            throw NetworkError("write \(paths.rulesetMarker): \(error)")
        }
    }
}
