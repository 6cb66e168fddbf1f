import Definitions
import Syscalls

/// Named networks (`Network=NAME`): a bridge, subnet and lease file per
/// network, one veth per network the container joins (`eth0`, `eth1`…),
/// and an /etc/hosts per container listing the containers it shares a
/// network with, rewritten whenever one joins or leaves.
extension ContainerNetwork {
    /// The network files `Network=NAME` is looked up in.
    var networkSource: NetworkDefinitionSource { NetworkDefinitionSource(directories: definitionDirectories) }

    func attachToNamed(
        _ names: [String], name: String, hostname: String, aliases: [String], staticAddress: IPv4Address?,
        publications: [PortPublication] = []
    ) throws(NetworkError) -> NetworkAttachment {
        var definitions: [NetworkDefinition] = []
        for network in names { definitions.append(try networkSource.load(network)) }
        let path = try makeNamespaceDirectory(name)
        let inside = try NetworkNamespace.create(at: path) { () throws(NetworkError) in
            let socket = try RouteSocket()
            try socket.setUp("lo")
            return socket
        }
        let host = try RouteSocket()
        let namespace: FileDescriptor
        do { namespace = try FileDescriptor.open(path) } catch { throw NetworkError("open \(path): \(error)") }
        defer { namespace.close() }
        let ownNames = (hostname == name ? [] : [hostname]) + aliases.filter { $0 != name && $0 != hostname }
        return try withNamedLock { () throws(NetworkError) in
            var firstAddress: IPv4Address?
            var dns: [IPv4Address] = []
            var routed = false
            var joined: [(NamedNetwork, IPv4Address)] = []
            for (index, definition) in definitions.enumerated() {
                let (network, address) = try join(
                    definition, name: name, interface: "eth\(index)", staticAddress: index == 0 ? staticAddress : nil,
                    aliases: ownNames, route: !routed, host: host, inside: inside, namespace: namespace)
                if !network.isInternal { routed = true }
                joined.append((network, address))
                if firstAddress == nil { firstAddress = address }
                if dns.isEmpty { dns = network.dns }
            }
            try publishOnNamed(name: name, publications: publications, joined: joined)
            try rewriteHostsFiles(touching: Set(names), adding: name)
            let resolvConf =
                dns.isEmpty ? containerResolvConf() : dns.map { "nameserver \($0)\n" }.joined()
            return NetworkAttachment(
                namespacePath: path, lease: nil, hosts: "", resolvConf: resolvConf,
                hostsPath: paths.hostsFile(name))
        }
    }

    /// Under the lock: the network made if need be, a lease, and a veth
    /// pair whose inner end is `interface` in the container's namespace,
    /// with the address (and the default route when `route` and the
    /// network is not internal).
    func join(
        _ definition: NetworkDefinition, name: String, interface: String, staticAddress: IPv4Address?,
        aliases: [String], route: Bool, host: RouteSocket, inside: RouteSocket, namespace: FileDescriptor
    ) throws(NetworkError) -> (NamedNetwork, IPv4Address) {
        let network = try realize(definition, host: host)
        let alive = NetworkNamespace.mounted(in: paths.namespaces)
        var leases = readNamedLeases(network.name)
        // A lease is free once its holder's namespace is gone (its cleanup
        // did not run): its veth goes with it.
        for stale in leases where stale.name == name || !alive.contains(paths.namespace(stale.name)) {
            _ = try? host.deleteLink(stale.hostInterface)
            if !stale.ports.isEmpty { try? deletePorts(of: stale) }
        }
        leases.removeAll { $0.name == name || !alive.contains(paths.namespace($0.name)) }
        let address = try network.chooseAddress(for: name, staticAddress: staticAddress, others: leases)
        let lease = Lease(name: name, address: address, aliases: aliases)
        leases.append(lease)
        try writeNamedLeases(network.name, leases)
        guard let bridge = try host.index(of: network.bridge) else {
            throw NetworkError("attach \(name): bridge \(network.bridge) disappeared")
        }
        do {
            try host.createVeth(
                lease.hostInterface, master: bridge, peer: interface, peerNamespace: namespace.rawValue,
                mtu: settings.mtu)
        } catch {
            // A pair of an earlier holder of this address the kernel has
            // not finished removing: take it away and try once more.
            guard try host.deleteLink(lease.hostInterface) else { throw error }
            try host.createVeth(
                lease.hostInterface, master: bridge, peer: interface, peerNamespace: namespace.rawValue,
                mtu: settings.mtu)
        }
        guard let inner = try inside.index(of: interface) else {
            throw NetworkError("attach \(name): \(interface) did not appear in its namespace")
        }
        try inside.addAddress(address, prefixLength: network.subnet.prefixLength, to: inner, name: interface)
        try inside.setUp(interface)
        // The first network with a way out carries the default route; an
        // internal network gets none.
        if route && !network.isInternal {
            try inside.addDefaultRoute(via: network.gateway, on: inner, name: interface)
        }
        return (network, address)
    }

