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
    /// Named networks (`Network=NAME`, repeatable): one interface on each,
    /// `eth0`, `eth1`… in this order. Each is a `NAME.network` file.
    case named([String])

    /// The value as written in a definition.
    public var description: String {
        switch self {
        case .bridge: "bridge"
        case .none: "none"
        case .host: "host"
        case .container(let name): "container:\(name)"
        case .named(let names): names.joined(separator: ",")
        }
    }

    /// Parses a `Network=` value: `bridge`, `none`, `host`, `container:NAME`,
    /// or the name of a network (`NAME` or Quadlet's `NAME.network`).
    public static func parse(_ value: String) throws(KeyValueError) -> NetworkMode {
        switch value {
        case "bridge": return .bridge
        case "none": return .none
        case "host": return .host
        default: break
        }
        // Quadlet's `Network=NAME.container`: the namespace of that container.
        let containerFile = ContainerDefinition.name(fromPath: value).flatMap { value.contains("/") ? nil : $0 }
        if value.hasPrefix("container:") || containerFile != nil {
            let name = containerFile ?? String(value.dropFirst("container:".count))
            guard ContainerDefinition.isValidName(name) else {
                throw KeyValueError(
                    "'\(value)': '\(name)' is not a container name (\(ContainerDefinition.nameRule))")
            }
            return .container(name)
        }
        let name =
            value.hasSuffix(NetworkDefinition.fileSuffix)
            ? String(value.dropLast(NetworkDefinition.fileSuffix.count)) : value
        guard NetworkDefinition.isValidName(name) else {
            throw KeyValueError(
                "'\(value)' is neither a mode (bridge, none, host, container:NAME) nor a network name (\(ContainerDefinition.nameRule))"
            )
        }
        return .named([name])
    }

    /// A repeated `Network=`: names accumulate (one interface each); a mode
    /// replaces what was there, as the last assignment of a key does.
    public func adding(_ next: NetworkMode) -> NetworkMode {
        guard case .named(let current) = self, case .named(let added) = next else { return next }
        return .named(current + added.filter { !current.contains($0) })
    }
}
