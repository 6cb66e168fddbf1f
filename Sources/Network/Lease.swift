import Definitions

/// What the bridge network has given one container: its address and its
/// published host ports. One line of the lease file:
/// `NAME ADDRESS [PROTO:HOSTIP:HOSTPORT:CONTAINERPORT]…`.
public struct Lease: Sendable, Equatable {
    public var name: String
    public var address: IPv4Address
    public var ports: [PublishedPort]
    /// More names peers on a named network resolve to this address
    /// (`NetworkAlias=`, the host name): `@NAME` fields.
    public var aliases: [String]

    public init(name: String, address: IPv4Address, ports: [PublishedPort] = [], aliases: [String] = []) {
        self.name = name
        self.address = address
        self.ports = ports
        self.aliases = aliases
    }

    /// The host side of the container's veth pair, named after its address
    /// (`sw0a580002`): unique while the lease is held, and found again by
    /// cleanup from the lease alone.
    public var hostInterface: String {
        let hex = String(address.value, radix: 16)
        return "sw" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// The lease file's text: one `Lease` a line. Lines that do not parse are
/// dropped (the file is rewritten whole under the lock, never appended to).
public enum LeaseFile {
    public static func parse(_ text: String) -> [Lease] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let address = IPv4Address(fields[1]) else { return nil }
            let ports = fields.dropFirst(2).compactMap { PublishedPort(record: $0) }
            let aliases = fields.dropFirst(2).filter { $0.hasPrefix("@") }.map { String($0.dropFirst()) }
            return Lease(name: String(fields[0]), address: address, ports: ports, aliases: aliases)
        }
    }

    public static func render(_ leases: [Lease]) -> String {
        leases.map { lease in
            ([lease.name, lease.address.description] + lease.ports.map(\.record) + lease.aliases.map { "@" + $0 })
                .joined(separator: " ") + "\n"
        }.joined()
    }
}
