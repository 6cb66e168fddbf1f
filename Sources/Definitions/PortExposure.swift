/// `ExposeHostPort=PORT[-PORT][/tcp|/udp]` (Docker's `--expose`): documents
/// a port the container listens on, publishes nothing. Recorded with the
/// image's `ExposedPorts` in the spec's annotation.
public struct PortExposure: Sendable, Equatable {
    public var ports: ClosedRange<UInt16>
    public var transport: TransportProtocol

    public init(ports: ClosedRange<UInt16>, transport: TransportProtocol = .tcp) {
        self.ports = ports
        self.transport = transport
    }

    /// Parses an `ExposeHostPort=` value.
    public static func parse(_ value: String) throws(KeyValueError) -> PortExposure {
        var text = Substring(value)
        var transport = TransportProtocol.tcp
        if let slash = text.lastIndex(of: "/") {
            let name = text[text.index(after: slash)...]
            guard let parsed = TransportProtocol(rawValue: String(name)) else {
                throw KeyValueError("'\(value)': '\(name)' is not a protocol (use tcp or udp)")
            }
            transport = parsed
            text = text[..<slash]
        }
        guard let ports = PortPublication.portRange(text) else {
            throw KeyValueError("'\(value)' is not PORT[-PORT][/tcp|/udp] (e.g. 80, 8000-8010/udp)")
        }
        return PortExposure(ports: ports, transport: transport)
    }

    /// One `PORT/PROTO` per port, as image `ExposedPorts` keys are written.
    public var entries: [String] { ports.map { "\($0)/\(transport.rawValue)" } }
}
