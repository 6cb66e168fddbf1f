import Definitions
import Glibc
import Network
import Syscalls
import TestSupport

/// Named networks inside a private network namespace of the test's own,
/// which stands for the host (the gateways' addresses are its addresses).
final class NamedNetworkLab: @unchecked Sendable {
    let directory: TemporaryDirectory
    let namespace: String
    let definitions: String
    let network: ContainerNetwork
    private var servers: [Subprocess.Running] = []

    /// The root tests need these besides root.
    static let hasTools = ["/usr/bin/nsenter", "/usr/sbin/nft", "/usr/sbin/ip", "/bin/busybox"].allSatisfy(
        FileSystem.exists)

    init(_ prefix: String = "named-network") throws {
        directory = try TemporaryDirectory(prefix)
        namespace = directory.path + "/testns"
        definitions = directory.path + "/containers"
        try FileSystem.makeDirectories(definitions)
        try NetworkNamespace.create(at: namespace) { () throws(NetworkError) in try RouteSocket().setUp("lo") }
        network = ContainerNetwork(
            paths: NetworkPaths(volatileRoot: directory.path + "/run"), hostResolvConf: directory.path + "/none",
            upstreamResolvConf: directory.path + "/none", definitionDirectories: [definitions])
    }

    func define(_ name: String, _ text: String = "") throws {
        try FileSystem.writeFileAtomically("\(definitions)/\(name).network", text: text, permissions: 0o644)
    }

    func attach(_ name: String, _ networks: [String], aliases: [String] = []) throws -> NetworkAttachment {
        try attach(name, .named(networks), aliases: aliases)
    }

    func attach(_ name: String, _ mode: NetworkMode, aliases: [String] = [], publish: [String] = []) throws
        -> NetworkAttachment
    {
        let publications = try publish.map { try PortPublication.parse($0) }
        return try NetworkNamespace.within(namespace) { () throws(NetworkError) in
            try network.attach(name: name, mode: mode, hostname: name, publications: publications, aliases: aliases)
        }
    }

    func detach(_ name: String) throws {
        try NetworkNamespace.within(namespace) { () throws(NetworkError) in try network.detach(name: name) }
    }

    func shell(_ command: String, in container: String? = nil) throws -> String {
        let target = container.map { network.paths.namespace($0) } ?? namespace
        return try Subprocess.run("/usr/bin/nsenter", ["--net=\(target)", "sh", "-c", command]).standardOutput
    }

    /// Whether `container` gets an answer from `address` (one ping).
    func reaches(_ container: String, _ address: String) throws -> Bool {
        try shell("busybox ping -c 1 -W 1 \(address) >/dev/null 2>&1 && echo yes || echo no", in: container)
            == "yes\n"
    }

    /// busybox httpd on port 80 in `container`'s namespace, answering `text`.
    func serve(_ text: String, in container: String) throws {
        let root = directory.path + "/www-" + container
        try FileSystem.makeDirectories(root)
        try FileSystem.writeFileAtomically(root + "/index.html", text: text, permissions: 0o644)
        servers.append(
            try Subprocess.start(
                "/usr/bin/nsenter",
                ["--net=\(network.paths.namespace(container))", "busybox", "httpd", "-f", "-p", "80", "-h", root]))
        for _ in 0..<50 {
            if try shell("ss -Htln 'sport = :80'", in: container).contains(":80") { return }
            usleep(20_000)
        }
    }

    /// The page at `url` fetched from `container` (or the host), or "" when unreachable.
    func fetch(_ url: String, from container: String? = nil) throws -> String {
        try shell("curl -s -m 2 \(url) || true", in: container)
    }

    deinit {
        for server in servers {
            kill(server.pid, SIGKILL)
            _ = try? server.wait()
        }
        for name in (try? FileSystem.listDirectory(network.paths.namespaces))?.map(\.name) ?? [] {
            NetworkNamespace.remove(at: network.paths.namespace(name))
        }
        NetworkNamespace.remove(at: namespace)
        directory.remove()
    }
}
