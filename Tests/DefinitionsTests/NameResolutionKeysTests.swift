import Testing

@testable import Definitions

/// podman-systemd.unit(5): AddHost= adds `hostname:ip` to /etc/hosts; DNS=,
/// DNSOption=, DNSSearch= set the resolver (`DNSSearch=.` removes the
/// search domains); each may be listed several times.
@Suite struct NameResolutionKeysTests {
    @Test func addHostTakesNamesAndAnAddressAndAccumulates() {
        let definition = parseContainer("AddHost=example.com:192.168.10.11\nAddHost=db;db.local:10.0.0.5").definition
        #expect(
            definition?.nameResolution.hosts == [
                AddedHost(names: ["example.com"], address: .ip(IPv4Address(0xC0A8_0A0B))),
                AddedHost(names: ["db", "db.local"], address: .ip(IPv4Address(0x0A00_0005))),
            ])
        #expect(
            parseContainer("AddHost=gw:host-gateway").definition?.nameResolution.hosts == [
                AddedHost(names: ["gw"], address: .hostGateway)
            ])
        #expect(parseContainer("AddHost=a:10.0.0.1\nAddHost=").definition?.nameResolution.hosts == [])
    }

    @Test(arguments: [
        (
            "AddHost=example.com",
            "AddHost: 'example.com' is not NAME:ADDRESS (use NAME:ADDRESS, e.g. db.example:10.0.0.5 or gateway:host-gateway)"
        ),
        (
            "AddHost=bad_name:10.0.0.1",
            "AddHost: 'bad_name' is not a host name (use NAME:ADDRESS, e.g. db.example:10.0.0.5 or gateway:host-gateway)"
        ),
        (
            "AddHost=v6:2001:db8::1",
            "AddHost: '2001:db8::1': IPv6 is not supported on swctl networks yet (use NAME:ADDRESS, e.g. db.example:10.0.0.5 or gateway:host-gateway)"
        ),
        ("DNS=1.1.1", "DNS: '1.1.1' is not an IPv4 address or none (use e.g. 192.168.55.1)"),
        ("DNS=none\nDNS=1.1.1.1", "DNS: '1.1.1.1' cannot be combined with DNS=none (remove one of them)"),
        ("DNSSearch=exa_mple.com", "DNSSearch: 'exa_mple.com' is not a domain (use e.g. example.com, or . for none)"),
    ])
    func badValuesAreRefused(lines: String, message: String) {
        let result = parseContainer(lines)
        #expect(result.definition == nil)
        #expect(result.diagnostics.last?.message == message)
    }

    @Test func dnsTakesServersOrNone() {
        #expect(parseContainer("").definition?.nameResolution.servers == .network)
        #expect(
            parseContainer("DNS=192.168.55.1\nDNS=9.9.9.9").definition?.nameResolution.servers
                == .addresses([IPv4Address(0xC0A8_3701), IPv4Address(0x0909_0909)]))
        #expect(parseContainer("DNS=none").definition?.nameResolution.servers == NameResolution.Servers.none)
        #expect(parseContainer("DNS=none\nDNS=").definition?.nameResolution.servers == .network)
    }

    @Test func dnsOptionAndSearchAccumulateAndADotRemovesTheSearchDomains() {
        let definition = parseContainer(
            "DNSOption=ndots:1\nDNSOption=edns0\nDNSSearch=example.com\nDNSSearch=corp.example"
        )
        .definition
        #expect(definition?.nameResolution.options == ["ndots:1", "edns0"])
        #expect(definition?.nameResolution.search == ["example.com", "corp.example"])
        #expect(parseContainer("DNSSearch=.").definition?.nameResolution.search == [])
        #expect(parseContainer("").definition?.nameResolution.search == nil)
    }
}
