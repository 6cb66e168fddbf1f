import Definitions
import Network
import Testing

@Suite struct NetworkTextTests {
    @Test func resolvConfDropsLoopbackResolversAndKeepsTheRest() {
        let host = "# generated\nsearch example.org\nnameserver 127.0.0.53\nnameserver 192.0.2.1\noptions edns0\n"
        #expect(ContainerFiles.resolvConf(host: host) == "search example.org\nnameserver 192.0.2.1\noptions edns0\n")
    }

    @Test func aStubResolverIsReplacedBySystemdResolvedsUpstreams() {
        let host = "nameserver 127.0.0.53\nsearch lan\n"
        #expect(
            ContainerFiles.resolvConf(host: host, upstream: "nameserver 198.51.100.7\n") == "nameserver 198.51.100.7\n")
        #expect(ContainerFiles.resolvConf(host: host) == "search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n")
    }

    @Test func hostsNamesTheContainerOnItsAddress() {
        let hosts = ContainerFiles.hosts(hostname: "web1", name: "web", address: IPv4Address("10.88.0.2"))
        #expect(hosts.contains("10.88.0.2\tweb1 web\n"))
        #expect(hosts.hasPrefix("127.0.0.1\tlocalhost\n"))
        #expect(ContainerFiles.hosts(hostname: "web", name: "web", address: nil).contains("127.0.1.1\tweb\n"))
    }

    @Test func theBaseRulesetOnlyTouchesItsOwnTable() {
        let script = NftRuleset.base(BridgeSettings())
        let lines = script.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("add ") || $0.hasPrefix("flush chain ip swctl ") })
        #expect(lines.contains("add rule ip swctl postrouting ip saddr 10.88.0.0/16 oifname != \"swctl0\" masquerade"))
    }

    @Test func aContainersPortsAreMapElementsDeletedByKey() {
        let lease = Lease(
            name: "web", address: IPv4Address(0x0a58_0002),
            ports: [
                PublishedPort(transport: .tcp, hostAddress: nil, hostPort: 8080, containerPort: 80),
                PublishedPort(transport: .udp, hostAddress: .loopback, hostPort: 53, containerPort: 53),
            ])
        #expect(
            NftRuleset.addPorts(of: lease)
                == "add element ip swctl published { tcp . 8080 : 10.88.0.2 . 80 }\n"
                + "add element ip swctl published_on { 127.0.0.1 . udp . 53 : 10.88.0.2 . 53 }\n")
        #expect(
            NftRuleset.deletePorts(of: lease) == [
                "delete element ip swctl published { tcp . 8080 }\n",
                "delete element ip swctl published_on { 127.0.0.1 . udp . 53 }\n",
            ])
    }

    @Test func swctlConfMovesTheDefaultNetwork() throws {
        let settings = try BridgeSettings.parse(
            "[Network]\nDefaultSubnet=172.30.0.0/24\nDefaultBridge=ctr0\nMTU=65520\n", path: "/etc/swctl/swctl.conf")
        #expect(settings.subnet.description == "172.30.0.0/24")
        #expect(settings.gateway == IPv4Address("172.30.0.1"))
        #expect(settings.bridge == "ctr0")
        #expect(settings.mtu == 65520)
        #expect(BridgeSettings().mtu == 1500)
        #expect(
            throws: NetworkError(
                "/etc/swctl/swctl.conf:2: DefaultSubnet: '172.30.0.1/24' is not an IPv4 subnet of /30 or larger (e.g. 10.88.0.0/16)"
            )
        ) {
            try BridgeSettings.parse("[Network]\nDefaultSubnet=172.30.0.1/24\n", path: "/etc/swctl/swctl.conf")
        }
    }
}
