import Definitions
import Network
import Testing

@Suite struct NetworkDefinitionParseTests {
    @Test func quadletKeysAreRead() throws {
        let text = """
            [Unit]
            Description=the database network

            [Network]
            NetworkName=backend
            Driver=bridge
            Subnet=10.90.0.0/24
            Gateway=10.90.0.254
            IPRange=10.90.0.128/25
            Internal=yes
            DNS=192.0.2.53
            Label=tier=db team=core

            """
        let result = NetworkDefinition.parse(text: text, path: "/etc/swctl/containers/db.network")
        #expect(result.diagnostics.isEmpty)
        let network = try #require(result.definition)
        #expect(network.name == "db")
        #expect(network.displayName == "backend")
        #expect(network.subnet?.description == "10.90.0.0/24")
        #expect(network.gateway == IPv4Address("10.90.0.254"))
        #expect(network.ipRange?.description == "10.90.0.128/25")
        #expect(network.isInternal)
        #expect(network.dns == [IPv4Address("192.0.2.53")].compactMap { $0 })
        #expect(network.labels.map(\.key) == ["tier", "team"])
    }

    @Test func anEmptyFileIsAnAutomaticBridge() throws {
        let network = try #require(NetworkDefinition.parse(text: "", path: "/x/front.network").definition)
        #expect(network.subnet == nil && !network.isInternal && network.displayName == "front")
    }

    @Test(arguments: [
        (
            "Subnet=10.90.0.1/24",
            "web.network:2: Subnet: '10.90.0.1/24' is not an IPv4 subnet with its host bits zero, /8 to /29 (e.g. 10.89.5.0/24)"
        ),
        (
            "Driver=macvlan",
            "web.network:2: Driver: 'macvlan' is not supported (swctl networks are bridges: use Driver=bridge)"
        ),
        ("Internal=maybe", "web.network:2: Internal: 'maybe' is not a boolean (use yes or no)"),
        (
            "Gateway=10.90.0.1",
            "web.network:2: Gateway: needs Subnet= (a gateway of an automatic subnet cannot be chosen)"
        ),
        (
            "Subnet=10.90.0.0/24\nGateway=10.91.0.1",
            "web.network:3: Gateway: '10.91.0.1' is not a host address of Subnet 10.90.0.0/24"
        ),
        (
            "Subnet=10.90.0.0/24\nIPRange=10.90.1.0/25",
            "web.network:3: IPRange: '10.90.1.0/25' is not inside Subnet 10.90.0.0/24"
        ),
        ("IPv6=yes", "web.network:2: IPv6: not supported by swctl yet (remove it; swctl.network(5) lists the keys)"),
        ("Subnett=10.90.0.0/24", "web.network:2: Subnett: unknown key in [Network] (did you mean Subnet?)"),
        (
            "DNS=dns.example",
            "web.network:2: DNS: 'dns.example' is not an IPv4 address of a nameserver (e.g. 192.0.2.53)"
        ),
        ("Label=tier", "web.network:2: Label: 'tier' is not KEY=VALUE (e.g. Label=tier=db)"),
    ])
    func aBadValueIsOneLineNamingFileAndLine(line: String, expected: String) {
        let result = NetworkDefinition.parse(text: "[Network]\n\(line)\n", path: "web.network")
        #expect(result.definition == nil)
        #expect(result.errors.map(\.description) == [expected])
    }

    @Test func aFileNamedAfterAModeOrNotDotNetworkIsRefused() {
        #expect(
            NetworkDefinition.parse(text: "", path: "/x/host.network").errors.map(\.message) == [
                "'host' is not a valid network name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters; not bridge, none, host or default)"
            ])
        #expect(NetworkDefinition.parse(text: "", path: "/x/front.net").definition == nil)
        #expect(
            NetworkDefinition.parse(text: "[Container]\n", path: "/x/a.network").errors.map(\.message) == [
                "[Container]: unknown section (use [Network])"
            ])
    }
}

