import Definitions

/// /etc/hosts and /etc/resolv.conf as `AddHost=`, `DNS=`, `DNSOption=` and
/// `DNSSearch=` change what the container's network made.
public enum NameResolutionFiles {
    /// `base` with one line per `AddHost=` after it. `gateway` is the host's
    /// address on the container's bridge, for `host-gateway`; nil when the
    /// container has none.
    public static func hosts(
        _ base: String, adding hosts: [AddedHost], gateway: IPv4Address?
    ) throws(NameResolutionError) -> String {
        guard !hosts.isEmpty else { return base }
        var text = base.isEmpty || base.hasSuffix("\n") ? base : base + "\n"
        text += try lines(hosts, gateway: gateway)
        return text
    }

    /// The `AddHost=` lines alone.
    public static func lines(_ hosts: [AddedHost], gateway: IPv4Address?) throws(NameResolutionError) -> String {
        var text = ""
        for host in hosts {
            let address: IPv4Address
            switch host.address {
            case .ip(let ip): address = ip
            case .hostGateway:
                guard let gateway else { throw .noGateway(host.names.joined(separator: ";")) }
                address = gateway
            }
            text += "\(address)\t\(host.names.joined(separator: " "))\n"
        }
        return text
    }

    /// The resolv.conf to bind: `base` (what the network chose; nil: none,
    /// the image's own file stays) with the nameservers, options and search
    /// domains the definition replaces. nil when nothing is to be bound
    /// (`DNS=none`, or no file and no key).
    public static func resolvConf(_ base: String?, _ resolution: NameResolution) -> String? {
        if resolution.servers == .none { return nil }
        if resolution.isDefault { return base }
        var kept: [String] = []
        var servers: [String] = []
        var search: String?
        var options: String?
        for line in (base ?? "").split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            switch words.first {
            case "nameserver": servers.append(String(line))
            case "search", "domain": search = String(line)
            case "options": options = String(line)
            default: kept.append(String(line))
            }
        }
        if case .addresses(let addresses) = resolution.servers {
            servers = addresses.map { "nameserver \($0)" }
        }
        if let domains = resolution.search {
            search = domains.isEmpty ? nil : "search " + domains.joined(separator: " ")
        }
        if !resolution.options.isEmpty { options = "options " + resolution.options.joined(separator: " ") }
        let lines = kept + servers + [search, options].compactMap { $0 }
        return lines.map { $0 + "\n" }.joined()
    }
}

public enum NameResolutionError: Error, Equatable, CustomStringConvertible {
    /// `host-gateway` in a network mode without a bridge of swctl's.
    case noGateway(String)

    public var description: String {
        switch self {
        case .noGateway(let names):
            return
                "AddHost: \(names):host-gateway needs Network=bridge (the default): with another Network= swctl knows no host address to use (write the address instead)"
        }
    }
}
