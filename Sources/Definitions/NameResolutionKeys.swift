/// `AddHost=`, `DNS=`, `DNSOption=`, `DNSSearch=` (podman's `--add-host`,
/// `--dns`, `--dns-option`, `--dns-search`), appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let nameResolution: [ContainerKey] = [
        ContainerKey("AddHost", list: true, reset: { $0.nameResolution.hosts = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.nameResolution.hosts.append(try addedHost(value))
        },
        ContainerKey("DNS", list: true, reset: { $0.nameResolution.servers = .network }) {
            definition, value, _ throws(KeyValueError) in
            definition.nameResolution.servers = try nameServers(value, adding: definition.nameResolution.servers)
        },
        ContainerKey("DNSOption", list: true, reset: { $0.nameResolution.options = [] }) {
            definition, value, _ throws(KeyValueError) in
            for option in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                guard option.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                    throw KeyValueError("'\(option)' is not a resolver option (use e.g. ndots:2 or edns0)")
                }
                definition.nameResolution.options.append(String(option))
            }
        },
        ContainerKey("DNSSearch", list: true, reset: { $0.nameResolution.search = nil }) {
            definition, value, _ throws(KeyValueError) in
            // As podman: `.` removes the search domains.
            if value == "." {
                definition.nameResolution.search = []
                return
            }
            var domains = definition.nameResolution.search ?? []
            for domain in value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
                guard isHostName(domain.hasSuffix(".") ? String(domain.dropLast()) : domain) else {
                    throw KeyValueError("'\(domain)' is not a domain (use e.g. example.com, or . for none)")
                }
                domains.append(domain)
            }
            definition.nameResolution.search = domains
        },
    ]

    /// `NAME[;NAME…]:ADDRESS` with an IPv4 address or `host-gateway`.
    static func addedHost(_ value: String) throws(KeyValueError) -> AddedHost {
        let usage = "use NAME:ADDRESS, e.g. db.example:10.0.0.5 or gateway:host-gateway"
        guard let colon = value.firstIndex(of: ":") else {
            throw KeyValueError("'\(value)' is not NAME:ADDRESS (\(usage))")
        }
        let names = value[..<colon].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        for name in names where !isHostName(name) {
            throw KeyValueError("'\(name)' is not a host name (\(usage))")
        }
        let text = String(value[value.index(after: colon)...])
        if text == "host-gateway" { return AddedHost(names: names, address: .hostGateway) }
        guard let address = IPv4Address(text) else {
            if text.contains(":") {
                throw KeyValueError("'\(text)': IPv6 is not supported on swctl networks yet (\(usage))")
            }
            throw KeyValueError("'\(text)' is not an IPv4 address or host-gateway (\(usage))")
        }
        return AddedHost(names: names, address: .ip(address))
    }

    /// `none`, or IPv4 addresses added to those already given.
    static func nameServers(
        _ value: String, adding current: NameResolution.Servers
    ) throws(KeyValueError) -> NameResolution.Servers {
        if value == "none" {
            if case .addresses = current {
                throw KeyValueError("'none' cannot be combined with nameservers (use DNS=none alone)")
            }
            return .none
        }
        var addresses: [IPv4Address] = []
        if case .addresses(let earlier) = current { addresses = earlier }
        if current == .none {
            throw KeyValueError("'\(value)' cannot be combined with DNS=none (remove one of them)")
        }
        for word in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let address = IPv4Address(word) else {
                if word.contains(":") {
                    throw KeyValueError("'\(word)': IPv6 is not supported on swctl networks yet (use an IPv4 address)")
                }
                throw KeyValueError("'\(word)' is not an IPv4 address or none (use e.g. 192.168.55.1)")
            }
            addresses.append(address)
        }
        return .addresses(addresses)
    }
}
