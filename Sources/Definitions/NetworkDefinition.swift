/// A named network declared as `NAME.network` beside the container
/// definitions (Podman Quadlet's `[Network]` keys). Containers join it with
/// `Network=NAME` (or Quadlet's `Network=NAME.network`).
public struct NetworkDefinition: Sendable, Equatable {
    /// The file's base name: what `Network=` names.
    public var name: String
    public var sourcePath: String
    /// `NetworkName=`: the name shown by `swctl network ls`; the file's base
    /// name when unset (Quadlet's `systemd-NAME` prefix is for podman's own
    /// network list, which swctl does not share).
    public var networkName: String?
    /// `Subnet=`; nil: the next free /24 of the pool (see `NetworkPool`).
    public var subnet: IPv4Block?
    /// `Gateway=`; nil: the subnet's first address.
    public var gateway: IPv4Address?
    /// `IPRange=`: where container addresses are taken from (inside the subnet).
    public var ipRange: IPv4Block?
    /// `Internal=yes`: no masquerade and no default route out.
    public var isInternal: Bool
    /// `DNS=`: the nameservers in the containers' resolv.conf (instead of the host's).
    public var dns: [IPv4Address]
    /// `Label=KEY=VALUE`, in file order.
    public var labels: [Label]

    public struct Label: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(name: String, sourcePath: String) {
        self.name = name
        self.sourcePath = sourcePath
        self.networkName = nil
        self.subnet = nil
        self.gateway = nil
        self.ipRange = nil
        self.isInternal = false
        self.dns = []
        self.labels = []
    }

    /// The network's shown name.
    public var displayName: String { networkName ?? name }

    /// The definition file suffix.
    public static let fileSuffix = ".network"

    /// The network name `path` stands for (`/etc/swctl/containers/db.network`
    /// → `db`), nil when it does not end in `.network`.
    public static func name(fromPath path: String) -> String? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard base.hasSuffix(fileSuffix), base.count > fileSuffix.count else { return nil }
        return String(base.dropLast(fileSuffix.count))
    }

    /// Names follow the container rule; `bridge`, `none`, `host` and
    /// `default` are `Network=` modes, not names a file may take.
    public static func isValidName(_ name: String) -> Bool {
        ContainerDefinition.isValidPlainName(name) && !reservedNames.contains(name)
    }

    public static let reservedNames: Set<String> = ["bridge", "none", "host", "default"]
}

/// An IPv4 block in CIDR form (`10.89.1.0/24`), host bits zero.
public struct IPv4Block: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefixLength: Int

    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength), network.value & ~Self.mask(prefixLength) == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// `ADDRESS/PREFIX`, host bits zero.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]), !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1])
        else { return nil }
        self.init(network: address, prefixLength: length)
    }

    public var description: String { "\(network)/\(prefixLength)" }
    public var mask: UInt32 { Self.mask(prefixLength) }
    public var last: IPv4Address { IPv4Address(network.value | ~mask) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    /// Whether the two blocks share an address.
    public func overlaps(_ other: IPv4Block) -> Bool {
        network.value <= other.last.value && other.network.value <= last.value
    }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }
}
