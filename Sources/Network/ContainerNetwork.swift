import Definitions
import Syscalls

/// What a container's network turned out to be at start: the namespace the
/// runtime joins, and the files that go over its /etc/hosts and
/// /etc/resolv.conf.
public struct NetworkAttachment: Sendable, Equatable {
    /// The namespace file to join; nil for `Network=host`.
    public var namespacePath: String?
    /// Its address and published ports on the bridge, if it has a lease.
    public var lease: Lease?
    public var hosts: String
    /// nil: the image's own file stays.
    public var resolvConf: String?
    /// On named networks: the hosts file to bind as it is (rewritten in
    /// place as peers come and go); `hosts` is unused then.
    public var hostsPath: String?

    public init(
        namespacePath: String?, lease: Lease?, hosts: String, resolvConf: String?, hostsPath: String? = nil
    ) {
        self.namespacePath = namespacePath
        self.lease = lease
        self.hosts = hosts
        self.resolvConf = resolvConf
        self.hostsPath = hostsPath
    }
}

/// The host's side of container networking: namespaces, the default
/// bridge, leases and NAT rules. `attach` runs in `swctl prepare`,
/// `detach` in `swctl cleanup`.
public struct ContainerNetwork: Sendable {
    public var paths: NetworkPaths
    public var settings: BridgeSettings
    /// Read for the containers' resolv.conf (moved by tests).
    public var hostResolvConf: String
    public var upstreamResolvConf: String
    /// Where `NAME.network` files are (the definition directories).
    public var definitionDirectories: [String]

    public init(
        paths: NetworkPaths, settings: BridgeSettings = BridgeSettings(),
        hostResolvConf: String = "/etc/resolv.conf",
        upstreamResolvConf: String = "/run/systemd/resolve/resolv.conf", definitionDirectories: [String] = []
    ) {
        self.definitionDirectories = definitionDirectories
        self.paths = paths
        self.settings = settings
        self.hostResolvConf = hostResolvConf
        self.upstreamResolvConf = upstreamResolvConf
    }

    /// The settings from swctl.conf at `configPath` (defaults when it does not exist).
    public static func loadSettings(configPath: String) throws(NetworkError) -> BridgeSettings {
        guard FileSystem.exists(configPath) else { return BridgeSettings() }
        let text: String
        do { text = try FileSystem.readTextFile(configPath) } catch {
            throw NetworkError("read \(configPath): \(error)")
        }
        return try BridgeSettings.parse(text, path: configPath)
    }

    /// Makes and wires the network of container `name`.
    public func attach(
        name: String, mode: NetworkMode, hostname: String, staticAddress: IPv4Address? = nil,
        publications: [PortPublication] = [], aliases: [String] = []
    ) throws(NetworkError) -> NetworkAttachment {
        var isNamed = false
        if case .named = mode { isNamed = true }
        if !publications.isEmpty && mode != .bridge && !isNamed {
            throw NetworkError(
                "PublishPort= needs Network=bridge: with Network=\(mode) the container has no address of its own to forward to"
            )
        }
        if staticAddress != nil && mode != .bridge && !isNamed {
            throw NetworkError("IP= needs Network=bridge (with Network=\(mode) there is no address to choose)")
        }
        switch mode {
        case .host:
            return NetworkAttachment(
                namespacePath: nil, lease: nil,
                hosts: (try? FileSystem.readTextFile("/etc/hosts"))
                    ?? ContainerFiles.hosts(hostname: hostname, name: name, address: nil),
                resolvConf: try? FileSystem.readTextFile(hostResolvConf))
        case .none:
            let path = try makeNamespaceDirectory(name)
            try NetworkNamespace.create(at: path) { () throws(NetworkError) in
                try RouteSocket().setUp("lo")
            }
            return NetworkAttachment(
                namespacePath: path, lease: nil,
                hosts: ContainerFiles.hosts(hostname: hostname, name: name, address: nil), resolvConf: nil)
        case .container(let other):
            let path = paths.namespace(other)
            guard NetworkNamespace.mounted(in: paths.namespaces).contains(path) else {
                throw NetworkError(
                    "Network=container:\(other): container \(other) is not running (no network namespace at \(path)); start ctr@\(other) first"
                )
            }
            let lease = LeaseStore(paths: paths).read().first { $0.name == other }
            return NetworkAttachment(
                namespacePath: path, lease: nil,
                hosts: ContainerFiles.hosts(hostname: hostname, name: name, address: lease?.address),
                resolvConf: containerResolvConf())
        case .named(let networks):
            do {
                return try attachToNamed(
                    networks, name: name, hostname: hostname, aliases: aliases, staticAddress: staticAddress,
                    publications: publications)
            } catch {
                try? detach(name: name)
                throw error
            }
        case .bridge:
            let request = LeaseRequest(name: name, staticAddress: staticAddress, publications: publications)
            do {
                let (path, lease) = try attachToBridge(request)
                return NetworkAttachment(
                    namespacePath: path, lease: lease,
                    hosts: ContainerFiles.hosts(hostname: hostname, name: name, address: lease.address),
                    resolvConf: containerResolvConf())
            } catch {
                try? detach(name: name)
                throw error
            }
        }
    }

    /// The lease of a running container (nil when it has none).
    public func lease(of name: String) -> Lease? {
        LeaseStore(paths: paths).read().first { $0.name == name }
    }

    /// All current leases.
    public func leases() -> [Lease] { LeaseStore(paths: paths).read() }

    func containerResolvConf() -> String {
        ContainerFiles.resolvConf(
            host: (try? FileSystem.readTextFile(hostResolvConf)) ?? "",
            upstream: try? FileSystem.readTextFile(upstreamResolvConf))
    }

    func makeNamespaceDirectory(_ name: String) throws(NetworkError) -> String {
        do { try FileSystem.makeDirectories(paths.namespaces, permissions: 0o755) } catch {
            throw NetworkError("create \(paths.namespaces): \(error)")
        }
        return paths.namespace(name)
    }
}
