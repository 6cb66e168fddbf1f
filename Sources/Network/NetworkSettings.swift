import Definitions
import UnitFile

/// The default bridge network every `Network=bridge` container joins.
/// `/etc/swctl/swctl.conf` may move it:
///
///     [Network]
///     DefaultSubnet=172.30.0.0/16
///     DefaultBridge=swctl0
///     MTU=1500
public struct BridgeSettings: Sendable, Equatable {
    /// The bridge interface on the host (at most 15 bytes).
    public var bridge: String
    public var subnet: Subnet
    /// The MTU of the bridge and the veths. 1500 as Docker and podman; a
    /// large one (65520) makes traffic between the host and its containers
    /// as fast as loopback, while TCP to the outside still uses the outside
    /// link's segment size (the peer's MSS).
    public var mtu: UInt32

    public init(bridge: String = "swctl0", subnet: Subnet = BridgeSettings.defaultSubnet, mtu: UInt32 = 1500) {
        self.bridge = bridge
        self.subnet = subnet
        self.mtu = mtu
    }

    /// 10.88.0.0/16, as podman's default network.
    public static let defaultSubnet = Subnet(constant: IPv4Address(0x0a58_0000), prefixLength: 16)

    /// The bridge's own address: the containers' gateway.
    public var gateway: IPv4Address { subnet.gateway }

    /// Reads the `[Network]` section of swctl.conf's text; unset keys keep
    /// their defaults.
    public static func parse(_ text: String, path: String) throws(NetworkError) -> BridgeSettings {
        var settings = BridgeSettings()
        let parsed = UnitFile.parse(text, file: path)
        if let problem = parsed.diagnostics.first { throw NetworkError("read \(path): \(problem)") }
        for entry in parsed.unitFile.entries(in: "Network") {
            switch entry.key {
            case "DefaultSubnet":
                guard let subnet = Subnet(entry.value) else {
                    throw NetworkError(
                        "\(path):\(entry.line): DefaultSubnet: '\(entry.value)' is not an IPv4 subnet of /30 or larger (e.g. 10.88.0.0/16)"
                    )
                }
                settings.subnet = subnet
            case "DefaultBridge":
                guard isInterfaceName(entry.value) else {
                    throw NetworkError(
                        "\(path):\(entry.line): DefaultBridge: '\(entry.value)' is not an interface name (1 to 15 letters, digits, '-', '_')"
                    )
                }
                settings.bridge = entry.value
            case "MTU":
                guard let mtu = UInt32(entry.value), (1280...65535).contains(mtu) else {
                    throw NetworkError(
                        "\(path):\(entry.line): MTU: '\(entry.value)' is not an MTU (1280 to 65535, e.g. 1500 or 65520)"
                    )
                }
                settings.mtu = mtu
            default:
                throw NetworkError(
                    "\(path):\(entry.line): [Network]: unknown key \(entry.key) (use DefaultSubnet, DefaultBridge or MTU)"
                )
            }
        }
        return settings
    }

    static func isInterfaceName(_ name: String) -> Bool {
        (1...15).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }
}
