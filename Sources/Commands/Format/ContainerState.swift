import Systemd

/// Where a container is in its life, derived from its unit's state: the one
/// place that turns systemd's ActiveState/SubState/Result into the words
/// `ps` and `status` show. Commands ask this type instead of comparing
/// systemd's strings.
public enum ContainerState: Sendable, Equatable {
    /// A definition exists, systemd has not loaded the unit.
    case defined
    /// The unit is loaded but has never been started.
    case created
    /// Start in progress (`swctl prepare`, the runtime).
    case starting(since: Timestamp?)
    case running(since: Timestamp?)
    /// Running, with every process frozen by the cgroup freezer (`pause`);
    /// `since` is when it started running, as docker's `Up 3 minutes (Paused)`.
    case paused(since: Timestamp?)
    case stopping(since: Timestamp?)
    /// Waiting to be started again after its process ended (`Restart=`);
    /// `exitCode` as for `exited`.
    case restarting(exitCode: Int32?, since: Timestamp?)
    /// The container's process ended: `exitCode` is its exit status, or
    /// 128 + the signal that killed it (as docker reports it); nil when only
    /// the journal remembers the run (systemd unloaded the unit), which
    /// tells that it ended well but not with which status.
    case exited(exitCode: Int32?, at: Timestamp?)
    /// The unit failed without the container's process telling why (e.g.
    /// `swctl prepare` failed, a timeout): `result` is systemd's `Result`.
    case failed(result: String, at: Timestamp?)

    /// Derives the state from a loaded unit's properties.
    public init(unit: UnitProperties) {
        switch unit.activeState {
        case "active", "reloading":
            let since = Timestamp(systemd: unit.activeEnterTimestamp)
            self = unit.freezerState == "frozen" ? .paused(since: since) : .running(since: since)
        case "deactivating":
            self = .stopping(since: Timestamp(systemd: unit.activeExitTimestamp))
        case "activating" where unit.subState == "auto-restart":
            self = .restarting(exitCode: Self.exitCode(unit), since: Self.endTime(unit))
        case "activating":
            self = .starting(since: Timestamp(systemd: unit.inactiveExitTimestamp))
        default:
            guard unit.inactiveExitTimestamp != 0 else {
                self = .created
                return
            }
            // The main process's status is stale when it is from an earlier
            // run (this run failed before the process was started): then it
            // ended before the unit last left "inactive".
            let mainRanThisTime = unit.execMainExitTimestamp >= unit.inactiveExitTimestamp
            if mainRanThisTime, let code = Self.exitCode(unit) {
                self = .exited(exitCode: code, at: Self.endTime(unit))
            } else if unit.result != "success" {
                self = .failed(result: unit.result, at: Timestamp(systemd: unit.inactiveEnterTimestamp))
            } else {
                self = .exited(exitCode: 0, at: Timestamp(systemd: unit.inactiveEnterTimestamp))
            }
        }
    }

    /// A one-word name, stable for scripts (`ps --format json` "state").
    public var keyword: String {
        switch self {
        case .defined: "defined"
        case .created: "created"
        case .starting: "starting"
        case .running: "running"
        case .paused: "paused"
        case .stopping: "stopping"
        case .restarting: "restarting"
        case .exited: "exited"
        case .failed: "failed"
        }
    }

    /// True while the container's processes may run (signals can reach them).
    public var isRunning: Bool {
        switch self {
        case .running, .paused, .starting, .stopping: true
        default: false
        }
    }

    /// True while the cgroup freezer holds every process (`pause`).
    public var isPaused: Bool {
        if case .paused = self { return true }
        return false
    }

    /// When the current state began, if systemd recorded it.
    public var since: Timestamp? {
        switch self {
        case .defined, .created: nil
        case .starting(let t), .running(let t), .paused(let t), .stopping(let t): t
        case .restarting(_, let t), .exited(_, let t), .failed(_, let t): t
        }
    }

    /// The container's last exit code, when its process has ended.
    public var exitCode: Int32? {
        switch self {
        case .exited(let code, _): code
        case .restarting(let code, _): code
        default: nil
        }
    }

    /// The STATUS column: `Up 3 minutes`, `Exited (1) 2 minutes ago`, …
    public func statusText(now: Timestamp) -> String {
        func ago(_ time: Timestamp?) -> String {
            guard let time else { return "" }
            return " " + HumanDuration.describe(microseconds: max(0, now.microseconds - time.microseconds)) + " ago"
        }
        switch self {
        case .defined: return "Defined"
        case .created: return "Created"
        case .starting: return "Starting"
        case .stopping: return "Stopping"
        case .running(let since):
            guard let since else { return "Up" }
            return "Up " + HumanDuration.describe(microseconds: max(0, now.microseconds - since.microseconds))
        case .paused(let since):
            return Self.running(since: since).statusText(now: now) + " (Paused)"
        case .restarting(let code, let since):
            return "Restarting" + (code.map { " (\($0))" } ?? "") + ago(since)
        case .exited(let code, let at):
            return "Exited" + (code.map { " (\($0))" } ?? "") + ago(at)
        case .failed(let result, let at):
            return "Failed (\(result))" + ago(at)
        }
    }

    /// How the last run of an unloaded unit ended, from the journal: the
    /// `MESSAGE_ID` of systemd's last "deactivated successfully" or "failed"
    /// message about it, that message's `UNIT_RESULT` and its time; nil for
    /// other messages.
    public init?(lastEnd messageID: String, result: String?, at time: Timestamp) {
        switch messageID {
        case UnitEndMessage.success: self = .exited(exitCode: nil, at: time)
        case UnitEndMessage.failure: self = .failed(result: result ?? "failed", at: time)
        default: return nil
        }
    }

    /// The main process's end as docker reports it: the exit status, or 128 +
    /// the signal (`CLD_KILLED`, `CLD_DUMPED`); nil if it has not ended.
    private static func exitCode(_ unit: UnitProperties) -> Int32? {
        switch unit.execMainCode {
        case 1: unit.execMainStatus
        case 2, 3: 128 + unit.execMainStatus
        default: nil
        }
    }

    private static func endTime(_ unit: UnitProperties) -> Timestamp? {
        Timestamp(systemd: unit.execMainExitTimestamp) ?? Timestamp(systemd: unit.inactiveEnterTimestamp)
    }
}
