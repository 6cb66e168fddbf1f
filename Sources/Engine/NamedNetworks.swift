import Definitions
import Network
import Syscalls

/// One named network as `swctl network ls` and `inspect` show it: its
/// definition and, while containers are on it, what exists on the host.
public struct NetworkReport: Encodable, Sendable, Equatable {
    public struct Member: Encodable, Sendable, Equatable {
        public var name: String
        public var address: String
        public var aliases: [String]
    }

    public var name: String
    public var networkName: String
    public var file: String
    public var driver: String
    /// The definition's `Subnet=`, or the one chosen while it is active;
    /// nil: chosen from the pool when the first container joins.
    public var subnet: String?
    public var gateway: String?
    public var ipRange: String?
    public var `internal`: Bool
    public var dns: [String]
    /// `KEY=VALUE`.
    public var labels: [String]
    /// The bridge while a container is on the network.
    public var bridge: String?
    public var containers: [Member]
}

/// The named networks: `NAME.network` files on the definition search path
/// and their state under the volatile root. What the `swctl network`
/// commands read and change.
public struct NamedNetworks: Sendable {
    public var paths: StatePaths
    public var searchPath: [String]
    /// swctl.conf: the default bridge (isolated from named networks) and the MTU.
    public var configPath: String

    public init(paths: StatePaths, searchPath: [String], configPath: String = "/etc/swctl/swctl.conf") {
        self.paths = paths
        self.searchPath = searchPath
        self.configPath = configPath
    }

    public static func fromEnvironment(_ environment: [String: String]) -> NamedNetworks {
        NamedNetworks(
            paths: StatePaths.fromEnvironment(environment),
            searchPath: DefinitionStore.fromEnvironment(environment).searchPath,
            configPath: environment["SWCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/swctl/swctl.conf")
    }

    var source: NetworkDefinitionSource { NetworkDefinitionSource(directories: searchPath) }
    var network: ContainerNetwork {
        ContainerNetwork(
            paths: NetworkPaths(volatileRoot: paths.volatileRoot),
            settings: (try? ContainerNetwork.loadSettings(configPath: configPath)) ?? BridgeSettings(),
            definitionDirectories: searchPath)
    }

    /// Running container `container` gets an interface on `name`, live
    /// (until it stops; its definition is unchanged).
    public func connect(_ name: String, container: String, aliases: [String]) throws(LifecycleError) {
        do { try network.connect(name: container, to: name, aliases: aliases) } catch {
            throw LifecycleError(error.message)
        }
    }

    /// Running container `container` loses its interface on `name`.
    public func disconnect(_ name: String, container: String) throws(LifecycleError) {
        do { try network.disconnect(name: container, from: name) } catch { throw LifecycleError(error.message) }
    }

    /// Every network file, sorted by name; a file that does not parse is
    /// an error line in the second list.
    public func list() -> (reports: [NetworkReport], errors: [String]) {
        var reports: [NetworkReport] = []
        var errors: [String] = []
        for name in source.names() {
            do { reports.append(try report(name)) } catch { errors.append(error.message) }
        }
        return (reports, errors)
    }

    /// The network called `name` (its file's base name).
    public func report(_ name: String) throws(LifecycleError) -> NetworkReport {
        let definition: NetworkDefinition
        do { definition = try source.load(name) } catch { throw LifecycleError(error.message) }
        let active = network.realizedNetworks().first { $0.name == name }
        let members = network.namedLeases(of: name).map { lease in
            NetworkReport.Member(name: lease.name, address: lease.address.description, aliases: lease.aliases)
        }
        return NetworkReport(
            name: name, networkName: definition.displayName, file: definition.sourcePath, driver: "bridge",
            subnet: active?.subnet.description ?? definition.subnet?.description,
            gateway: active?.gateway.description ?? definition.gateway?.description,
            ipRange: definition.ipRange?.description, internal: definition.isInternal,
            dns: definition.dns.map(\.description), labels: definition.labels.map { "\($0.key)=\($0.value)" },
            bridge: active?.bridge, containers: active == nil ? [] : members)
    }

    /// Writes `NAME.network` into the first directory of the search path
    /// (/etc/swctl/containers by default): a definition like any other,
    /// kept across reboots. Refuses a name some directory already has.
    public func create(
        _ name: String, subnet: String?, gateway: String?, ipRange: String?, isInternal: Bool, dns: [String]
    ) throws(LifecycleError) -> String {
        guard let directory = searchPath.first else { throw LifecycleError("network create: no definition directory") }
        if let existing = source.path(of: name) {
            throw LifecycleError("network create \(name): \(existing) exists")
        }
        var lines = ["[Network]"]
        if let subnet { lines.append("Subnet=\(subnet)") }
        if let gateway { lines.append("Gateway=\(gateway)") }
        if let ipRange { lines.append("IPRange=\(ipRange)") }
        if isInternal { lines.append("Internal=yes") }
        lines += dns.map { "DNS=\($0)" }
        let text = lines.joined(separator: "\n") + "\n"
        let path = "\(directory)/\(name)\(NetworkDefinition.fileSuffix)"
        let parsed = NetworkDefinition.parse(text: text, path: path)
        if let problem = parsed.errors.first {
            // The options as the file would have them: name the option, not a line.
            throw LifecycleError("network create \(name): \(problem.message)")
        }
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o755)
            try FileSystem.writeFileAtomically(path, text: text, permissions: 0o644)
        } catch {
            throw LifecycleError("network create \(name): write \(path): \(error)")
        }
        return path
    }

    /// Removes `NAME.network`. While containers are on the network it
    /// refuses (naming them) unless `force`: they keep their interfaces
    /// until they stop, and cannot start again.
    public func remove(_ name: String, force: Bool) throws(LifecycleError) -> String {
        guard let path = source.path(of: name) else {
            throw LifecycleError("network rm \(name): no network named '\(name)'")
        }
        let users = network.namedLeases(of: name).map(\.name)
        if !users.isEmpty && !force {
            throw LifecycleError(
                "network rm \(name): in use by \(users.joined(separator: ", ")) (stop them first, or use -f)")
        }
        do { try FileSystem.removeFile(path) } catch { throw LifecycleError("network rm \(name): \(error)") }
        return path
    }
}
