import Definitions
import Network
import Testing

private let subnet = BridgeSettings.defaultSubnet

private func address(_ text: String) -> IPv4Address {
    IPv4Address(text) ?? .any
}

@Suite struct LeaseAllocationTests {
    @Test func theFirstContainerGetsTheAddressAfterTheGateway() throws {
        let lease = try LeaseAllocation.allocate(LeaseRequest(name: "web"), subnet: subnet, others: [])
        #expect(lease.address == address("10.88.0.2"))
        #expect(subnet.gateway == address("10.88.0.1"))
        #expect(lease.hostInterface == "sw0a580002")
    }

    @Test func aFreedAddressIsGivenAgainAndTakenOnesAreSkipped() throws {
        let others = [Lease(name: "a", address: address("10.88.0.2")), Lease(name: "c", address: address("10.88.0.4"))]
        let lease = try LeaseAllocation.allocate(LeaseRequest(name: "b"), subnet: subnet, others: others)
        #expect(lease.address == address("10.88.0.3"))
    }

    @Test func aFullSubnetIsAClearError() throws {
        let small = try #require(Subnet("192.168.5.0/30"))
        let others = [Lease(name: "a", address: address("192.168.5.2"))]
        #expect(throws: NetworkError("no free address in 192.168.5.0/30: 1 containers hold one each")) {
            try LeaseAllocation.allocate(LeaseRequest(name: "b"), subnet: small, others: others)
        }
    }

    @Test(arguments: [
        ("10.88.0.1", "IP=10.88.0.1: the address is the gateway (the bridge's own address) of 10.88.0.0/16"),
        ("10.88.255.255", "IP=10.88.255.255: the address is the subnet's broadcast address of 10.88.0.0/16"),
        ("10.89.0.5", "IP=10.89.0.5: not in the network's subnet 10.88.0.0/16"),
        ("10.88.0.9", "IP=10.88.0.9: the address is held by container db"),
    ])
    func staticAddressesAreCheckedAgainstTheSubnetAndTheLeases(wanted: String, message: String) {
        let others = [Lease(name: "db", address: address("10.88.0.9"))]
        #expect(throws: NetworkError(message)) {
            try LeaseAllocation.allocate(
                LeaseRequest(name: "web", staticAddress: address(wanted)), subnet: subnet, others: others)
        }
    }

    @Test func aFreeStaticAddressIsGiven() throws {
        let lease = try LeaseAllocation.allocate(
            LeaseRequest(name: "web", staticAddress: address("10.88.3.7")), subnet: subnet, others: [])
        #expect(lease.address == address("10.88.3.7"))
    }

    @Test func rangesMapOneToOne() throws {
        let request = LeaseRequest(
            name: "web",
            publications: [
                try PortPublication.parse("8000-8001:80-81"), try PortPublication.parse("127.0.0.1:53:53/udp"),
            ])
        let lease = try LeaseAllocation.allocate(request, subnet: subnet, others: [])
        #expect(
            lease.ports.map(\.description) == [
                "80/tcp -> 0.0.0.0:8000", "81/tcp -> 0.0.0.0:8001", "53/udp -> 127.0.0.1:53",
            ])
    }

    @Test func aHostPortPublishedByAnotherContainerNamesIt() throws {
        let db = Lease(
            name: "db", address: address("10.88.0.2"),
            ports: [PublishedPort(transport: .tcp, hostAddress: nil, hostPort: 8080, containerPort: 80)])
        let request = LeaseRequest(name: "web", publications: [try PortPublication.parse("127.0.0.1:8080:8080")])
        #expect(
            throws: NetworkError(
                "PublishPort=127.0.0.1:8080:8080/tcp: host port 8080/tcp is already published by container db")
        ) {
            try LeaseAllocation.allocate(request, subnet: subnet, others: [db])
        }
        // Another protocol, or another address than a specific one, is free.
        let udp = LeaseRequest(name: "web", publications: [try PortPublication.parse("8080:80/udp")])
        #expect(try LeaseAllocation.allocate(udp, subnet: subnet, others: [db]).ports.count == 1)
    }

    @Test func aHostSocketOnThePortIsAClearError() throws {
        let request = LeaseRequest(name: "web", publications: [try PortPublication.parse("8080:80")])
        #expect(
            throws: NetworkError(
                "PublishPort=8080:80/tcp: host port 8080/tcp is in use on the host (a process has a socket bound to it)"
            )
        ) {
            try LeaseAllocation.allocate(request, subnet: subnet, others: [], hostPortInUse: { $0.hostPort == 8080 })
        }
    }

    @Test func aContainerPortAlonePicksFreeHostPorts() throws {
        let first = LeaseAllocation.automaticPorts.lowerBound
        let db = Lease(
            name: "db", address: address("10.88.0.2"),
            ports: [PublishedPort(transport: .tcp, hostAddress: nil, hostPort: first + 1, containerPort: 80)])
        let request = LeaseRequest(
            name: "web", publications: [try PortPublication.parse("80"), try PortPublication.parse("81")])
        let lease = try LeaseAllocation.allocate(
            request, subnet: subnet, others: [db], hostPortInUse: { $0.hostPort == first })
        #expect(lease.ports.map(\.hostPort) == [first + 2, first + 3])
    }

    @Test func theLeaseFileRoundTrips() {
        let leases = [
            Lease(
                name: "web", address: address("10.88.0.2"),
                ports: [
                    PublishedPort(transport: .tcp, hostAddress: nil, hostPort: 8080, containerPort: 80),
                    PublishedPort(transport: .udp, hostAddress: .loopback, hostPort: 53, containerPort: 5353),
                ]),
            Lease(name: "db", address: address("10.88.0.3")),
        ]
        let text = LeaseFile.render(leases)
        #expect(text == "web 10.88.0.2 tcp:0.0.0.0:8080:80 udp:127.0.0.1:53:5353\ndb 10.88.0.3\n")
        #expect(LeaseFile.parse(text + "garbage\n") == leases)
    }
}
