import Definitions

/// One host port forwarded to one container port: a `PublishPort=` range
/// with its host ports decided.
public struct PublishedPort: Sendable, Hashable, CustomStringConvertible {
    public var transport: TransportProtocol
    /// nil: every address of the host.
    public var hostAddress: IPv4Address?
    public var hostPort: UInt16
    public var containerPort: UInt16

    public init(transport: TransportProtocol, hostAddress: IPv4Address?, hostPort: UInt16, containerPort: UInt16) {
        self.transport = transport
        self.hostAddress = hostAddress
        self.hostPort = hostPort
        self.containerPort = containerPort
    }

    /// As `docker port` prints it: `80/tcp -> 0.0.0.0:8080`.
    public var description: String {
        "\(containerPort)/\(transport.rawValue) -> \(hostAddress ?? .any):\(hostPort)"
    }

    /// Two publications clash when they take the same port of the same
    /// protocol on an address both listen on.
    public func clashes(with other: PublishedPort) -> Bool {
        transport == other.transport && hostPort == other.hostPort
            && (hostAddress == nil || other.hostAddress == nil || hostAddress == other.hostAddress)
    }

    /// The record form: `tcp:0.0.0.0:8080:80`.
    var record: String { "\(transport.rawValue):\(hostAddress ?? .any):\(hostPort):\(containerPort)" }

    init?(record: Substring) {
        let fields = record.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 4, let transport = TransportProtocol(rawValue: String(fields[0])),
            let address = IPv4Address(fields[1]), let host = UInt16(fields[2]), let container = UInt16(fields[3])
        else { return nil }
        self.init(
            transport: transport, hostAddress: address == .any ? nil : address, hostPort: host,
            containerPort: container)
    }
}
