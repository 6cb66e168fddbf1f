/// The properties of one service unit that describe a container's state,
/// read from `org.freedesktop.systemd1.Unit` and `…Service`.
///
/// Timestamps are microseconds since the Unix epoch (CLOCK_REALTIME); 0 means
/// "never". Resource counters are nil when systemd does not account them
/// (it reports `UINT64_MAX`).
public struct UnitProperties: Sendable, Equatable {
    public var id: String
    public var description: String
    /// `loaded`, `not-found`, `bad-setting`, `error`, `masked`.
    public var loadState: String
    /// `active`, `reloading`, `inactive`, `failed`, `activating`, `deactivating`.
    public var activeState: String
    /// The service's own state: `running`, `exited`, `dead`, `auto-restart`, …
    public var subState: String
    /// The file the unit was generated from (the definition), if the generator set it.
    public var sourcePath: String
    public var fragmentPath: String
    public var activeEnterTimestamp: UInt64
    public var activeExitTimestamp: UInt64
    public var inactiveEnterTimestamp: UInt64
    public var inactiveExitTimestamp: UInt64
    public var stateChangeTimestamp: UInt64
    /// The id of the job queued for the unit, 0 when none.
    public var jobID: UInt32
    /// 0 when no main process runs.
    public var mainPID: UInt32
    /// How the main process ended: `CLD_EXITED` (1), `CLD_KILLED` (2),
    /// `CLD_DUMPED` (3); 0 when it has not ended (or never ran).
    public var execMainCode: Int32
    /// The exit status for `CLD_EXITED`, the signal number otherwise.
    public var execMainStatus: Int32
    public var execMainStartTimestamp: UInt64
    public var execMainExitTimestamp: UInt64
    /// `success`, `exit-code`, `signal`, `core-dump`, `timeout`, `resources`, …
    public var result: String
    public var restarts: UInt32
    public var memoryBytes: UInt64?
    public var cpuNanoseconds: UInt64?
    public var tasks: UInt64?
    /// The cgroup freezer: `running`, `freezing`, `frozen`, `thawing`.
    public var freezerState: String
    /// The unit's cgroup, relative to the cgroup2 mount; empty when it has none.
    public var controlGroup: String

    public init(
        id: String = "", description: String = "", loadState: String = "loaded",
        activeState: String = "inactive", subState: String = "dead", sourcePath: String = "",
        fragmentPath: String = "", activeEnterTimestamp: UInt64 = 0, activeExitTimestamp: UInt64 = 0,
        inactiveEnterTimestamp: UInt64 = 0, inactiveExitTimestamp: UInt64 = 0,
        stateChangeTimestamp: UInt64 = 0, jobID: UInt32 = 0, mainPID: UInt32 = 0,
        execMainCode: Int32 = 0, execMainStatus: Int32 = 0, execMainStartTimestamp: UInt64 = 0,
        execMainExitTimestamp: UInt64 = 0, result: String = "success", restarts: UInt32 = 0,
        memoryBytes: UInt64? = nil, cpuNanoseconds: UInt64? = nil, tasks: UInt64? = nil,
        freezerState: String = "running", controlGroup: String = ""
    ) {
        self.id = id
        self.description = description
        self.loadState = loadState
        self.activeState = activeState
        self.subState = subState
        self.sourcePath = sourcePath
        self.fragmentPath = fragmentPath
        self.activeEnterTimestamp = activeEnterTimestamp
        self.activeExitTimestamp = activeExitTimestamp
        self.inactiveEnterTimestamp = inactiveEnterTimestamp
        self.inactiveExitTimestamp = inactiveExitTimestamp
        self.stateChangeTimestamp = stateChangeTimestamp
        self.jobID = jobID
        self.mainPID = mainPID
        self.execMainCode = execMainCode
        self.execMainStatus = execMainStatus
        self.execMainStartTimestamp = execMainStartTimestamp
        self.execMainExitTimestamp = execMainExitTimestamp
        self.result = result
        self.restarts = restarts
        self.memoryBytes = memoryBytes
        self.cpuNanoseconds = cpuNanoseconds
        self.tasks = tasks
        self.freezerState = freezerState
        self.controlGroup = controlGroup
    }
}

