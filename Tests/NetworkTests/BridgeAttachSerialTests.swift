import Definitions
import Glibc
import Network
import Syscalls
import TestSupport
import Testing

/// A private network namespace (bind-mounted under a temporary directory)
/// in which every test runs its networking: the host's interfaces and
/// rules are never touched.
private final class PrivateNetwork: @unchecked Sendable {
    let directory: TemporaryDirectory
    let namespace: String
    let network: ContainerNetwork

    init(settings: BridgeSettings = BridgeSettings()) throws {
        directory = try TemporaryDirectory("network")
        namespace = directory.path + "/testns"
        try NetworkNamespace.create(at: namespace) { () throws(NetworkError) in try RouteSocket().setUp("lo") }
        network = ContainerNetwork(
            paths: NetworkPaths(volatileRoot: directory.path + "/run"), settings: settings,
            hostResolvConf: directory.path + "/resolv.conf", upstreamResolvConf: directory.path + "/none")
    }

    /// Runs `body` with the calling thread in the private namespace.
    func run<T>(_ body: () throws(NetworkError) -> T) throws(NetworkError) -> T {
        try NetworkNamespace.within(namespace, body)
    }

    func attach(
        _ name: String, mode: NetworkMode = .bridge, ip: String? = nil, publish: [String] = []
    ) throws -> NetworkAttachment {
        let publications = try publish.map { try PortPublication.parse($0) }
        return try run { () throws(NetworkError) in
            try network.attach(
                name: name, mode: mode, hostname: name, staticAddress: ip.flatMap { IPv4Address($0) },
                publications: publications)
        }
    }

    func detach(_ name: String) throws {
        try run { () throws(NetworkError) in try network.detach(name: name) }
    }

    /// A command run in the private namespace (or in a container's).
    func shell(_ command: String, in namespace: String? = nil) throws -> String {
        let result = try Subprocess.run(
            "/usr/bin/nsenter", ["--net=\(namespace ?? self.namespace)", "sh", "-c", command])
        return result.standardOutput
    }

    deinit {
        for name in (try? FileSystem.listDirectory(network.paths.namespaces))?.map(\.name) ?? [] {
            NetworkNamespace.remove(at: network.paths.namespace(name))
        }
        NetworkNamespace.remove(at: namespace)
        directory.remove()
    }
}

private let hasNetworkTools = ["/usr/bin/nsenter", "/usr/sbin/nft", "/usr/sbin/ip"].allSatisfy(FileSystem.exists)

@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && hasNetworkTools,
        "makes network namespaces, veths and nftables rules: root, iproute2 and nftables; runs in make check as root, inside a namespace of its own"
    ))
struct BridgeAttachSerialTests {
    @Test func aBridgeContainerGetsAnAddressARouteAndItsPortsAndCleanupRemovesThemAll() throws {
        let net = try PrivateNetwork()
        let attachment = try net.attach("web", publish: ["8080:80", "127.0.0.1:5353:53/udp"])
        let path = try #require(attachment.namespacePath)
        #expect(attachment.lease?.address == IPv4Address("10.88.0.2"))
        #expect(attachment.hosts.contains("10.88.0.2\tweb\n"))

        let inside = try net.shell("ip -4 -o addr show dev eth0; ip route show default", in: path)
        #expect(inside.contains("inet 10.88.0.2/16"))
        #expect(inside.contains("default via 10.88.0.1 dev eth0"))
        let host = try net.shell("ip -o link show master swctl0; ip -4 -o addr show dev swctl0")
        #expect(host.contains("sw0a580002@"))
        #expect(host.contains("inet 10.88.0.1/16"))
        let rules = try net.shell("nft list table ip swctl")
        #expect(rules.contains("tcp . 8080 : 10.88.0.2 . 80"))
        #expect(rules.contains("127.0.0.1 . udp . 5353 : 10.88.0.2 . 53"))

        try net.detach("web")
        try net.detach("web")  // twice is fine
        #expect(try net.shell("ip -o link show master swctl0").isEmpty)
        let after = try net.shell("nft list table ip swctl")
        #expect(!after.contains("10.88.0.2"))
        #expect(net.network.leases().isEmpty)
        #expect(!FileSystem.exists(path))
        #expect(NetworkNamespace.mounted(in: net.network.paths.namespaces).isEmpty)
    }

    @Test func noneHasOnlyLoopbackAndContainerModeJoinsTheOthersNamespace() throws {
        let net = try PrivateNetwork()
        let none = try net.attach("quiet", mode: .none)
        let path = try #require(none.namespacePath)
        let links = try net.shell("ip -o link show | cut -d: -f2", in: path)
        #expect(links.split(separator: "\n").map { $0.trimmingPrefix(" ") } == ["lo"])
        let joined = try net.attach("side", mode: .container("quiet"))
        #expect(joined.namespacePath == path)
        #expect(throws: NetworkError.self) { try net.attach("lost", mode: .container("nosuch")) }
        try net.detach("side")
        try net.detach("quiet")
        #expect(!FileSystem.exists(path))
    }

