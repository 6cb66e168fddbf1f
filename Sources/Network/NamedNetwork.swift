import Definitions

/// A named network as it exists on this host: its definition with the
/// choices made when its first container joined (the bridge, and the
/// subnet when `Subnet=` is unset). Kept in its state directory until its
/// last container leaves, so an automatic subnet does not move under
/// running containers.
public struct NamedNetwork: Sendable, Equatable {
    public var name: String
    public var bridge: String
    public var subnet: IPv4Block
    public var gateway: IPv4Address
    /// Where container addresses come from; the whole subnet when nil.
    public var ipRange: IPv4Block?
    public var isInternal: Bool
    public var dns: [IPv4Address]

    public init(
        name: String, bridge: String, subnet: IPv4Block, gateway: IPv4Address, ipRange: IPv4Block? = nil,
        isInternal: Bool = false, dns: [IPv4Address] = []
    ) {
        self.name = name
        self.bridge = bridge
        self.subnet = subnet
        self.gateway = gateway
        self.ipRange = ipRange
        self.isInternal = isInternal
        self.dns = dns
    }

    /// The network `definition` describes, on `subnet` (its own `Subnet=`
    /// or one the pool chose).
    public init(_ definition: NetworkDefinition, subnet: IPv4Block) {
        self.init(
            name: definition.name, bridge: Self.bridgeName(for: definition.name), subnet: subnet,
            gateway: definition.gateway ?? IPv4Address(subnet.network.value + 1), ipRange: definition.ipRange,
            isInternal: definition.isInternal, dns: definition.dns)
    }

    /// All named networks' bridges start with this, so one nft pattern
    /// (`swn-*`) matches them and no veth (`sw` + hex) does.
    public static let bridgePrefix = "swn-"

    /// `swn-NAME` when that fits an interface name (15 bytes) and NAME is
    /// plain; otherwise `swn-` and a hash of NAME.
    public static func bridgeName(for name: String) -> String {
        let plain = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
        if plain && name.utf8.count <= 15 - bridgePrefix.utf8.count { return bridgePrefix + name }
        // FNV-1a: stable across runs and builds (Hasher is seeded per process).
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return bridgePrefix + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A free container address: in `IPRange=` (or the subnet), not the
    /// network, broadcast or gateway address, not held by `others`.
    public func chooseAddress(
        for container: String, staticAddress: IPv4Address?, others: [Lease]
    ) throws(NetworkError) -> IPv4Address {
        let reserved: Set<UInt32> = [subnet.network.value, subnet.last.value, gateway.value]
        if let wanted = staticAddress {
            guard subnet.contains(wanted), !reserved.contains(wanted.value) else {
                throw NetworkError(
                    "IP=\(wanted): not a free host address of network \(name) (\(subnet), gateway \(gateway))")
            }
            if let holder = others.first(where: { $0.address == wanted }) {
                throw NetworkError("IP=\(wanted): the address is held by container \(holder.name) on network \(name)")
            }
            return wanted
        }
        let pool = ipRange ?? subnet
        let taken = Set(others.map(\.address.value)).union(reserved)
        var candidate = pool.network.value
        while true {
            if !taken.contains(candidate) && subnet.contains(IPv4Address(candidate)) { return IPv4Address(candidate) }
            if candidate == pool.last.value { break }
            candidate += 1
        }
        throw NetworkError("attach \(container) to network \(name): no free address in \(pool)")
    }

    /// The state file's text: `KEY=VALUE` lines.
    public var record: String {
        var lines = ["Name=\(name)", "Bridge=\(bridge)", "Subnet=\(subnet)", "Gateway=\(gateway)"]
        if let ipRange { lines.append("IPRange=\(ipRange)") }
        lines.append("Internal=\(isInternal ? "yes" : "no")")
        lines += dns.map { "DNS=\($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `record`; nil when the file is not one (a crash mid-write
    /// cannot make one: it is replaced whole).
    public init?(record text: String) {
        var fields: [String: String] = [:]
        var dns: [IPv4Address] = []
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if key == "DNS" {
                guard let address = IPv4Address(value) else { return nil }
                dns.append(address)
            } else {
                fields[key] = value
            }
        }
        guard let name = fields["Name"], let bridge = fields["Bridge"],
            let subnet = fields["Subnet"].flatMap(IPv4Block.init),
            let gateway = fields["Gateway"].flatMap(IPv4Address.init)
        else { return nil }
        self.init(
            name: name, bridge: bridge, subnet: subnet, gateway: gateway,
            ipRange: fields["IPRange"].flatMap(IPv4Block.init), isInternal: fields["Internal"] == "yes", dns: dns)
    }
}

/// Automatic subnets: the /24s of 10.89.0.0/16 in order, as podman's
/// `10.89.N.0/24`, skipping every block some network already uses.
public enum NetworkPool {
    public static let pool = IPv4Block(network: IPv4Address(0x0a59_0000), prefixLength: 16)
    public static let blockLength = 24

    public static func nextSubnet(avoiding used: [IPv4Block]) -> IPv4Block? {
        guard let pool else { return nil }
        let step = UInt32(1) << UInt32(32 - blockLength)
        var start = pool.network.value
        while pool.contains(IPv4Address(start)) {
            if let block = IPv4Block(network: IPv4Address(start), prefixLength: blockLength),
                !used.contains(where: block.overlaps)
            {
                return block
            }
            start += step
        }
        return nil
    }
}
