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
struct NamedNetworkPortSerialTests {
    @Test func aPortPublishedOnANamedNetworkIsReachedFromTheHostLoopbackAndOtherNetworks() throws {
        let lab = try NamedNetworkLab("named-ports")
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
        let lab = try NamedNetworkLab("named-ports")
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
        let lab = try NamedNetworkLab("named-ports")
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
