import Engine
import Generator
import Syscalls
import Systemd

/// A running container's health for `status` and `inspect`: the state,
/// the failing streak and the latest results (HealthMaxLogCount= of them).
public struct HealthSummary: Encodable, Sendable, Equatable {
    /// `starting`, `healthy` or `unhealthy`.
    public var status: String
    public var failingStreak: Int
    /// Oldest first.
    public var log: [Entry]

    public struct Entry: Encodable, Sendable, Equatable {
        /// RFC 3339, UTC.
        public var start: String
        public var end: String
        public var exitCode: Int32
        public var output: String
        /// From the startup check (HealthStartupCmd=).
        public var startup: Bool
    }

    public init(_ state: HealthState) {
        self.status = state.status.rawValue
        self.failingStreak = state.failingStreak
        self.log = state.log.map {
            Entry(
                start: Timestamp(microseconds: $0.start).rfc3339(), end: Timestamp(microseconds: $0.end).rfc3339(),
                exitCode: $0.exitCode, output: $0.output, startup: $0.startup)
        }
    }

    /// The health recorded for the run whose init is `mainPID`; nil when
    /// it has none (no check, or none run yet in this run).
    public static func current(name: String, mainPID: UInt32) -> HealthSummary? {
        guard mainPID > 0 else { return nil }
        let store = HealthStateStore(paths: .fromEnvironment(ProcessEnvironment.current()))
        return store.load(name, containerPID: Int32(bitPattern: mainPID)).map(HealthSummary.init)
    }

    /// `ps`'s word for a running container: the recorded status, else
    /// `starting` while its check's timer runs (no check has ended yet).
    static func psStatus(name: String, mainPID: UInt32, context: SystemContext) -> String? {
        if let status = current(name: name, mainPID: mainPID)?.status { return status }
        let timer = HealthUnits.timerName(name)
        let active = try? context.onBus("ps") { manager throws(BusError) -> Bool in
            guard let path = try manager.loadedUnitPath(timer) else { return false }
            return try manager.activity(ofUnitAt: path).activeState == "active"
        }
        return active == true ? HealthStatus.starting.rawValue : nil
    }

    /// `status` lines: the state with the streak, then the last result.
    public var rows: [(String, String)] {
        var rows = [("Health", status + (failingStreak > 0 ? " (failing streak \(failingStreak))" : ""))]
        if let last = log.last {
            let output = last.output.split(separator: "\n").last.map { ": \($0)" } ?? ""
            rows.append(("Last check", "\(last.end), exit \(last.exitCode)\(output)"))
        }
        return rows
    }

    /// What `ps` adds to STATUS: ` (healthy)`.
    public static func psSuffix(_ status: String?) -> String {
        status.map { " (\($0))" } ?? ""
    }
}
