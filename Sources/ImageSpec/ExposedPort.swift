/// One `ExposedPorts` key of an image config: `80/tcp`, `53/udp`, or a
/// bare `8080` (tcp, as Docker reads it).
public struct ExposedPort: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var port: UInt16
    /// `tcp`, `udp` or `sctp`.
    public var transport: String

    public init(port: UInt16, transport: String = "tcp") {
        self.port = port
        self.transport = transport
    }

    /// Parses a key; nil for anything else (a range, a bad number, an
    /// unknown protocol), which is then ignored as Docker ignores it.
    public init?(parsing key: String) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let port = UInt16(parts[0]), port > 0 else { return nil }
        let transport = parts.count == 2 ? parts[1].lowercased() : "tcp"
        guard ["tcp", "udp", "sctp"].contains(transport) else { return nil }
        self.init(port: port, transport: transport)
    }

    public var description: String { "\(port)/\(transport)" }

    public static func < (lhs: ExposedPort, rhs: ExposedPort) -> Bool {
        (lhs.port, lhs.transport) < (rhs.port, rhs.transport)
    }
}

extension RunConfig {
    /// The ports the image says its process listens on, sorted: what port
    /// publishing offers by default (`docker run -P`). Keys that are not
    /// `PORT[/PROTO]` are left out.
    public var exposedPortList: [ExposedPort] {
        (exposedPorts ?? [:]).keys.compactMap(ExposedPort.init(parsing:)).sorted()
    }

    /// The image-spec annotations a runtime spec carries for this config
    /// (image-spec `conversion.md`): every label (`org.opencontainers.image.*`
    /// labels keep their names), the stop signal and the exposed ports. A
    /// `stopSignal` given here (the definition's `StopSignal=`) wins over
    /// the image's.
    public func annotations(stopSignal override: String? = nil) -> [String: String] {
        var result = labels ?? [:]
        if let signal = override ?? stopSignal.flatMap({ $0.isEmpty ? nil : $0 }) {
            result[ImageAnnotation.stopSignal] = signal
        }
        let ports = exposedPortList
        if !ports.isEmpty { result[ImageAnnotation.exposedPorts] = ports.map(\.description).joined(separator: ",") }
        return result
    }
}

/// Annotation keys image-spec `conversion.md` defines for a runtime spec.
public enum ImageAnnotation {
    public static let stopSignal = "org.opencontainers.image.stopSignal"
    public static let exposedPorts = "org.opencontainers.image.exposedPorts"
}
