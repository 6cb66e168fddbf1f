import Definitions
import Glibc
import Network
import Syscalls
import TestSupport
import Testing

/// Published ports of containers on named networks, inside a private
/// network namespace that stands for the host; the gateways' addresses are
/// its own addresses.
private final class PortLab: @unchecked Sendable {
    let directory: TemporaryDirectory
    let namespace: String
    let definitions: String
    let network: ContainerNetwork
    var servers: [Subprocess.Running] = []

    init() throws {
        directory = try TemporaryDirectory("named-ports")
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

    func attach(_ name: String, _ mode: NetworkMode, publish: [String] = []) throws -> NetworkAttachment {
        let publications = try publish.map { try PortPublication.parse($0) }
        return try NetworkNamespace.within(namespace) { () throws(NetworkError) in
            try network.attach(name: name, mode: mode, hostname: name, publications: publications)
        }
    }

    func detach(_ name: String) throws {
        try NetworkNamespace.within(namespace) { () throws(NetworkError) in try network.detach(name: name) }
    }

    func shell(_ command: String, in container: String? = nil) throws -> String {
        let target = container.map { network.paths.namespace($0) } ?? namespace
        return try Subprocess.run("/usr/bin/nsenter", ["--net=\(target)", "sh", "-c", command]).standardOutput
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

private let hasTools = ["/usr/bin/nsenter", "/usr/sbin/nft", "/usr/sbin/ip", "/bin/busybox"].allSatisfy(
    FileSystem.exists)

@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && hasTools,
        "makes network namespaces, bridges, veths and nftables rules: root, iproute2, nftables and busybox; runs in make check as root, inside a namespace of its own"
    ))
struct NamedNetworkPortSerialTests {
    @Test func aPortPublishedOnANamedNetworkIsReachedFromTheHostLoopbackAndOtherNetworks() throws {
        let lab = try PortLab()
        try lab.define("front")
        try lab.define("back")
        let web = try lab.attach("web", .named(["front"]), publish: ["8080:80"])
        #expect(web.lease == nil)
        try lab.serve("hello from web\n", in: "web")
        let rules = try lab.shell("nft list map ip swctl published")
        #expect(rules.contains("tcp . 8080 : 10.89.0.2 . 80"))
        #expect(try lab.fetch("http://127.0.0.1:8080/") == "hello from web\n")
        #expect(try lab.fetch("http://10.89.0.1:8080/") == "hello from web\n")
        // Hairpin: from the same network, from another named network and
        // from the default bridge (another namespace), through one of the
        // host's addresses.
        _ = try lab.attach("peer", .named(["front"]))
        _ = try lab.attach("other", .named(["back"]))
        _ = try lab.attach("plain", .bridge)
        for (client, host) in [("peer", "10.89.0.1"), ("other", "10.89.1.1"), ("plain", "10.88.0.1")] {
            #expect(try lab.fetch("http://\(host):8080/", from: client) == "hello from web\n", "from \(client)")
        }
        // The networks stay apart otherwise.
        #expect(try lab.fetch("http://10.89.0.2/", from: "other") == "")
        try lab.detach("web")
        #expect(!(try lab.shell("nft list map ip swctl published")).contains("8080"))
        #expect(try lab.fetch("http://127.0.0.1:8080/") == "")
    }

    @Test func portsGoToTheFirstNetworkThatIsNotInternalAndConflictsNameTheHolder() throws {
        let lab = try PortLab()
        try lab.define("vault", "[Network]\nInternal=yes\n")
        try lab.define("front")
        _ = try lab.attach("web", .named(["vault", "front"]), publish: ["8080:80", "53/udp"])
        let front = try #require(lab.network.namedPublishedLeases().first { $0.name == "web" })
        let frontAddress = try #require(lab.network.namedLeases(of: "front").first { $0.name == "web" }).address
        #expect(front.address == frontAddress)
        #expect(front.ports.map(\.hostPort) == [8080, LeaseAllocation.automaticPorts.lowerBound])
        #expect(
            throws: NetworkError("PublishPort=8080:80/tcp: host port 8080/tcp is already published by container web")
        ) {
            _ = try lab.attach("plain", .bridge, publish: ["8080:80"])
        }
        #expect(
            throws: NetworkError("PublishPort=8080:80/tcp: host port 8080/tcp is already published by container web")
        ) {
            _ = try lab.attach("again", .named(["front"]), publish: ["8080:80"])
        }
        // The failed start left nothing behind.
        #expect(!lab.network.namedLeases(of: "front").contains { $0.name == "again" })
        try lab.detach("web")
        _ = try lab.attach("plain", .bridge, publish: ["8080:80"])
        try lab.detach("plain")
    }

    @Test func aContainerOnlyOnInternalNetworksCannotPublish() throws {
        let lab = try PortLab()
        try lab.define("vault", "[Network]\nInternal=yes\n")
        #expect(
            throws: NetworkError(
                "PublishPort=: container db is only on internal networks (vault): nothing outside can reach its ports")
        ) {
            _ = try lab.attach("db", .named(["vault"]), publish: ["5432"])
        }
        #expect(lab.network.realizedNetworks().isEmpty)
    }
}
