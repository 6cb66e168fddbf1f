import ImageSpec

/// A health check's command: run directly (`["CMD", …]` in an image,
/// a JSON array in `HealthCmd=`) or by `/bin/sh -c` (a plain string).
public enum HealthCommand: Sendable, Equatable {
    case exec([String])
    case shell(String)

    /// The argv run inside the container.
    public var arguments: [String] {
        switch self {
        case .exec(let arguments): arguments
        case .shell(let line): ["/bin/sh", "-c", line]
        }
    }
}

/// `HealthOnFailure=`: what happens when the container turns unhealthy.
public enum HealthFailureAction: String, Sendable, Equatable, CaseIterable {
    case none
    /// SIGKILL to the container's init: the unit fails, and its `Restart=`
    /// policy decides what comes next.
    case kill
    /// `systemctl restart` of the container's unit.
    case restart
    /// `systemctl stop` of the container's unit.
    case stop
}

/// `Notify=`: who tells systemd the container is ready.
public enum NotifyMode: String, Sendable, Equatable {
    /// The runtime, as soon as the container's process runs.
    case no
    /// The application itself, through the unit's notify socket passed in.
    case yes
    /// `swctl healthcheck run`, once the first health check passed.
    case healthy
}

/// The `Health*=` keys as written; nil fields were not set (the image's
/// HEALTHCHECK or podman's default applies).
public struct HealthCheckOptions: Sendable, Equatable {
    /// `HealthCmd=`; `.disabled` for `none`.
    public var command: HealthCommandSetting?
    /// `HealthInterval=` in microseconds; 0 for `disable` (no timer).
    public var intervalMicroseconds: UInt64?
    public var retries: Int?
    public var timeoutMicroseconds: UInt64?
    public var startPeriodMicroseconds: UInt64?
    public var startupCommand: HealthCommand?
    public var startupIntervalMicroseconds: UInt64?
    public var startupRetries: Int?
    public var startupSuccess: Int?
    public var startupTimeoutMicroseconds: UInt64?
    public var onFailure: HealthFailureAction = .none
    /// `HealthLogDestination=`: `local`, `events_logger` or a directory.
    public var logDestination: HealthLogDestination = .local
    public var maxLogCount: Int?
    public var maxLogSize: Int?

    public init() {}

    /// Whether any key is set: the container is meant to have a check even
    /// without `HealthCmd=` (the image's HEALTHCHECK then gives the command).
    public var isEmpty: Bool { self == HealthCheckOptions() }
}

/// `HealthCmd=`: a command, or `none` to drop the image's HEALTHCHECK.
public enum HealthCommandSetting: Sendable, Equatable {
    case command(HealthCommand)
    case disabled
}

/// Where each result goes besides `/run/swctl/health/NAME.json`.
public enum HealthLogDestination: Sendable, Equatable {
    case local
    /// Each result is also printed by the check's service, so it is in the journal.
    case eventsLogger
    /// The log is also written to `DIRECTORY/NAME-healthcheck.log`.
    case directory(String)
}

/// A check ready to run: the definition's keys over the image's
/// HEALTHCHECK over podman's defaults.
public struct HealthCheck: Sendable, Equatable {
    public var command: HealthCommand
    /// 0: no timer; checks run only by `swctl healthcheck run`.
    public var intervalMicroseconds: UInt64
    public var retries: Int
    public var timeoutMicroseconds: UInt64
    public var startPeriodMicroseconds: UInt64
    public var startup: StartupHealthCheck?
    public var onFailure: HealthFailureAction
    public var logDestination: HealthLogDestination
    /// 0: keep every result.
    public var maxLogCount: Int
    /// 0: keep all the output.
    public var maxLogSize: Int

    public static let defaultIntervalMicroseconds: UInt64 = 30_000_000
    public static let defaultTimeoutMicroseconds: UInt64 = 30_000_000
    public static let defaultRetries = 3
    public static let defaultMaxLogCount = 5
    public static let defaultMaxLogSize = 500

