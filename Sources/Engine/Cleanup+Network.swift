import Network

/// The network of a container that is gone: what `swctl cleanup` removes
/// (its veth pair, NAT elements, lease and namespace; see
/// `ContainerNetwork.detach`).
extension Cleaner {
    func detachNetwork(_ name: String) throws(NetworkError) {
        try ContainerNetwork(paths: NetworkPaths(volatileRoot: paths.volatileRoot)).detach(name: name)
    }
}
