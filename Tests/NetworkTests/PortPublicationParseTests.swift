import Definitions
import Generator
import Testing

@Suite struct PortPublicationParseTests {
    @Test(arguments: [
        ("80", PortPublication(hostPorts: nil, containerPorts: 80...80)),
        ("8080:80", PortPublication(hostPorts: 8080...8080, containerPorts: 80...80)),
        ("8080:80/udp", PortPublication(hostPorts: 8080...8080, containerPorts: 80...80, transport: .udp)),
        (
            "127.0.0.1:8080:80",
            PortPublication(hostAddress: .loopback, hostPorts: 8080...8080, containerPorts: 80...80)
        ),
        ("127.0.0.1::80", PortPublication(hostAddress: .loopback, hostPorts: nil, containerPorts: 80...80)),
        ("0.0.0.0:8080:80", PortPublication(hostPorts: 8080...8080, containerPorts: 80...80)),
        ("8000-8002:80-82/tcp", PortPublication(hostPorts: 8000...8002, containerPorts: 80...82)),
        ("5000-5001", PortPublication(hostPorts: nil, containerPorts: 5000...5001)),
    ])
    func accepts(value: String, expected: PortPublication) throws {
        #expect(try PortPublication.parse(value) == expected)
    }

    @Test(arguments: [
        ("80:80:80", "'80:80:80': '80' is not an IPv4 address (e.g. 127.0.0.1)"),
        ("8080:80/sctp", "'8080:80/sctp': 'sctp' is not a protocol (use tcp or udp)"),
        ("8000-8002:80", "'8000-8002:80': the host range 8000-8002 and the container range 80 differ in size"),
        (
            "0:80",
            "'0:80' is not [[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp] (e.g. 8080:80, 127.0.0.1:53:53/udp): '0' is not a port or range (1-65535)"
        ),
        (
            "70000",
            "'70000' is not [[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp] (e.g. 8080:80, 127.0.0.1:53:53/udp): '70000' is not a port or range (1-65535)"
        ),
        ("a:b:c:d", "'a:b:c:d' is not [[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp] (e.g. 8080:80, 127.0.0.1:53:53/udp)"),
        (
            "90-80",
            "'90-80' is not [[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp] (e.g. 8080:80, 127.0.0.1:53:53/udp): '90-80' is not a port or range (1-65535)"
        ),
    ])
    func rejects(value: String, message: String) {
        #expect(throws: KeyValueError(message)) { try PortPublication.parse(value) }
    }

    @Test func aDefinitionFileGetsTheBridgeUnlessItSaysOtherwise() throws {
        func network(_ lines: String) -> NetworkMode? {
            ContainerDefinition.parse(
                text: "[Container]\nImage=/srv/web\nExec=/bin/true\n\(lines)\n",
                path: "/etc/swctl/containers/web.container"
            ).definition?.network
        }
        #expect(network("") == .bridge)
        #expect(network("Network=none") == NetworkMode.none)
        #expect(network("Network=host\nNetwork=") == .bridge)
        #expect(network("Network=container:db") == .container("db"))
        #expect(network("Network=container:") == nil)
        #expect(network("Network=backend") == .named(["backend"]))
        #expect(network("Network=-backend") == nil)
    }

    @Test func staticAddressesAreLiteralUnicastIPv4() {
        func address(_ value: String) -> IPv4Address? {
            ContainerDefinition.parse(
                text: "[Container]\nImage=/srv/web\nExec=/bin/true\nIP=\(value)\n",
                path: "/etc/swctl/containers/web.container"
            ).definition?.ipAddress
        }
        #expect(address("10.88.0.10") == IPv4Address("10.88.0.10"))
        #expect(address("10.88.0.256") == nil)
        #expect(address("010.88.0.1") == nil)
        #expect(address("127.0.0.1") == nil)
        #expect(address("0.0.0.0") == nil)
    }
}

@Suite struct NetworkUnitTests {
    @Test func joiningAnotherContainersNetworkStartsAndStopsWithIt() throws {
        let parsed = ContainerDefinition.parse(
            text: "[Container]\nImage=/srv/web\nExec=/bin/true\nNetwork=container:db\n",
            path: "/etc/swctl/containers/side.container")
        let definition = try #require(parsed.definition)
        let text = ContainerDropIn.text(for: definition)
        #expect(text.contains("BindsTo=ctr@db.service\n"))
        #expect(text.contains("After=ctr@db.service\n"))
        let bridge = try #require(
            ContainerDefinition.parse(
                text: "[Container]\nImage=/srv/web\nExec=/bin/true\n", path: "/etc/swctl/containers/web.container"
            ).definition)
        #expect(!ContainerDropIn.text(for: bridge).contains("BindsTo="))
    }
}
