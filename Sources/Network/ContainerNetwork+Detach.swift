import Syscalls

extension ContainerNetwork {
    /// Undoes `attach` for container `name`: its veth pair, its published
    /// ports' NAT elements, its lease and its namespace. Idempotent and
    /// best effort: every step runs, the first failure is reported.
    public func detach(name: String) throws(NetworkError) {
        var firstError: NetworkError?
        let store = LeaseStore(paths: paths)
        if let lease = store.read().first(where: { $0.name == name }) {
            do { try RouteSocket().deleteLink(lease.hostInterface) } catch { firstError = firstError ?? error }
            if !lease.ports.isEmpty {
                do { try deletePorts(of: lease) } catch { firstError = firstError ?? error }
            }
            do {
                try store.update { leases throws(NetworkError) in leases.removeAll { $0.name == name } }
            } catch {
                firstError = firstError ?? error
            }
        }
        do { try detachFromNamed(name: name) } catch { firstError = firstError ?? error }
        NetworkNamespace.remove(at: paths.namespace(name))
        if let firstError { throw firstError }
    }

    /// All elements in one transaction; if that fails (some are gone, e.g.
    /// after `nft flush ruleset`), each one alone, ignoring the missing.
    func deletePorts(of lease: Lease) throws(NetworkError) {
        let nft = try Nftables()
        let commands = NftRuleset.deletePorts(of: lease)
        do {
            try nft.run(commands.joined(), operation: "delete nftables elements of \(lease.name)")
        } catch {
            for command in commands { try? nft.run(command, operation: "delete nftables element") }
        }
    }
}