    /// Leaves every named network container `name` is on: its veths and
    /// leases go, the others' hosts files drop it, and a network whose last
    /// container left loses its bridge and rules. Cheap when there is none.
    func detachFromNamed(name: String) throws(NetworkError) {
        guard FileSystem.exists(paths.namedNetworks) || FileSystem.exists(paths.hostsFile(name)) else { return }
        try withNamedLock { () throws(NetworkError) in
            let host = try RouteSocket()
            var firstError: NetworkError?
            var left: Set<String> = []
            var removedNetwork = false
            for network in realizedNetworks() {
                var leases = readNamedLeases(network.name)
                guard let lease = leases.first(where: { $0.name == name }) else { continue }
                do throws(NetworkError) { try host.deleteLink(lease.hostInterface) } catch {
                    firstError = firstError ?? error
                }
                if !lease.ports.isEmpty {
                    do throws(NetworkError) { try deletePorts(of: lease) } catch { firstError = firstError ?? error }
                }
                leases.removeAll { $0.name == name }
                left.insert(network.name)
                if leases.isEmpty {
                    do throws(NetworkError) { try host.deleteLink(network.bridge) } catch {
                        firstError = firstError ?? error
                    }
                    do { try FileSystem.removeTree(paths.namedNetwork(network.name)) } catch {
                        firstError = firstError ?? NetworkError("remove \(paths.namedNetwork(network.name)): \(error)")
                    }
                    removedNetwork = true
                } else {
                    do throws(NetworkError) { try writeNamedLeases(network.name, leases) } catch {
                        firstError = firstError ?? error
                    }
                }
            }
            try? FileSystem.removeFile(paths.hostsFile(name))
            try? FileSystem.removeFile(paths.addedHostsFile(name))
            do throws(NetworkError) { try rewriteHostsFiles(touching: left, adding: nil) } catch {
                firstError = firstError ?? error
            }
            if removedNetwork {
                do throws(NetworkError) { try installNamedRules() } catch { firstError = firstError ?? error }
            }
            if let firstError { throw firstError }
        }
    }

    /// The network as it exists, or made now: its subnet (the definition's,
    /// else the pool's next free one), its bridge and its rules.
    func realize(_ definition: NetworkDefinition, host: RouteSocket) throws(NetworkError) -> NamedNetwork {
        let configPath = paths.namedConfig(definition.name)
        var network = (try? FileSystem.readTextFile(configPath)).flatMap(NamedNetwork.init(record:))
        if network == nil {
            let others = realizedNetworks().filter { $0.name != definition.name }
            var used = others.map(\.subnet)
            if let defaultSubnet = IPv4Block(
                network: settings.subnet.network, prefixLength: settings.subnet.prefixLength)
            {
                used.append(defaultSubnet)
            }
            let subnet: IPv4Block
            if let wanted = definition.subnet {
                if let clash = others.first(where: { $0.subnet.overlaps(wanted) }) {
                    throw NetworkError(
                        "\(definition.sourcePath): Subnet=\(wanted) overlaps network \(clash.name)'s \(clash.subnet)")
                }
                if wanted.overlaps(used[used.count - 1]) {
                    throw NetworkError(
                        "\(definition.sourcePath): Subnet=\(wanted) overlaps the default bridge's \(settings.subnet)")
                }
                subnet = wanted
            } else {
                guard let free = NetworkPool.nextSubnet(avoiding: used) else {
                    throw NetworkError(
                        "network \(definition.name): no free /24 left in \(NetworkPool.pool.map(\.description) ?? "the pool") (set Subnet=)"
                    )
                }
                subnet = free
            }
            let made = NamedNetwork(definition, subnet: subnet)
            if let clash = others.first(where: { $0.bridge == made.bridge }) {
                throw NetworkError(
                    "network \(definition.name): its bridge name \(made.bridge) is network \(clash.name)'s")
            }
            do {
                try FileSystem.makeDirectories(paths.namedNetwork(definition.name), permissions: 0o700)
                try FileSystem.writeFileAtomically(configPath, text: made.record, permissions: 0o600)
            } catch {
                throw NetworkError("write \(configPath): \(error)")
            }
            network = made
        }
        guard let network else { throw NetworkError("read \(configPath): not a network record") }
        let index: Int32
        if let existing = try host.index(of: network.bridge) {
            index = existing
        } else {
            try host.createBridge(network.bridge, mtu: settings.mtu)
            guard let created = try host.index(of: network.bridge) else {
                throw NetworkError("create bridge \(network.bridge): it did not appear")
            }
            index = created
        }
        try host.addAddress(network.gateway, prefixLength: network.subnet.prefixLength, to: index, name: network.bridge)
        try host.setUp(network.bridge)
        if !network.isInternal { try writeSysctl("net/ipv4/ip_forward", "1") }
        try installNamedRules()
        return network
    }

