import Definitions
import Network
import Syscalls
import TestSupport
import Testing

@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && NamedNetworkLab.hasTools,
        "makes network namespaces, bridges, veths and nftables rules: root, iproute2, nftables and busybox; runs in make check as root, inside a namespace of its own"
    ))
struct NamedNetworkSerialTests {
    @Test func containersOnOneNetworkListEachOtherAndALaterOneIsAddedInPlace() throws {
        let lab = try NamedNetworkLab()
        try lab.define("front")
        let web = try lab.attach("web", ["front"], aliases: ["www"])
        let hostsPath = try #require(web.hostsPath)
        let inode = try FileDescriptor.open(hostsPath).closeAfter { try $0.identity() }
        _ = try lab.attach("db", ["front"])
        let webHosts = try FileSystem.readTextFile(hostsPath)
        #expect(webHosts.contains("10.89.0.2\tweb www\n"))
        #expect(webHosts.contains("10.89.0.3\tdb\n"))
        let dbHosts = try FileSystem.readTextFile(lab.network.paths.hostsFile("db"))
        #expect(dbHosts.contains("10.89.0.2\tweb www\n"))
        #expect(try FileDescriptor.open(hostsPath).closeAfter { try $0.identity() } == inode)

        let host = try lab.shell("ip -4 -o addr show dev swn-front; ip -o link show master swn-front")
        #expect(host.contains("inet 10.89.0.1/24"))
        #expect(host.contains("sw0a590002@") && host.contains("sw0a590003@"))
        #expect(try lab.shell("ip route show default", in: "web").contains("default via 10.89.0.1 dev eth0"))
        #expect(try lab.reaches("web", "10.89.0.3"))

        try lab.detach("db")
        #expect(!(try FileSystem.readTextFile(hostsPath)).contains("db"))
        try lab.detach("web")
        try lab.detach("web")
        #expect(try lab.shell("ip -o link show | grep -c 'swn-\\|sw0a' || true") == "0\n")
        #expect(lab.network.realizedNetworks().isEmpty)
        #expect(!FileSystem.exists(lab.network.paths.hostsFile("web")))
        #expect(!(try lab.shell("nft list table ip swctl 2>/dev/null || true")).contains("named_"))
    }

    @Test func differentNetworksCannotReachEachOtherAndAContainerOnBothReachesBoth() throws {
        let lab = try NamedNetworkLab()
        try lab.define("front")
        try lab.define("back", "[Network]\nSubnet=10.90.7.0/24\n")
        _ = try lab.attach("a", ["front"])
        _ = try lab.attach("b", ["back"])
        let both = try lab.attach("both", ["front", "back"])
        #expect(try lab.shell("ip -4 -o addr show", in: "both").contains("eth1    inet 10.90.7.3/24"))
        #expect(try lab.reaches("both", "10.89.0.2"))
        #expect(try lab.reaches("both", "10.90.7.2"))
        #expect(!(try lab.reaches("a", "10.90.7.2")))
        #expect(!(try lab.reaches("b", "10.89.0.2")))
        let hosts = try FileSystem.readTextFile(try #require(both.hostsPath))
        #expect(hosts.contains("10.89.0.2\ta\n") && hosts.contains("10.90.7.2\tb\n"))
        #expect(!(try FileSystem.readTextFile(lab.network.paths.hostsFile("a"))).contains("\tb\n"))
        for name in ["both", "a", "b"] { try lab.detach(name) }
        #expect(lab.network.realizedNetworks().isEmpty)
    }

    @Test func anInternalNetworkHasNoRouteOutAndNoMasquerade() throws {
        let lab = try NamedNetworkLab()
        try lab.define("vault", "[Network]\nInternal=yes\nDNS=192.0.2.53\n")
        let attachment = try lab.attach("safe", ["vault"])
        #expect(try lab.shell("ip route show default", in: "safe").isEmpty)
        #expect(attachment.resolvConf == "nameserver 192.0.2.53\n")
        let rules = try lab.shell("nft list chain ip swctl named_postrouting")
        #expect(!rules.contains("10.89.0.0/24"))
        #expect(
            try lab.shell("nft list chain ip swctl named_forward").contains(
                "iifname \"swn-vault\" oifname != \"swn-vault\" drop"))
        try lab.detach("safe")
    }

    @Test func connectAddsALiveInterfaceAndDisconnectTakesItAway() throws {
        let lab = try NamedNetworkLab()
        try lab.define("front")
        try lab.define("back")
        _ = try lab.attach("web", ["front"])
        _ = try lab.attach("db", ["back"])
        #expect(!(try lab.reaches("web", "10.89.1.2")))
        try NetworkNamespace.within(lab.namespace) { () throws(NetworkError) in
            try lab.network.connect(name: "web", to: "back")
        }
        #expect(try lab.shell("ip -4 -o addr show dev eth1", in: "web").contains("inet 10.89.1.3/24"))
        #expect(try lab.reaches("web", "10.89.1.2"))
        #expect(try FileSystem.readTextFile(lab.network.paths.hostsFile("db")).contains("10.89.1.3\tweb\n"))
        #expect(try FileSystem.readTextFile(lab.network.paths.hostsFile("web")).contains("10.89.1.2\tdb\n"))
        #expect(throws: NetworkError("network connect back web: web is already on network back")) {
            try NetworkNamespace.within(lab.namespace) { () throws(NetworkError) in
                try lab.network.connect(name: "web", to: "back")
            }
        }
        try NetworkNamespace.within(lab.namespace) { () throws(NetworkError) in
            try lab.network.disconnect(name: "web", from: "back")
        }
        #expect(try lab.shell("ip -o link show eth1 2>/dev/null || true", in: "web").isEmpty)
        #expect(!(try FileSystem.readTextFile(lab.network.paths.hostsFile("db"))).contains("web"))
        #expect(!(try FileSystem.readTextFile(lab.network.paths.hostsFile("web"))).contains("db"))
        try lab.detach("web")
        try lab.detach("db")
        #expect(lab.network.realizedNetworks().isEmpty)
    }

    @Test func anUnknownNetworkOrAnOverlappingSubnetFailsAndLeavesNothing() throws {
        let lab = try NamedNetworkLab()
        #expect(throws: NetworkError.self) { _ = try lab.attach("web", ["nosuch"]) }
        try lab.define("clash", "[Network]\nSubnet=10.88.5.0/24\n")
        #expect(
            throws: NetworkError(
                "\(lab.definitions)/clash.network: Subnet=10.88.5.0/24 overlaps the default bridge's 10.88.0.0/16")
        ) { _ = try lab.attach("web", ["clash"]) }
        #expect(NetworkNamespace.mounted(in: lab.network.paths.namespaces).isEmpty)
        #expect(lab.network.realizedNetworks().isEmpty)
    }
}
