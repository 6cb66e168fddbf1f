import Definitions

/// A container's health as `docker ps` shows it.
public enum HealthStatus: String, Codable, Sendable, Equatable {
    /// No check has passed yet (or the startup check still runs).
    case starting
    case healthy
    case unhealthy
}

/// One run of a check.
public struct HealthResult: Codable, Sendable, Equatable {
    /// Microseconds since the epoch.
    public var start: Int64
    public var end: Int64
    /// The command's exit status; `timedOutExitCode` when it was killed at
    /// its timeout, 126/127 when it could not be run.
    public var exitCode: Int32
    /// Its standard output and error, cut to `HealthMaxLogSize=` characters.
    public var output: String
    /// The result of the startup check (`HealthStartupCmd=`).
    public var startup: Bool

    /// What a check killed at its timeout reports, as `timeout(1)`.
    public static let timedOutExitCode: Int32 = 124

    public init(start: Int64, end: Int64, exitCode: Int32, output: String, startup: Bool = false) {
        self.start = start
        self.end = end
        self.exitCode = exitCode
        self.output = output
        self.startup = startup
    }

    public var passed: Bool { exitCode == 0 }
}

/// What a recorded result changed, for the caller to act on.
public enum HealthEvent: Sendable, Equatable {
    /// The first pass, or a pass after being unhealthy.
    case becameHealthy
    /// `HealthRetries=` failures in a row (outside the start period).
    case becameUnhealthy
    /// The startup check has passed `HealthStartupSuccess=` times: the
    /// regular check takes over.
    case startupPassed
    /// The startup check failed `HealthStartupRetries=` times in a row.
    case startupFailed
}

/// The health of one run of a container, kept in
/// `/run/swctl/health/NAME.json` between the checks (no process stays).
public struct HealthState: Codable, Sendable, Equatable {
    public var status: HealthStatus
    /// Failures in a row that counted (docker's FailingStreak).
    public var failingStreak: Int
    /// The startup check is done, or there is none.
    public var startupDone: Bool
    public var startupSuccesses: Int
    public var startupFailures: Int
    /// The run this state belongs to: the container init's PID and its
    /// start (microseconds since the epoch); another run starts afresh.
    public var containerPID: Int32
    public var containerStart: Int64
    /// READY=1 has been sent for `Notify=healthy`.
    public var readySent: Bool
    /// The latest results, oldest first.
    public var log: [HealthResult]

    /// The state before any check of the run of `containerPID`.
    public init(for check: HealthCheck, containerPID: Int32, containerStart: Int64) {
        self.status = .starting
        self.failingStreak = 0
        self.startupDone = check.startup == nil
        self.startupSuccesses = 0
        self.startupFailures = 0
        self.containerPID = containerPID
        self.containerStart = containerStart
        self.readySent = false
        self.log = []
    }

    /// Whether the next check is the startup check.
    public var inStartup: Bool { !startupDone }

    /// Adds `result` of the startup check (while `inStartup`) or of the
    /// regular check, and returns what changed.
    public mutating func record(_ result: HealthResult, check: HealthCheck) -> [HealthEvent] {
        append(result, check: check)
        if result.startup, let startup = check.startup, !startupDone {
            return recordStartup(result, startup: startup)
        }
        if result.passed {
            failingStreak = 0
            guard status != .healthy else { return [] }
            status = .healthy
            return [.becameHealthy]
        }
        // Failures while starting, within the start period, do not count
        // (as docker's --start-period); the first pass ends the period.
        if status == .starting, result.start - containerStart < Int64(clamping: check.startPeriodMicroseconds) {
            return []
        }
        failingStreak += 1
        guard failingStreak >= check.retries, status != .unhealthy else { return [] }
        status = .unhealthy
        return [.becameUnhealthy]
    }

    private mutating func recordStartup(_ result: HealthResult, startup: StartupHealthCheck) -> [HealthEvent] {
        if result.passed {
            startupSuccesses += 1
            startupFailures = 0
            guard startupSuccesses >= max(1, startup.successes) else { return [] }
            startupDone = true
            return [.startupPassed]
        }
        startupFailures += 1
        guard startup.retries > 0, startupFailures >= startup.retries else { return [] }
        return [.startupFailed]
    }

    /// Keeps the output to `maxLogSize` characters and the log to the last
    /// `maxLogCount` results (0: no limit).
    private mutating func append(_ result: HealthResult, check: HealthCheck) {
        var kept = result
        if check.maxLogSize > 0, kept.output.count > check.maxLogSize {
            kept.output = String(kept.output.prefix(check.maxLogSize))
        }
        log.append(kept)
        if check.maxLogCount > 0, log.count > check.maxLogCount {
            log.removeFirst(log.count - check.maxLogCount)
        }
    }
}
