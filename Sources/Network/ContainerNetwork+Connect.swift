import Definitions
import Syscalls

/// `swctl network connect` / `disconnect`: a running container gets or
/// loses an interface on a named network, live. For the running container
/// only (as Docker's): its definition is not changed, and its next start
/// joins what its `Network=` keys say.
extension ContainerNetwork {
    /// Adds an interface on `network` (the next free `ethN`) to running
    /// container `name`; the others on the network list it in their
    /// /etc/hosts. Its own /etc/hosts lists them only when it started on a
    /// named network (otherwise that file is the bundle's, not ours).
    public func connect(name: String, to network: String, aliases: [String] = []) throws(NetworkError) {
        let path = paths.namespace(name)
        guard NetworkNamespace.mounted(in: paths.namespaces).contains(path) else {
            throw NetworkError(
                "network connect \(network) \(name): container \(name) is not running (no network namespace at \(path))"
            )
        }
        if readNamedLeases(network).contains(where: { $0.name == name }) {
            throw NetworkError("network connect \(network) \(name): \(name) is already on network \(network)")
        }
        let definition = try networkSource.load(network)
        let host = try RouteSocket()
        let inside = try NetworkNamespace.within(path) { () throws(NetworkError) in try RouteSocket() }
        var index = 0
        while try inside.index(of: "eth\(index)") != nil { index += 1 }
        let namespace: FileDescriptor
        do { namespace = try FileDescriptor.open(path) } catch { throw NetworkError("open \(path): \(error)") }
        defer { namespace.close() }
        let ownAliases =
            realizedNetworks().lazy.compactMap { self.readNamedLeases($0.name).first { $0.name == name } }
            .first?.aliases ?? aliases
        try withNamedLock { () throws(NetworkError) in
            do throws(NetworkError) {
                _ = try join(
                    definition, name: name, interface: "eth\(index)", staticAddress: nil, aliases: ownAliases,
                    route: false, host: host, inside: inside, namespace: namespace)
            } catch {
                try? leave(name: name, network: network, host: host)
                throw error
            }
            try rewriteHostsFiles(touching: [network], adding: name)
        }
    }

    /// Removes running container `name`'s interface on `network`.
    public func disconnect(name: String, from network: String) throws(NetworkError) {
        guard readNamedLeases(network).contains(where: { $0.name == name }) else {
            throw NetworkError("network disconnect \(network) \(name): \(name) is not on network \(network)")
        }
        let host = try RouteSocket()
        try withNamedLock { () throws(NetworkError) in
            try leave(name: name, network: network, host: host)
            try rewriteHostsFiles(touching: [network], adding: nil)
            // Its own file, which still lists the network's containers.
            if FileSystem.exists(paths.hostsFile(name)) { try rewriteHostsFiles(touching: [], adding: name) }
        }
    }

    /// Under the lock: the container's veth and lease on one network; the
    /// network itself when it was the last.
    func leave(name: String, network: String, host: RouteSocket) throws(NetworkError) {
        var leases = readNamedLeases(network)
        guard let lease = leases.first(where: { $0.name == name }) else { return }
        try host.deleteLink(lease.hostInterface)
        // Its published ports DNAT to this address: they go with it.
        if !lease.ports.isEmpty { try deletePorts(of: lease) }
        leases.removeAll { $0.name == name }
        if leases.isEmpty, let realized = realizedNetworks().first(where: { $0.name == network }) {
            try host.deleteLink(realized.bridge)
            do { try FileSystem.removeTree(paths.namedNetwork(network)) } catch {
                throw NetworkError("remove \(paths.namedNetwork(network)): \(error)")
            }
            try installNamedRules()
        } else {
            try writeNamedLeases(network, leases)
        }
    }
}