@Suite struct NamedNetworkTests {
    private func block(_ text: String) throws -> IPv4Block { try #require(IPv4Block(text)) }

    @Test func bridgeNamesFitAnInterfaceNameAndDifferForDifferentNetworks() {
        #expect(NamedNetwork.bridgeName(for: "front") == "swn-front")
        #expect(NamedNetwork.bridgeName(for: "backend-net") == "swn-backend-net")
        let long = NamedNetwork.bridgeName(for: "a-very-long-network-name")
        let other = NamedNetwork.bridgeName(for: "a-very-long-network-name2")
        #expect(long.utf8.count <= 15 && other.utf8.count <= 15 && long != other)
        #expect(long.hasPrefix("swn-") && NamedNetwork.bridgeName(for: "Front").hasPrefix("swn-"))
        #expect(NamedNetwork.bridgeName(for: "Front") != "swn-Front")
    }

    @Test func thePoolSkipsUsedBlocksAndTheDefaultSubnet() throws {
        #expect(NetworkPool.nextSubnet(avoiding: [])?.description == "10.89.0.0/24")
        let used = [try block("10.89.0.0/24"), try block("10.89.1.128/25"), try block("10.88.0.0/16")]
        #expect(NetworkPool.nextSubnet(avoiding: used)?.description == "10.89.2.0/24")
        #expect(NetworkPool.nextSubnet(avoiding: [try block("10.0.0.0/8")]) == nil)
    }

    @Test func addressesComeFromTheRangeAndSkipGatewayAndHolders() throws {
        var definition = NetworkDefinition(name: "db", sourcePath: "/x/db.network")
        definition.ipRange = try block("10.90.0.0/30")
        let network = NamedNetwork(definition, subnet: try block("10.90.0.0/24"))
        #expect(network.gateway == IPv4Address("10.90.0.1"))
        let held = [Lease(name: "a", address: IPv4Address(0x0a5a_0002))]
        #expect(try network.chooseAddress(for: "b", staticAddress: nil, others: held) == IPv4Address("10.90.0.3"))
        let full = held + [Lease(name: "b", address: IPv4Address(0x0a5a_0003))]
        #expect(throws: NetworkError("attach c to network db: no free address in 10.90.0.0/30")) {
            try network.chooseAddress(for: "c", staticAddress: nil, others: full)
        }
        #expect(throws: NetworkError("IP=10.90.0.2: the address is held by container a on network db")) {
            try network.chooseAddress(for: "c", staticAddress: IPv4Address("10.90.0.2"), others: held)
        }
    }

    @Test func theStateRecordRoundTrips() throws {
        let network = NamedNetwork(
            name: "db", bridge: "swn-db", subnet: try block("10.89.3.0/24"), gateway: IPv4Address(0x0a59_0301),
            ipRange: try block("10.89.3.64/26"), isInternal: true, dns: [IPv4Address(0x0a00_0001)])
        #expect(NamedNetwork(record: network.record) == network)
        #expect(NamedNetwork(record: "garbage") == nil)
    }

    @Test func leaseAliasesRoundTripAndOldLinesStillParse() {
        let lease = Lease(name: "db", address: IPv4Address(0x0a59_0002), aliases: ["database", "pg"])
        #expect(LeaseFile.parse(LeaseFile.render([lease])) == [lease])
        #expect(LeaseFile.parse("web 10.88.0.2 tcp:0.0.0.0:8080:80\n").first?.aliases == [])
    }

    @Test func hostsListThePeersAfterTheOwnLine() {
        let text = ContainerFiles.hosts(
            names: ["web"], address: IPv4Address(0x0a59_0002),
            peers: [
                HostsEntry(address: IPv4Address(0x0a59_0004), names: ["cache"]),
                HostsEntry(address: IPv4Address(0x0a59_0003), names: ["db", "database"]),
            ])
        #expect(text.hasSuffix("10.89.0.2\tweb\n10.89.0.3\tdb database\n10.89.0.4\tcache\n"))
    }

    @Test func rulesIsolateBridgesAndMasqueradeOnlyNonInternalSubnets() throws {
        let front = NamedNetwork(
            name: "front", bridge: "swn-front", subnet: try block("10.89.0.0/24"), gateway: IPv4Address(0x0a59_0001))
        let vault = NamedNetwork(
            name: "vault", bridge: "swn-vault", subnet: try block("10.89.1.0/24"), gateway: IPv4Address(0x0a59_0101),
            isInternal: true)
        let script = NftRuleset.named([vault, front], defaultBridge: "swctl0")
        #expect(script.contains("add rule ip swctl named_forward iifname \"swctl0\" oifname \"swn-*\" drop\n"))
        #expect(script.contains("iifname \"swn-front\" oifname \"swn-*\" oifname != \"swn-front\" drop\n"))
        #expect(script.contains("ip saddr 10.89.0.0/24 oifname != \"swn-front\" masquerade\n"))
        #expect(!script.contains("10.89.1.0/24"))
        #expect(script.contains("iifname \"swn-vault\" oifname != \"swn-vault\" drop\n"))
        #expect(NftRuleset.named([], defaultBridge: "swctl0").contains("delete chain ip swctl named_forward\n"))
    }
}
