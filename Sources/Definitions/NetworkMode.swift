/// `Network=`: which network namespace the container lives in.
public enum NetworkMode: Sendable, Equatable, CustomStringConvertible {
    /// The default bridge `swctl0`: a namespace of its own with a veth on the
    /// bridge, an address from the subnet, a default route and outbound NAT.
    case bridge
    /// A namespace of its own with loopback only.
    case none
    /// The host's network namespace.
    case host
    /// The namespace of another running container (`container:NAME`): the
    /// same interfaces, localhost shared.
    case container(String)

    /// The value as written in a definition.
    public var description: String {
        switch self {
        case .bridge: "bridge"
        case .none: "none"
        case .host: "host"
        case .container(let name): "container:\(name)"
        }
    }

    /// Parses a `Network=` value: `bridge`, `none`, `host` or `container:NAME`.
    public static func parse(_ value: String) throws(KeyValueError) -> NetworkMode {
        switch value {
        case "bridge": return .bridge
        case "none": return .none
        case "host": return .host
        default: break
        }
        if value.hasPrefix("container:") {
            let name = String(value.dropFirst("container:".count))
            guard ContainerDefinition.isValidName(name) else {
                throw KeyValueError(
                    "'\(value)': '\(name)' is not a container name (\(ContainerDefinition.nameRule))")
            }
            return .container(name)
        }
        throw KeyValueError(
            "'\(value)' is not supported (use bridge, none, host or container:NAME; named networks are not supported yet)"
        )
    }
}
