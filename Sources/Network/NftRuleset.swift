import Definitions

/// The nftables scripts swctl runs: all state lives in `table ip swctl`,
/// so other tables (firewalld's, Docker's, the admin's) are never touched.
///
/// Published ports are elements of two maps, keyed by protocol and port
/// (and by host address for `IP:HOSTPORT:…`), so a container's rules are
/// exactly its elements: added at start, deleted at stop, nothing else in
/// the ruleset changes. Every script is one atomic transaction.
public enum NftRuleset {
    public static let table = "swctl"

    /// Declares the table, its maps and chains, and rewrites the fixed
    /// rules: idempotent (`add` keeps what exists, the chains are flushed
    /// and refilled in the same transaction), and it leaves the maps'
    /// elements — the running containers' ports — alone.
    ///
    /// - prerouting/output: traffic to one of the host's own addresses
    ///   (from outside, from the host itself incl. 127.0.0.1, and from
    ///   containers: hairpin) is DNATed by the maps.
    /// - postrouting: the subnet is masqueraded on the way out; traffic
    ///   DNATed into the bridge from 127.0.0.0/8 or from the subnet itself
    ///   is masqueraded too, so replies come back through the host.
    public static func base(_ settings: BridgeSettings) -> String {
        let (t, bridge, subnet) = ("ip \(table)", settings.bridge, settings.subnet)
        return """
            add table \(t)
            add map \(t) published { type inet_proto . inet_service : ipv4_addr . inet_service ; }
            add map \(t) published_on { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service ; }
            add chain \(t) prerouting { type nat hook prerouting priority -100 ; policy accept ; }
            add chain \(t) output { type nat hook output priority -100 ; policy accept ; }
            add chain \(t) postrouting { type nat hook postrouting priority 100 ; policy accept ; }
            add chain \(t) published
            flush chain \(t) prerouting
            flush chain \(t) output
            flush chain \(t) postrouting
            flush chain \(t) published
            add rule \(t) prerouting fib daddr type local jump published
            add rule \(t) output fib daddr type local jump published
            add rule \(t) published dnat ip to ip daddr . meta l4proto . th dport map @published_on
            add rule \(t) published dnat ip to meta l4proto . th dport map @published
            add rule \(t) postrouting ip saddr \(subnet) oifname != "\(bridge)" masquerade
            add rule \(t) postrouting oifname "\(bridge)" ip saddr 127.0.0.0/8 masquerade
            add rule \(t) postrouting oifname "\(bridge)" ct status dnat ip saddr \(subnet) masquerade

            """
    }

    /// A no-op that fails when the table is gone (re-declares a map).
    public static let probe =
        "add map ip \(table) published { type inet_proto . inet_service : ipv4_addr . inet_service ; }\n"

    /// The map elements of one container's published ports.
    public static func addPorts(of lease: Lease) -> String {
        lease.ports.map { "add element ip \(table) \(element($0, to: lease.address))\n" }.joined()
    }

    /// Deletes the elements `addPorts` added; one command per element, so
    /// that the caller can retry them one by one when some are gone.
    public static func deletePorts(of lease: Lease) -> [String] {
        lease.ports.map { "delete element ip \(table) \(key($0))\n" }
    }

    static func element(_ port: PublishedPort, to address: IPv4Address) -> String {
        let target = "\(address) . \(port.containerPort)"
        if let host = port.hostAddress {
            return "published_on { \(host) . \(port.transport.rawValue) . \(port.hostPort) : \(target) }"
        }
        return "published { \(port.transport.rawValue) . \(port.hostPort) : \(target) }"
    }

    static func key(_ port: PublishedPort) -> String {
        if let host = port.hostAddress {
            return "published_on { \(host) . \(port.transport.rawValue) . \(port.hostPort) }"
        }
        return "published { \(port.transport.rawValue) . \(port.hostPort) }"
    }
}
