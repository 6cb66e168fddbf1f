import ImageSpec

/// One `[Container]` key: its name (as in Podman Quadlet) and how a value
/// sets it on a `ContainerDefinition`.
public struct ContainerKey: Sendable {
    public typealias Setter =
        @Sendable (inout ContainerDefinition, String, inout [String]) throws(KeyValueError) -> Void

    public let name: String
    /// Repeated assignments accumulate (otherwise the last one wins).
    /// For every key an empty assignment (`Key=`) resets it.
    public let isList: Bool
    /// Applies a non-empty value; may append warning messages.
    let set: Setter
    /// What an empty assignment does: back to the default.
    let reset: @Sendable (inout ContainerDefinition) -> Void

    init(
        _ name: String, list: Bool = false, reset: @escaping @Sendable (inout ContainerDefinition) -> Void,
        set: @escaping Setter
    ) {
        self.name = name
        self.isList = list
        self.reset = reset
        self.set = set
    }

    /// Applies one assignment, empty or not.
    public func apply(_ value: String, to definition: inout ContainerDefinition, warnings: inout [String])
        throws(KeyValueError)
    {
        if value.isEmpty { reset(&definition) } else { try set(&definition, value, &warnings) }
    }
}

/// The `[Container]` keys swctl understands, in the order of the man page.
/// Each entry is the whole contract of its key: name, list or not, parser.
public enum ContainerKeys {
    public static let all: [ContainerKey] = [
        ContainerKey("Image", reset: { $0.image = ""; $0.imageFile = nil }) { definition, value, _ throws(KeyValueError) in
            if definition.rootfs != nil {
                throw KeyValueError("conflicts with Rootfs= (a container runs either an image or a directory: keep one)")
            }
            definition.imageFile = try ImageDefinition.fileReference(value)
            // An absolute path is a root filesystem directory; an image in the
            // store is named with its registry or tag (`localhost/web:1`), so a
            // bare word is taken for a mistyped path rather than a Docker Hub name.
            let isReference =
                (value.contains("/") || value.contains(":")) && (try? ImageReference(parsing: value)) != nil
            guard value.hasPrefix("/") || isReference || definition.imageFile != nil else {
                throw KeyValueError(
                    "'\(value)' is neither an absolute path to a root filesystem directory nor an image reference with a registry or tag (e.g. localhost/web:1, docker.io/library/busybox)"
                )
            }
            definition.image = value
        },
        PullPolicy.key,
        ContainerKey("Exec", reset: { $0.exec = nil }) { definition, value, _ throws(KeyValueError) in
            definition.exec = try ValueParsers.commandLine(value)
        },
        ContainerKey("Entrypoint", reset: { $0.entrypoint = nil }) { definition, value, _ throws(KeyValueError) in
            definition.entrypoint = try ValueParsers.commandLine(value)
        },
        ContainerKey("Environment", list: true, reset: { $0.environment = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.environment += try ValueParsers.environment(value)
        },
        ContainerKey("EnvironmentFile", list: true, reset: { $0.environmentFiles = [] }) {
            definition, value, _ throws(KeyValueError) in
            // As in Quadlet: a relative path is relative to the definition's directory.
            if value.hasPrefix("/") {
                definition.environmentFiles.append(value)
            } else {
                definition.environmentFiles.append(directory(of: definition.sourcePath) + "/" + value)
            }
        },
        ContainerKey("WorkingDir", reset: { $0.workingDir = nil }) { definition, value, _ throws(KeyValueError) in
            definition.workingDir = try ValueParsers.absolutePath(value, example: "/srv")
        },
        ContainerKey("User", reset: { $0.user = nil }) { definition, value, _ throws(KeyValueError) in
            definition.user = try ValueParsers.account(value, kind: "user", example: "nobody or 65534")
        },
        ContainerKey("Group", reset: { $0.group = nil }) { definition, value, _ throws(KeyValueError) in
            definition.group = try ValueParsers.account(value, kind: "group", example: "nogroup or 65534")
        },
        ContainerKey("HostName", reset: { $0.hostName = nil }) { definition, value, _ throws(KeyValueError) in
            guard isHostName(value) else {
                throw KeyValueError(
                    "'\(value)' is not a host name (use letters, digits, '-' and '.', at most 64 characters, e.g. web1)"
                )
            }
            definition.hostName = value
        },
        ContainerKey("ReadOnly", reset: { $0.readOnly = false }) { definition, value, _ throws(KeyValueError) in
            definition.readOnly = try ValueParsers.boolean(value)
        },
        ContainerKey("StopSignal", reset: { $0.stopSignal = nil }) { definition, value, _ throws(KeyValueError) in
            guard let signal = SignalName.normalized(value) else {
                throw KeyValueError("'\(value)' is not a signal that stops a process (use e.g. SIGQUIT, SIGINT or 3)")
            }
            definition.stopSignal = signal
        },
        ContainerKey("Terminal", reset: { $0.terminal = false }) { definition, value, _ throws(KeyValueError) in
            definition.terminal = try ValueParsers.boolean(value)
        },
        ContainerKey("Volume", list: true, reset: { $0.volumes = [] }) {
            definition, value, warnings throws(KeyValueError) in
            definition.volumes.append(try VolumeMount.parse(value, warnings: &warnings))
        },
        ContainerKey("Tmpfs", list: true, reset: { $0.tmpfs = [] }) { definition, value, _ throws(KeyValueError) in
            definition.tmpfs.append(try TmpfsMount.parse(value))
        },
        ContainerKey("Network", reset: { $0.network = .bridge }) { definition, value, _ throws(KeyValueError) in
            definition.network = definition.network.adding(try NetworkMode.parse(value))
        },
        ContainerKey("NetworkAlias", list: true, reset: { $0.networkAliases = [] }) {
            definition, value, _ throws(KeyValueError) in
            guard isHostName(value) else {
                throw KeyValueError("'\(value)' is not a host name (use letters, digits, '-' and '.', e.g. db)")
            }
            definition.networkAliases.append(value)
        },
        ContainerKey("IP", reset: { $0.ipAddress = nil }) { definition, value, _ throws(KeyValueError) in
            definition.ipAddress = try parseStaticAddress(value)
        },
        ContainerKey("PublishPort", list: true, reset: { $0.publishPorts = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.publishPorts.append(try PortPublication.parse(value))
        },
        ContainerKey("ExposeHostPort", list: true, reset: { $0.exposePorts = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.exposePorts.append(try PortExposure.parse(value))
        },
        ContainerKey("Memory", reset: { $0.resources.memoryBytes = nil }) {
            definition, value, _ throws(KeyValueError) in
            let bytes = try ValueParsers.size(value)
            guard bytes > 0 else { throw KeyValueError("'\(value)' leaves no memory (use a size above 0, e.g. 512M)") }
            definition.resources.memoryBytes = bytes
        },
        ContainerKey("PidsLimit", reset: { $0.resources.pidsLimit = nil }) {
            definition, value, _ throws(KeyValueError) in
            guard let limit = ValueParsers.integer(value), limit == -1 || limit > 0 else {
                throw KeyValueError("'\(value)' is not a process limit (use a positive number, or -1 for no limit)")
            }
            definition.resources.pidsLimit = limit
        },
        ContainerKey("CPUs", reset: { $0.resources.cpus = nil }) { definition, value, _ throws(KeyValueError) in
            guard let cpus = ValueParsers.positiveDecimal(value) else {
                throw KeyValueError("'\(value)' is not a positive decimal number (use e.g. 0.5 or 2)")
            }
            // CPUQuota= has a resolution of 0.01 % of one CPU.
            guard (cpus * 10_000).rounded() >= 1 else {
                throw KeyValueError("'\(value)' is below the smallest quota (use at least 0.0001)")
            }
            definition.resources.cpus = cpus
        },
    ] + security + resources + userNamespace + stop + reload + runInit + autoUpdate + health
        + nameResolution + metadata + sysctl + hostContext + mount + rootfs + secret + logging + podmanOnly
        + deprecated

    /// `all` by name.
    public static let byName: [String: ContainerKey] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Podman Quadlet `[Container]` keys swctl does not implement yet: named
    /// as such in diagnostics, so a file written for Podman gets a clear
    /// answer instead of a guess. None now; a key a newer Quadlet adds goes
    /// here until it is implemented.
    public static let notYetSupported: Set<String> = []

    /// `dirname` of a definition path, without touching the file system.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "" : String(path[..<slash])
    }

    /// Up to 64 characters (the kernel's limit) of dot-separated labels of
    /// letters, digits and inner '-'.
    static func isHostName(_ value: String) -> Bool {
        guard value.utf8.count <= 64 else { return false }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { scalar in
                    switch scalar {
                    case "a"..."z", "A"..."Z", "0"..."9", "-": true
                    default: false
                    }
                }
        }
    }
}
