import Definitions
import Engine
import Glibc
import Syscalls
import Systemd

/// One `swctl healthcheck run`: the check of one container, run inside it,
/// recorded, and acted on (HealthOnFailure=, Notify=healthy).
struct HealthCheckRunner {
    let name: String
    let context: SystemContext
    let definition: ContainerDefinition
    let check: HealthCheck
    let store: HealthStateStore
    /// Where state changes are told: the journal of ctr-health@NAME.service
    /// (its stdout) when scheduled, stderr when run by hand (stdout says
    /// only "unhealthy", as podman's).
    var out = OutputStream.standardError()

    init(name: String, context: SystemContext) throws(CommandFailure) {
        let environment = ProcessEnvironment.current()
        let action = "healthcheck \(name)"
        let parsed: DefinitionParseResult
        do {
            parsed = try DefinitionStore.fromEnvironment(environment).load(name: name)
        } catch {
            throw CommandFailure(.unknownContainer, "\(action): \(error)")
        }
        guard let definition = parsed.definition else {
            let first = parsed.diagnostics.first.map { ": \($0)" } ?? ""
            throw CommandFailure(.invalidDefinition, "\(action): the definition has errors\(first)")
        }
        let paths = StatePaths.fromEnvironment(environment)
        guard let check = resolvedHealthCheck(definition, paths: paths) else {
            throw CommandFailure(
                .failure,
                "\(action): no health check (set HealthCmd= in \(definition.sourcePath), or use an image with a HEALTHCHECK)"
            )
        }
        self.name = name
        self.context = context
        self.definition = definition
        self.check = check
        self.store = HealthStateStore(paths: paths)
    }

    /// Runs the check (scheduled: the startup check again until it passes,
    /// then the regular one) and returns whether the last run passed.
    /// Scheduled, a container that does not run (yet) is nothing to check:
    /// nil, where a run by hand fails with exit 6.
    mutating func run(scheduled: Bool) throws(CommandFailure) -> Bool? {
        if scheduled { out = OutputStream.standardOutput() }
        while true {
            guard let step = try runOnce(scheduled: scheduled) else { return nil }
            guard scheduled else { return step.passed }
            if step.events.contains(.startupFailed) { return step.passed }
            if step.wasStartup {
                // Still starting: the next startup check after its interval;
                // passed: the regular check at once (Notify=healthy waits for it).
                if !step.events.contains(.startupPassed) {
                    sleep(microseconds: check.startup?.intervalMicroseconds ?? check.intervalMicroseconds)
                }
                continue
            }
            return step.passed
        }
    }

    /// One check: what it was, whether it passed and what it changed.
    private func runOnce(scheduled: Bool) throws(CommandFailure) -> (
        passed: Bool, wasStartup: Bool, events: [HealthEvent]
    )? {
        let action = "healthcheck \(name)"
        guard let unit = try runningUnit(action: action) else {
            // The timer starts with the unit, before its container runs (and
            // may fire as it stops).
            if scheduled { return nil }
            throw CommandFailure(.notRunning, "\(action): container is not running")
        }
        let lock: FileLock
        do { lock = try store.lock(name) } catch { throw CommandFailure(.failure, error.description) }
        defer { lock.unlock() }
        let started = unit.execMainStartTimestamp != 0 ? unit.execMainStartTimestamp : unit.inactiveExitTimestamp
        var state =
            store.load(name, containerPID: Int32(bitPattern: unit.mainPID))
            ?? HealthState(
                for: check, containerPID: Int32(bitPattern: unit.mainPID),
                containerStart: Int64(clamping: started))
        let startup = state.inStartup ? check.startup : nil
        let result = HealthCommandRun.execute(
            in: name, pidFile: "\(store.directory)/\(name).check.pid", command: startup?.command ?? check.command,
            timeoutMicroseconds: startup?.timeoutMicroseconds ?? check.timeoutMicroseconds,
            outputLimit: check.maxLogSize, startup: startup != nil)
        let events = state.record(result, check: check)
        if check.logDestination == .eventsLogger || events.contains(where: { $0 != .startupPassed }) {
            log(result, events: events, state: state)
        }
        if definition.notify == .healthy, state.status == .healthy, !state.readySent {
            do {
                try HealthReady.send(containerPID: unit.mainPID)
                state.readySent = true
            } catch {
                OutputStream.standardError().write("\(action): \(error)\n")
            }
        }
        do { try store.save(state, name: name, destination: check.logDestination) } catch {
            throw CommandFailure(.failure, error.description)
        }
        lock.unlock()
        for event in events { try act(on: event, action: action) }
        return (result.passed, startup != nil, events)
    }

    /// The unit while its container runs (also while it starts: with
    /// Notify=healthy it is "activating" until a check passes).
    private func runningUnit(action: String) throws(CommandFailure) -> UnitProperties? {
        let unitName = ContainerName.unit(name)
        let unit = try context.onBus(action) { manager throws(BusError) -> UnitProperties? in
            guard let path = try manager.loadedUnitPath(unitName) else { return nil }
            return try manager.properties(ofUnitAt: path)
        }
        guard let unit, ["active", "activating", "reloading"].contains(unit.activeState), unit.mainPID > 0 else {
            return nil
        }
        return unit
    }

    /// HealthOnFailure= when the container turns unhealthy; a restart when
    /// the startup check failed HealthStartupRetries= times. Jobs are only
    /// queued: this check's own service may be stopped by them.
    private func act(on event: HealthEvent, action: String) throws(CommandFailure) {
        let unitName = ContainerName.unit(name)
        let failure: HealthFailureAction
        switch event {
        case .becameUnhealthy: failure = check.onFailure
        case .startupFailed: failure = .restart
        case .becameHealthy, .startupPassed: return
        }
        try context.onBus("\(action): HealthOnFailure=\(failure.rawValue)") { manager throws(BusError) in
            switch failure {
            case .none: break
            case .kill: try manager.killUnit(unitName, whom: "main", signal: SIGKILL)
            case .restart: _ = try manager.restartUnit(unitName)
            case .stop: _ = try manager.stopUnit(unitName)
            }
        }
    }

    /// One line per state change (and per result with events_logger), for
    /// the journal of ctr-health@NAME.service.
    private func log(_ result: HealthResult, events: [HealthEvent], state: HealthState) {
        var line = "\(name): \(result.startup ? "startup check" : "check") exited \(result.exitCode)"
        for event in events {
            switch event {
            case .becameHealthy: line += "; healthy"
            case .becameUnhealthy:
                line +=
                    "; unhealthy after \(state.failingStreak) failures (HealthOnFailure=\(check.onFailure.rawValue))"
            case .startupPassed: line += "; startup check passed"
            case .startupFailed: line += "; startup check failed \(state.startupFailures) times: restarting"
            }
        }
        let output = result.output.split(separator: "\n").last.map { ": \($0)" } ?? ""
        out.write(line + output + "\n")
        out.flush()
    }

    private func sleep(microseconds: UInt64) {
        var request = timespec(
            tv_sec: Int(microseconds / 1_000_000), tv_nsec: Int(microseconds % 1_000_000) * 1000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 { request = remaining }
    }
}