    public init(
        command: HealthCommand, intervalMicroseconds: UInt64 = defaultIntervalMicroseconds,
        retries: Int = defaultRetries, timeoutMicroseconds: UInt64 = defaultTimeoutMicroseconds,
        startPeriodMicroseconds: UInt64 = 0, startup: StartupHealthCheck? = nil,
        onFailure: HealthFailureAction = .none, logDestination: HealthLogDestination = .local,
        maxLogCount: Int = defaultMaxLogCount, maxLogSize: Int = defaultMaxLogSize
    ) {
        self.command = command
        self.intervalMicroseconds = intervalMicroseconds
        self.retries = retries
        self.timeoutMicroseconds = timeoutMicroseconds
        self.startPeriodMicroseconds = startPeriodMicroseconds
        self.startup = startup
        self.onFailure = onFailure
        self.logDestination = logDestination
        self.maxLogCount = maxLogCount
        self.maxLogSize = maxLogSize
    }
}

/// `HealthStartup*=`: a check that runs first, until it has passed
/// `successes` times; then the regular check takes over.
public struct StartupHealthCheck: Sendable, Equatable {
    public var command: HealthCommand
    public var intervalMicroseconds: UInt64
    /// Failures in a row after which the unit is restarted; 0: never.
    public var retries: Int
    /// Passes needed; 0 counts as 1.
    public var successes: Int
    public var timeoutMicroseconds: UInt64

    public init(
        command: HealthCommand, intervalMicroseconds: UInt64 = HealthCheck.defaultIntervalMicroseconds,
        retries: Int = 0, successes: Int = 0, timeoutMicroseconds: UInt64 = HealthCheck.defaultTimeoutMicroseconds
    ) {
        self.command = command
        self.intervalMicroseconds = intervalMicroseconds
        self.retries = retries
        self.successes = successes
        self.timeoutMicroseconds = timeoutMicroseconds
    }
}

extension HealthCheckOptions {
    /// The check to run, given the image's HEALTHCHECK (nil when the image
    /// has none or is a root filesystem directory); nil when there is no
    /// command or `HealthCmd=none`.
    public func resolved(image: ImageHealthcheck?) -> HealthCheck? {
        let command: HealthCommand
        switch self.command {
        case .disabled: return nil
        case .command(let given): command = given
        case nil:
            guard let test = image?.test, let fromImage = HealthCommand(imageTest: test) else { return nil }
            command = fromImage
        }
        // Image durations are nanoseconds; 0 means "inherit" (the default).
        let fromImage = { (nanoseconds: Int64?) -> UInt64? in
            guard let nanoseconds, nanoseconds > 0 else { return nil }
            return UInt64(nanoseconds + 999) / 1_000
        }
        let startup = startupCommand.map { startupCommand in
            StartupHealthCheck(
                command: startupCommand,
                intervalMicroseconds: startupIntervalMicroseconds ?? HealthCheck.defaultIntervalMicroseconds,
                retries: startupRetries ?? 0, successes: startupSuccess ?? 0,
                timeoutMicroseconds: startupTimeoutMicroseconds ?? HealthCheck.defaultTimeoutMicroseconds)
        }
        return HealthCheck(
            command: command,
            intervalMicroseconds: intervalMicroseconds ?? fromImage(image?.interval)
                ?? HealthCheck.defaultIntervalMicroseconds,
            retries: retries ?? image?.retries.flatMap { $0 > 0 ? $0 : nil } ?? HealthCheck.defaultRetries,
            timeoutMicroseconds: timeoutMicroseconds ?? fromImage(image?.timeout)
                ?? HealthCheck.defaultTimeoutMicroseconds,
            startPeriodMicroseconds: startPeriodMicroseconds ?? fromImage(image?.startPeriod) ?? 0,
            startup: startup, onFailure: onFailure, logDestination: logDestination,
            maxLogCount: maxLogCount ?? HealthCheck.defaultMaxLogCount,
            maxLogSize: maxLogSize ?? HealthCheck.defaultMaxLogSize)
    }
}

extension HealthCommand {
    /// An image's `Healthcheck.Test`: `["CMD", argv…]`, `["CMD-SHELL",
    /// line]`; nil for `["NONE"]`, an empty test or an unknown form.
    public init?(imageTest test: [String]) {
        guard let kind = test.first else { return nil }
        switch kind {
        case "CMD" where test.count > 1: self = .exec(Array(test.dropFirst()))
        case "CMD-SHELL" where test.count > 1: self = .shell(test.dropFirst().joined(separator: " "))
        default: return nil
        }
    }
}