extension UnitProperties {
    /// Sets the field a property named `name` maps to; unknown names are ignored.
    mutating func apply(_ name: String, _ value: Variant) {
        switch (name, value) {
        case ("Id", .string(let v)): id = v
        case ("Description", .string(let v)): description = v
        case ("LoadState", .string(let v)): loadState = v
        case ("ActiveState", .string(let v)): activeState = v
        case ("SubState", .string(let v)): subState = v
        case ("SourcePath", .string(let v)): sourcePath = v
        case ("FragmentPath", .string(let v)): fragmentPath = v
        case ("ActiveEnterTimestamp", .uint64(let v)): activeEnterTimestamp = v
        case ("ActiveExitTimestamp", .uint64(let v)): activeExitTimestamp = v
        case ("InactiveEnterTimestamp", .uint64(let v)): inactiveEnterTimestamp = v
        case ("InactiveExitTimestamp", .uint64(let v)): inactiveExitTimestamp = v
        case ("StateChangeTimestamp", .uint64(let v)): stateChangeTimestamp = v
        case ("MainPID", .uint64(let v)): mainPID = UInt32(truncatingIfNeeded: v)
        case ("ExecMainCode", .int64(let v)): execMainCode = Int32(truncatingIfNeeded: v)
        case ("ExecMainStatus", .int64(let v)): execMainStatus = Int32(truncatingIfNeeded: v)
        case ("ExecMainStartTimestamp", .uint64(let v)): execMainStartTimestamp = v
        case ("ExecMainExitTimestamp", .uint64(let v)): execMainExitTimestamp = v
        case ("Result", .string(let v)): result = v
        case ("NRestarts", .uint64(let v)): restarts = UInt32(truncatingIfNeeded: v)
        case ("MemoryCurrent", .uint64(let v)): memoryBytes = Self.counter(v)
        case ("CPUUsageNSec", .uint64(let v)): cpuNanoseconds = Self.counter(v)
        case ("TasksCurrent", .uint64(let v)): tasks = Self.counter(v)
        case ("FreezerState", .string(let v)): freezerState = v
        case ("ControlGroup", .string(let v)): controlGroup = v
        default: break
        }
    }

    /// The names `apply` understands: everything else in a `GetAll` reply is skipped unread.
    /// The properties of org.freedesktop.systemd1.Unit that we read.
    static let wantedOfUnit = [
        "Id", "Description", "LoadState", "ActiveState", "SubState", "SourcePath", "FragmentPath",
        "ActiveEnterTimestamp", "ActiveExitTimestamp", "InactiveEnterTimestamp", "InactiveExitTimestamp",
        "StateChangeTimestamp", "FreezerState",
    ]
    /// The properties of org.freedesktop.systemd1.Service that we read.
    static let wantedOfService = [
        "MainPID", "ExecMainCode", "ExecMainStatus", "ExecMainStartTimestamp", "ExecMainExitTimestamp", "Result",
        "NRestarts", "MemoryCurrent", "CPUUsageNSec", "TasksCurrent", "ControlGroup",
    ]

    static let wanted = Set(wantedOfUnit + wantedOfService)

    /// systemd reports "not accounted" as `UINT64_MAX`.
    private static func counter(_ value: UInt64) -> UInt64? {
        value == UInt64.max ? nil : value
    }
}

/// One row of `ListUnits`/`ListUnitsByPatterns`.
public struct UnitListEntry: Sendable, Equatable {
    public var name: String
    public var description: String
    public var loadState: String
    public var activeState: String
    public var subState: String
    /// The unit's object path, for property calls.
    public var path: String
    public var jobID: UInt32

    public init(
        name: String, description: String = "", loadState: String = "loaded", activeState: String,
        subState: String, path: String, jobID: UInt32 = 0
    ) {
        self.name = name
        self.description = description
        self.loadState = loadState
        self.activeState = activeState
        self.subState = subState
        self.path = path
        self.jobID = jobID
    }
}
