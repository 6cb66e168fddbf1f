import UnitFile

/// The outcome of reading one `NAME.network` file.
public struct NetworkParseResult: Sendable, Equatable {
    public var path: String
    public var name: String?
    /// nil when any diagnostic is an error.
    public var definition: NetworkDefinition?
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

extension NetworkDefinition {
    /// The `[Network]` keys swctl reads.
    public static let keys = [
        "NetworkName", "Driver", "Subnet", "Gateway", "IPRange", "Internal", "DNS", "Label",
    ]

    /// Quadlet `[Network]` keys swctl does not implement: named as such.
    public static let notYetSupported: Set<String> = [
        "ContainersConfModule", "DisableDNS", "GlobalArgs", "IPAMDriver", "IPv6", "InterfaceName",
        "NetworkDeleteOnStop", "Options", "PodmanArgs",
    ]

    /// Reads the text of a network file: `[Network]` is checked; `[Unit]`,
    /// `[Install]` and `X-` sections are accepted and ignored (no unit is
    /// made for a network: its bridge appears with its first container).
    public static func parse(text: String, path: String) -> NetworkParseResult {
        let parsed = UnitFile.parse(text, file: path)
        var diagnostics = parsed.diagnostics
        let name = Self.name(fromPath: path)
        func report(_ message: String, line: Int) {
            diagnostics.append(.error(message, file: path, line: line))
        }
        if let name {
            if !isValidName(name) {
                report(
                    "'\(name)' is not a valid network name (\(ContainerDefinition.nameRule); not bridge, none, host or default)",
                    line: 1)
            }
        } else {
            report("not a network definition (the file name must be NAME.network)", line: 1)
        }
        let allowed = ["Unit", "Network", "Install"]
        for section in parsed.unitFile.sections where !allowed.contains(section.name) && !section.name.hasPrefix("X-") {
            report("[\(section.name)]: unknown section (use [Network])", line: section.line)
        }
        var definition = NetworkDefinition(name: name ?? "", sourcePath: path)
        for entry in parsed.unitFile.entries(in: "Network") {
            do {
                try definition.apply(entry)
            } catch {
                report("\(entry.key): \(error.message)", line: entry.line)
            }
        }
        if diagnostics.isEmpty {
            let line = { (key: String) in parsed.unitFile.lastEntry(key, in: "Network")?.line ?? 1 }
            for problem in definition.consistencyProblems(line: line) { report(problem.message, line: problem.line) }
        }
        let sorted = diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        return NetworkParseResult(
            path: path, name: name, definition: sorted.containsErrors ? nil : definition, diagnostics: sorted)
    }

    mutating func apply(_ entry: UnitFile.Entry) throws(KeyValueError) {
        let value = entry.value
        switch entry.key {
        case "NetworkName":
            if value.isEmpty { networkName = nil; return }
            guard Self.isValidName(value) else {
                throw KeyValueError("'\(value)' is not a network name (\(ContainerDefinition.nameRule))")
            }
            networkName = value
        case "Driver":
            guard value.isEmpty || value == "bridge" else {
                throw KeyValueError("'\(value)' is not supported (swctl networks are bridges: use Driver=bridge)")
            }
        case "Subnet":
            if value.isEmpty { subnet = nil; return }
            guard let block = IPv4Block(value), (8...29).contains(block.prefixLength) else {
                throw KeyValueError(
                    "'\(value)' is not an IPv4 subnet with its host bits zero, /8 to /29 (e.g. 10.89.5.0/24)")
            }
            subnet = block
        case "Gateway":
            if value.isEmpty { gateway = nil; return }
            guard let address = IPv4Address(value) else {
                throw KeyValueError("'\(value)' is not an IPv4 address (e.g. 10.89.5.1)")
            }
            gateway = address
        case "IPRange":
            if value.isEmpty { ipRange = nil; return }
            guard let block = IPv4Block(value) else {
                throw KeyValueError("'\(value)' is not an IPv4 block with its host bits zero (e.g. 10.89.5.128/25)")
            }
            ipRange = block
        case "Internal":
            if value.isEmpty { isInternal = false; return }
            guard let flag = UnitValue.boolean(value) else {
                throw KeyValueError("'\(value)' is not a boolean (use yes or no)")
            }
            isInternal = flag
        case "DNS":
            if value.isEmpty { dns = []; return }
            guard let address = IPv4Address(value) else {
                throw KeyValueError("'\(value)' is not an IPv4 address of a nameserver (e.g. 192.0.2.53)")
            }
            dns.append(address)
        case "Label":
            if value.isEmpty { labels = []; return }
            for word in value.split(separator: " ") {
                guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                    throw KeyValueError("'\(word)' is not KEY=VALUE (e.g. Label=tier=db)")
                }
                labels.append(Label(key: String(word[..<equals]), value: String(word[word.index(after: equals)...])))
            }
        default:
            if entry.key.hasPrefix("X-") { return }
            if Self.notYetSupported.contains(entry.key) {
                throw KeyValueError("not supported by swctl yet (remove it; swctl.network(5) lists the keys)")
            }
            if let close = Suggestion.closest(to: entry.key, among: Self.keys) {
                throw KeyValueError("unknown key in [Network] (did you mean \(close)?)")
            }
            throw KeyValueError("unknown key in [Network] (use \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Gateway and IPRange must sit inside the subnet, which must be given
    /// for them.
    func consistencyProblems(line: (String) -> Int) -> [(message: String, line: Int)] {
        var problems: [(message: String, line: Int)] = []
        if let gateway {
            if let subnet {
                if !subnet.contains(gateway) || gateway == subnet.network || gateway == subnet.last {
                    problems.append(
                        ("Gateway: '\(gateway)' is not a host address of Subnet \(subnet)", line("Gateway")))
                }
            } else {
                problems.append(
                    ("Gateway: needs Subnet= (a gateway of an automatic subnet cannot be chosen)", line("Gateway")))
            }
        }
        if let ipRange {
            if let subnet {
                if !(subnet.contains(ipRange.network) && subnet.contains(ipRange.last)) {
                    problems.append(("IPRange: '\(ipRange)' is not inside Subnet \(subnet)", line("IPRange")))
                }
            } else {
                problems.append(("IPRange: needs Subnet=", line("IPRange")))
            }
        }
        return problems
    }
}
