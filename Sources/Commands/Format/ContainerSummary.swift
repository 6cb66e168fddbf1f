import Systemd

/// One container as `ps` and `status` show it: its definition and its unit's state.
public struct ContainerSummary: Sendable, Equatable {
    public var name: String
    public var image: String?
    public var state: ContainerState
    /// systemd's own words, for those who know them; empty when not loaded.
    public var activeState: String
    public var subState: String
    public var mainPID: UInt32?
    public var result: String?
    /// The definition file, or the unit's `SourcePath=`.
    public var definitionPath: String?
    /// Published ports in `docker ps` notation (`0.0.0.0:8080->80/tcp`).
    public var ports: [String] = []
    /// `starting`, `healthy` or `unhealthy` while a health check runs (HealthSummary.swift).
    public var health: String? = nil

    public var unit: String { ContainerName.unit(name) }

    public init(
        name: String, image: String?, state: ContainerState, activeState: String = "",
        subState: String = "", mainPID: UInt32? = nil, result: String? = nil, definitionPath: String? = nil
    ) {
        self.name = name
        self.image = image
        self.state = state
        self.activeState = activeState
        self.subState = subState
        self.mainPID = mainPID
        self.result = result
        self.definitionPath = definitionPath
    }

    /// A loaded unit and, if there is one, its definition.
    public init(name: String, unit: UnitProperties, definition: DefinitionSummary?) {
        self.init(
            name: name, image: definition?.image, state: ContainerState(unit: unit),
            activeState: unit.activeState, subState: unit.subState,
            mainPID: unit.mainPID == 0 ? nil : unit.mainPID, result: unit.result,
            definitionPath: definition?.sourcePath ?? (unit.sourcePath.isEmpty ? nil : unit.sourcePath))
    }

    /// A definition whose unit systemd has not loaded; `state` from the
    /// journal when it remembers a run (else `.defined`).
    public init(definition: DefinitionSummary, state: ContainerState = .defined) {
        self.init(
            name: definition.name, image: definition.image, state: state,
            definitionPath: definition.sourcePath)
    }
}

/// `ps` output: the table and the JSON array.
public enum PsRendering {
    public static func table(_ containers: [ContainerSummary], now: Timestamp) -> String {
        let text = Table.render(
            headers: ["NAME", "IMAGE", "STATUS", "PORTS"],
            rows: containers.map {
                [
                    $0.name, $0.image ?? "-", $0.state.statusText(now: now) + HealthSummary.psSuffix($0.health),
                    $0.ports.joined(separator: ", "),
                ]
            })
        // Most rows publish nothing: no padding after their STATUS.
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Keys are stable: name, unit, image, state, status, activeState,
    /// subState, mainPid, since (RFC 3339, UTC), exitCode, result, definition.
    public static func json(_ containers: [ContainerSummary], now: Timestamp) -> String {
        JSONText.array(
            containers.map { c in
                [
                    ("name", .string(c.name)),
                    ("unit", .string(c.unit)),
                    ("image", .optional(c.image)),
                    ("state", .string(c.state.keyword)),
                    ("status", .string(c.state.statusText(now: now))),
                    ("activeState", .optional(c.activeState.isEmpty ? nil : c.activeState)),
                    ("subState", .optional(c.subState.isEmpty ? nil : c.subState)),
                    ("mainPid", .optional(c.mainPID)),
                    ("since", .optional(c.state.since?.rfc3339())),
                    ("exitCode", .optional(c.state.exitCode)),
                    ("result", .optional(c.result)),
                    ("definition", .optional(c.definitionPath)),
                    ("ports", .string(c.ports.joined(separator: ", "))),
                    ("health", .optional(c.health)),
                ]
            })
    }
}