    @Test func aHeldStaticAddressOrPortNamesTheHolderAndAFailedAttachLeavesNothing() throws {
        let net = try PrivateNetwork()
        _ = try net.attach("db", ip: "10.88.0.9", publish: ["8080:80"])
        #expect(throws: NetworkError("IP=10.88.0.9: the address is held by container db")) {
            _ = try net.attach("web", ip: "10.88.0.9")
        }
        #expect(
            throws: NetworkError("PublishPort=8080:80/tcp: host port 8080/tcp is already published by container db")
        ) {
            _ = try net.attach("web", publish: ["8080:80"])
        }
        #expect(net.network.leases().map(\.name) == ["db"])
        #expect(!FileSystem.exists(net.network.paths.namespace("web")))
        try net.detach("db")
    }

    @Test func aPortAProcessOnTheHostHoldsIsAClearError() throws {
        let net = try PrivateNetwork()
        let server = try Subprocess.start(
            "/usr/bin/nsenter", ["--net=\(net.namespace)", "busybox", "nc", "-l", "-p", "8081"])
        defer {
            kill(server.pid, SIGKILL)
            _ = try? server.wait()
        }
        var bound = false
        for _ in 0..<50 where !bound {
            bound = try net.shell("ss -Htln 'sport = :8081'").contains("8081")
            if !bound { usleep(20_000) }
        }
        #expect(bound)
        #expect(
            throws: NetworkError(
                "PublishPort=8081:80/tcp: host port 8081/tcp is in use on the host (a process has a socket bound to it)"
            )
        ) {
            _ = try net.attach("web", publish: ["8081:80"])
        }
        // Picking a port skips it too.
        let picked = try net.attach("auto", publish: ["80"])
        #expect(picked.lease?.ports.first?.hostPort == LeaseAllocation.automaticPorts.lowerBound)
        try net.detach("auto")
    }

    @Test func theConfiguredSubnetAndMTUAreUsed() throws {
        let subnet = try #require(Subnet("172.30.5.0/24"))
        let net = try PrivateNetwork(settings: BridgeSettings(bridge: "ctr9", subnet: subnet, mtu: 9000))
        let attachment = try net.attach("web")
        let path = try #require(attachment.namespacePath)
        #expect(attachment.lease?.address == IPv4Address("172.30.5.2"))
        #expect(try net.shell("ip -o link show dev eth0", in: path).contains("mtu 9000"))
        #expect(try net.shell("ip -o link show master ctr9").contains("mtu 9000"))
        #expect(try net.shell("ip route show default", in: path).contains("via 172.30.5.1"))
        try net.detach("web")
    }

    @Test func rulesFlushedByTheAdminComeBackAtTheNextStart() throws {
        let net = try PrivateNetwork()
        _ = try net.attach("one", publish: ["8080:80"])
        _ = try net.shell("nft flush ruleset")
        _ = try net.attach("two", publish: ["8081:80"])
        let rules = try net.shell("nft list table ip swctl")
        #expect(rules.contains("masquerade"))
        #expect(rules.contains("tcp . 8081 : 10.88.0.3 . 80"))
        try net.detach("one")  // its elements are gone already: still no error
        try net.detach("two")
    }

    @Test func aLeaseWhoseNamespaceIsGoneIsReclaimed() throws {
        let net = try PrivateNetwork()
        _ = try net.attach("crashed", ip: "10.88.0.5", publish: ["8080:80"])
        // As after a kill -9 of everything, cleanup included: the namespace
        // is gone; the lease, the host's veth and the NAT element are not.
        NetworkNamespace.remove(at: net.network.paths.namespace("crashed"))
        let attachment = try net.attach("next", ip: "10.88.0.5", publish: ["8080:8080"])
        #expect(attachment.lease?.address == IPv4Address("10.88.0.5"))
        #expect(net.network.leases().map(\.name) == ["next"])
        #expect(try net.shell("nft list map ip swctl published").contains("tcp . 8080 : 10.88.0.5 . 8080"))
        try net.detach("next")
    }

    @Test func concurrentAttachesNeverShareAnAddressOrAPort() async throws {
        let net = try PrivateNetwork()
        let count = 24
        let addresses = try await withThrowingTaskGroup(of: IPv4Address?.self) { group in
            for index in 0..<count {
                group.addTask { try net.attach("c\(index)", publish: ["80"]).lease?.address }
            }
            var result: [IPv4Address?] = []
            for try await address in group { result.append(address) }
            return result
        }
        #expect(Set(addresses.compactMap { $0 }).count == count)
        let leases = net.network.leases()
        #expect(leases.count == count)
        #expect(Set(leases.flatMap(\.ports).map(\.hostPort)).count == count)
        #expect(try net.shell("ip -o link show master swctl0 | wc -l").trimmingSuffix() == "\(count)")
        for index in 0..<count { try net.detach("c\(index)") }
        #expect(try net.shell("ip -o link show master swctl0").isEmpty)
        #expect(net.network.leases().isEmpty)
    }
}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}