    /// Rewrites the named networks' chains when they differ from what was
    /// last installed, or when the table is gone.
    func installNamedRules() throws(NetworkError) {
        let script = NftRuleset.named(realizedNetworks(), defaultBridge: settings.bridge)
        let nft = try Nftables()
        if (try? FileSystem.readTextFile(paths.namedRulesetMarker)) == script,
            (try? nft.run("list chain ip \(NftRuleset.table) named_forward\n", operation: "probe")) != nil
                || realizedNetworks().isEmpty
        {
            return
        }
        try nft.run(script, operation: "install the named networks' nftables rules")
        do { try FileSystem.writeFileAtomically(paths.namedRulesetMarker, text: script, permissions: 0o600) } catch {
            throw NetworkError("write \(paths.namedRulesetMarker): \(error)")
        }
    }

    /// The networks that exist now (a state directory with a config).
    public func realizedNetworks() -> [NamedNetwork] {
        let entries = (try? FileSystem.listDirectory(paths.namedNetworks)) ?? []
        return entries.map(\.name).sorted().compactMap { name in
            (try? FileSystem.readTextFile(paths.namedConfig(name))).flatMap(NamedNetwork.init(record:))
        }
    }

    /// The containers on network `name` now, with their addresses.
    public func namedLeases(of network: String) -> [Lease] { readNamedLeases(network) }

    func readNamedLeases(_ network: String) -> [Lease] {
        (try? FileSystem.readTextFile(paths.namedLeases(network))).map(LeaseFile.parse) ?? []
    }

    func writeNamedLeases(_ network: String, _ leases: [Lease]) throws(NetworkError) {
        let path = paths.namedLeases(network)
        do { try FileSystem.writeFileAtomically(path, text: LeaseFile.render(leases), permissions: 0o600) } catch {
            throw NetworkError("write \(path): \(error)")
        }
    }

    /// Writes the hosts file of every container on one of `networks`
    /// (and of `joining`, which is new), in place.
    func rewriteHostsFiles(touching networks: Set<String>, adding joining: String?) throws(NetworkError) {
        guard !networks.isEmpty || joining != nil else { return }
        let all = realizedNetworks().map { ($0.name, readNamedLeases($0.name)) }
        var members: Set<String> = []
        for (network, leases) in all where networks.contains(network) { members.formUnion(leases.map(\.name)) }
        if let joining { members.insert(joining) }
        do { try FileSystem.makeDirectories(paths.hostsFiles, permissions: 0o755) } catch {
            throw NetworkError("create \(paths.hostsFiles): \(error)")
        }
        for member in members.sorted() {
            var own: Lease?
            var peers: [HostsEntry] = []
            for (_, leases) in all where leases.contains(where: { $0.name == member }) {
                if own == nil { own = leases.first { $0.name == member } }
                for peer in leases where peer.name != member && !peers.contains(where: { $0.address == peer.address }) {
                    peers.append(HostsEntry(address: peer.address, names: [peer.name] + peer.aliases))
                }
            }
            let text = ContainerFiles.hosts(
                names: [member] + (own?.aliases ?? []), address: own?.address, peers: peers)
            // The container's AddHost= lines, which swctl prepare wrote.
            let added = (try? FileSystem.readTextFile(paths.addedHostsFile(member))) ?? ""
            try writeInPlace(paths.hostsFile(member), text + added)
        }
    }

    /// Truncates and writes, keeping the inode the container's bind mount holds.
    func writeInPlace(_ path: String, _ text: String) throws(NetworkError) {
        do {
            let file = try FileDescriptor.open(path, [.writeOnly, .create, .truncate], permissions: 0o644)
            defer { file.close() }
            try file.writeAll(text.utf8)
        } catch {
            throw NetworkError("write \(path): \(error)")
        }
    }

    func withNamedLock<T>(_ body: () throws(NetworkError) -> T) throws(NetworkError) -> T {
        let lock: FileLock
        do {
            try FileSystem.makeDirectories(paths.state, permissions: 0o700)
            lock = try FileLock.exclusive(paths.namedLock)
        } catch {
            throw NetworkError("lock \(paths.namedLock): \(error)")
        }
        defer { lock.unlock() }
        return try body()
    }
}
