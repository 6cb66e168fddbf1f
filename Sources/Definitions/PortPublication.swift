/// `tcp` or `udp`: the protocols a port can be published for.
public enum TransportProtocol: String, Sendable, Hashable, CaseIterable {
    case tcp
    case udp
}

/// `PublishPort=[[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp]`: traffic to the
/// host's port (on one address, or on all) goes to the container's port.
/// Ranges map one to one (`8000-8002:80-82`).
public struct PortPublication: Sendable, Equatable {
    /// The host address it is published on; nil: every address of the host.
    public var hostAddress: IPv4Address?
    /// nil: `swctl prepare` picks free host ports at each start.
    public var hostPorts: ClosedRange<UInt16>?
    public var containerPorts: ClosedRange<UInt16>
    public var transport: TransportProtocol

    public init(
        hostAddress: IPv4Address? = nil, hostPorts: ClosedRange<UInt16>?, containerPorts: ClosedRange<UInt16>,
        transport: TransportProtocol = .tcp
    ) {
        self.hostAddress = hostAddress
        self.hostPorts = hostPorts
        self.containerPorts = containerPorts
        self.transport = transport
    }

    /// Parses a `PublishPort=` value.
    public static func parse(_ value: String) throws(KeyValueError) -> PortPublication {
        let usage = "'\(value)' is not [[IP:]HOSTPORT:]CONTAINERPORT[/tcp|/udp] (e.g. 8080:80, 127.0.0.1:53:53/udp)"
        var text = Substring(value)
        var transport = TransportProtocol.tcp
        if let slash = text.lastIndex(of: "/") {
            guard let parsed = TransportProtocol(rawValue: String(text[text.index(after: slash)...])) else {
                throw KeyValueError(
                    "'\(value)': '\(text[text.index(after: slash)...])' is not a protocol (use tcp or udp)")
            }
            transport = parsed
            text = text[..<slash]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var address: IPv4Address?
        var hostText: Substring?
        switch parts.count {
        case 1:
            break
        case 2:
            hostText = parts[0]
        case 3:
            guard let parsed = IPv4Address(parts[0]) else {
                throw KeyValueError("'\(value)': '\(parts[0])' is not an IPv4 address (e.g. 127.0.0.1)")
            }
            address = parsed == .any ? nil : parsed
            hostText = parts[1].isEmpty ? nil : parts[1]
        default:
            throw KeyValueError(usage)
        }
        guard let container = portRange(parts[parts.count - 1]) else {
            throw KeyValueError("\(usage): '\(parts[parts.count - 1])' is not a port or range (1-65535)")
        }
        var host: ClosedRange<UInt16>?
        if let hostText {
            guard let parsed = portRange(hostText) else {
                throw KeyValueError("\(usage): '\(hostText)' is not a port or range (1-65535)")
            }
            guard parsed.count == container.count else {
                throw KeyValueError(
                    "'\(value)': the host range \(hostText) and the container range \(parts[parts.count - 1]) differ in size"
                )
            }
            host = parsed
        }
        return PortPublication(hostAddress: address, hostPorts: host, containerPorts: container, transport: transport)
    }

    /// `80` or `8000-8010`, ports 1 to 65535.
    static func portRange(_ text: Substring) -> ClosedRange<UInt16>? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2 else { return nil }
        let numbers = bounds.compactMap { bound -> UInt16? in
            guard !bound.isEmpty, bound.count <= 5, bound.allSatisfy({ $0.isASCII && $0.isNumber }),
                let port = UInt16(bound), port > 0
            else { return nil }
            return port
        }
        guard numbers.count == bounds.count, let low = numbers.first, let high = numbers.last, low <= high else {
            return nil
        }
        return low...high
    }
}
