import Definitions

/// An IPv4 subnet in CIDR form (`10.88.0.0/16`).
public struct Subnet: Sendable, Equatable, CustomStringConvertible {
    /// The network address (host bits zero).
    public var network: IPv4Address
    public var prefixLength: Int

    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        let mask = Subnet.mask(prefixLength)
        guard network.value & ~mask == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// For constants that are valid by construction.
    init(constant network: IPv4Address, prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// `ADDRESS/PREFIX` with the host bits zero; at most /30, so there is a
    /// gateway and at least one container address.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]), parts[1].allSatisfy(\.isNumber),
            let length = Int(parts[1]), length <= 30
        else { return nil }
        self.init(network: address, prefixLength: length)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public var mask: UInt32 { Subnet.mask(prefixLength) }

    /// The broadcast address: no container may have it.
    public var broadcast: IPv4Address { IPv4Address(network.value | ~mask) }

    /// The first usable address: the bridge's own (the containers' gateway).
    public var gateway: IPv4Address { IPv4Address(network.value + 1) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    /// The addresses a container may get: all but network, gateway and broadcast.
    public var containerAddresses: ClosedRange<UInt32> { (network.value + 2)...(broadcast.value - 1) }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}
