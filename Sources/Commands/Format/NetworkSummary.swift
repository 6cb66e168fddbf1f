import Engine
import ImageSpec
import OCI

/// `inspect`'s `network`: how a running container is connected, from its
/// spec (which network namespace it joined) and the bridge's lease file.
public struct NetworkSummary: Encodable, Sendable, Equatable {
    /// `bridge`, `none`, `host` or `container:NAME`.
    public var mode: String
    /// The container's address on the bridge.
    public var ipAddress: String?
    /// `80/tcp -> 0.0.0.0:8080`, as `swctl port`.
    public var ports: [String]?
    /// `80/tcp`…: the image's ExposedPorts and `ExposeHostPort=` (documented,
    /// not published), from the spec's annotation.
    public var exposedPorts: [String]?

    public init(mode: String, ipAddress: String? = nil, ports: [String]? = nil, exposedPorts: [String]? = nil) {
        self.mode = mode
        self.ipAddress = ipAddress
        self.ports = ports
        self.exposedPorts = exposedPorts
    }

    /// The mode a spec's network namespace entry means: none shared means
    /// the host's; a new one is `none` (loopback only); a joined one is
    /// the container's own bridge namespace (`…/netns/NAME`) or another
    /// container's (`container:OTHER`).
    public static func mode(of spec: Spec, name: String, namespacesDirectory: String) -> String {
        guard let entry = spec.linux?.namespaces?.first(where: { $0.type == .network }) else { return "host" }
        guard let path = entry.path else { return "none" }
        let prefix = namespacesDirectory + "/"
        guard path.hasPrefix(prefix) else { return "joined \(path)" }
        let owner = String(path.dropFirst(prefix.count))
        return owner == name ? "bridge" : "container:\(owner)"
    }

    /// The summary of running container `name` with spec `spec`.
    public static func of(_ name: String, spec: Spec, paths: StatePaths) -> NetworkSummary {
        let mode = mode(of: spec, name: name, namespacesDirectory: paths.volatileRoot + "/netns")
        let exposed = spec.annotations?[ImageAnnotation.exposedPorts].map { $0.split(separator: ",").map(String.init) }
        guard mode == "bridge" else { return NetworkSummary(mode: mode, exposedPorts: exposed) }
        let ports = PublishedPorts.all(paths: paths)[name]?.map(\.portLine)
        return NetworkSummary(
            mode: mode, ipAddress: PublishedPorts.address(of: name, paths: paths),
            ports: ports?.isEmpty == false ? ports : nil, exposedPorts: exposed)
    }
}
