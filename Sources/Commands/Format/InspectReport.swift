import ImageStore
import JSON
import OCI
import Systemd
import UnitFile

/// One container as `inspect` shows it: definition, unit state, cgroup and,
/// while it runs, the effective OCI spec's mounts and process. Encoded with
/// sorted keys, so the JSON is stable for scripts and diffs.
public struct InspectReport: Encodable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var image: String?
    public var definition: Definition?
    public var state: State
    /// The unit's cgroup, relative to the cgroup2 mount.
    public var cgroup: String?
    /// The OCI bundle the container was started from (while it runs).
    public var bundle: String?
    public var hostname: String?
    public var mounts: [OCI.Mount]?
    /// The container's init: args, env, cwd, user, capabilities, rlimits, …
    public var process: OCI.Process?
    /// While it runs: the spec's annotations (`Label=`, `Annotation=`, the
    /// image's labels, swctl's own `org.swctl.*`).
    public var annotations: [String: String]?
    /// Seccomp profile and digest, AppArmor, capabilities, masks, pids
    /// limit, while the container runs (ConfinementSummary.swift).
    public var confinement: ConfinementSummary?
    /// When `Image=` names a stored image: its digests and layers.
    public var imageDetails: ImageSummary?
    /// While it runs: network mode, address on the bridge, published ports.
    public var network: NetworkSummary?
    /// While a health check runs: its state, failing streak and last results.
    public var health: HealthSummary?

    public struct Definition: Encodable, Sendable, Equatable {
        public var path: String
        /// Section → key → values in file order (a key may repeat:
        /// `Volume=`, `Environment=`).
        public var keys: [String: [String: [String]]]
        /// What the parser could not read, as `FILE:LINE: message`.
        public var problems: [String]?
    }

    /// The fields docker's `.State` has, in systemd's terms too.
    public struct State: Encodable, Sendable, Equatable {
        /// `running`, `paused`, `exited`, … (`ps --format json` "state").
        public var status: String
        /// `Up 3 minutes (Paused)`, … (the `ps` STATUS column).
        public var statusText: String
        public var running: Bool
        public var paused: Bool
        public var activeState: String?
        public var subState: String?
        public var mainPid: UInt32?
        /// When the main process started (RFC 3339, UTC).
        public var startedAt: String?
        public var exitCode: Int32?
        public var result: String?
    }

    /// - Parameters:
    ///   - definitionText: the definition file's contents, when it could be read.
    ///   - spec: the bundle's config.json, when the container runs.
    public init(
        name: String, unit: UnitProperties?, definition: DefinitionSummary?, definitionText: String?,
        spec: Spec?, bundle: String?, now: Timestamp
    ) {
        let summary =
            unit.map { ContainerSummary(name: name, unit: $0, definition: definition) }
            ?? ContainerSummary(
                name: name, image: definition?.image, state: .defined, definitionPath: definition?.sourcePath)
        self.name = name
        self.unit = summary.unit
        self.image = summary.image
        self.definition = summary.definitionPath.map { path in
            Self.definition(path: path, text: path == definition?.sourcePath ? definitionText : nil)
        }
        let started = unit.flatMap { Timestamp(systemd: $0.execMainStartTimestamp) }
        self.state = State(
            status: summary.state.keyword, statusText: summary.state.statusText(now: now),
            running: summary.state.isRunning, paused: summary.state.isPaused,
            activeState: unit?.activeState, subState: unit?.subState, mainPid: summary.mainPID,
            startedAt: started?.rfc3339(), exitCode: summary.state.exitCode, result: summary.result)
        self.cgroup = unit.flatMap { $0.controlGroup.isEmpty ? nil : $0.controlGroup }
        self.bundle = spec == nil ? nil : bundle
        self.hostname = spec?.hostname
        self.mounts = spec?.mounts
        self.process = spec?.process
        self.annotations = spec?.annotations
        self.confinement = spec.flatMap(ConfinementSummary.init(spec:))
    }

    /// The reports as a JSON array, `docker inspect` style.
    public static func json(_ reports: [InspectReport]) throws -> String {
        try JSONEncoder(outputFormatting: [.prettyPrinted, .sortedKeys]).encodeToString(reports) + "\n"
    }

    private static func definition(path: String, text: String?) -> Definition {
        guard let text else { return Definition(path: path, keys: [:], problems: ["\(path): could not be read"]) }
        let parsed = UnitFile.parse(text, file: path)
        var keys: [String: [String: [String]]] = [:]
        for section in parsed.unitFile.sections {
            for entry in section.entries {
                keys[section.name, default: [:]][entry.key, default: []].append(entry.value)
            }
        }
        let problems = parsed.diagnostics.map { "\($0)" }
        return Definition(path: path, keys: keys, problems: problems.isEmpty ? nil : problems)
    }
}
