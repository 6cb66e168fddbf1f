import Systemd

/// `start`, `stop` and `restart`: enqueue one job per container, wait for
/// all of them, report each failure as `systemctl` would.
enum UnitJobs {
    enum Verb: String {
        case start, stop, restart

        func enqueue(_ manager: Manager, _ unit: String) throws(BusError) -> String {
            switch self {
            case .start: try manager.startUnit(unit)
            case .stop: try manager.stopUnit(unit)
            case .restart: try manager.restartUnit(unit)
            }
        }
    }

    /// Runs `verb` on every name (already validated); prints each name that
    /// succeeded on stdout and each failure on stderr. Throws the first
    /// failure's exit code once all are done.
    static func run(_ verb: Verb, names: [String], context: SystemContext) throws(CommandFailure) {
        let out = OutputStream.standardOutput()
        let err = OutputStream.standardError()
        var firstFailure: SwctlExitCode?
        func fail(_ failure: CommandFailure) {
            err.line("swctl: \(failure.message)")
            err.flush()
            if firstFailure == nil { firstFailure = failure.exitCode }
        }

        let all = "\(verb.rawValue) \(names.joined(separator: " "))"
        let manager = try context.onBus(all) { manager throws(BusError) in manager }
        let watch = try context.onBus(all) { manager throws(BusError) in try JobWatch(manager: manager) }
        var jobs: [(name: String, job: String)] = []
        for name in names {
            let action = "\(verb.rawValue) \(name)"
            do {
                let container = try context.resolve(name, action: action)
                if verb != .start, let path = container.unitPath {
                    try thawIfPaused(manager, container.unit, at: path)
                }
                jobs.append((name, try verb.enqueue(manager, ContainerName.unit(name))))
            } catch let failure as CommandFailure {
                fail(failure)
            } catch let error as BusError {
                fail(CommandFailure(error, while: action))
            } catch {
                fail(CommandFailure(.failure, "\(action): \(error)"))
            }
        }

        let results: [String: JobResult]
        do {
            results = try watch.wait(for: jobs.map(\.job))
        } catch {
            throw CommandFailure(error, while: "\(all): wait for jobs")
        }
        for (name, job) in jobs {
            let result = results[job] ?? .vanished
            if let failure = failure(verb, name: name, result: result, manager: manager) {
                fail(failure)
            } else {
                out.line(name)
            }
        }
        out.flush()
        if let firstFailure { throw CommandFailure.alreadyReported(firstFailure) }
    }

    /// A paused container is thawed before it is stopped, as docker does: a
    /// frozen process cannot act on SIGTERM, so the stop would otherwise
    /// always end in SIGKILL after the stop timeout.
    static func thawIfPaused(_ manager: Manager, _ unit: String, at path: String) throws(BusError) {
        guard try manager.freezerState(ofUnitAt: path) == "frozen" else { return }
        try manager.thawUnit(unit)
    }

    /// The failure a finished job means, nil for success. A vanished job is
    /// judged by the state the unit is in now.
    static func failure(_ verb: Verb, name: String, result: JobResult, manager: Manager) -> CommandFailure? {
        let unit = ContainerName.unit(name)
        let path = (try? manager.loadedUnitPath(unit)) ?? nil
        let properties = path.flatMap { try? manager.properties(ofUnitAt: $0) }
        return describe(verb, name: name, result: result, unit: properties)
    }

    /// The pure part of `failure`: the message for a job result and the
    /// unit's properties afterwards (nil when not loaded).
    static func describe(_ verb: Verb, name: String, result: JobResult, unit: UnitProperties?) -> CommandFailure? {
        let unitName = ContainerName.unit(name)
        let prefix = "\(verb.rawValue) \(name): \(unitName)"
        let hint = "; see 'swctl status \(name)'"
        let unitResult = unit.map(\.result) ?? "unknown"
        switch result {
        case .done, .skipped:
            return nil
        case .failed:
            return CommandFailure(.failure, "\(prefix) failed (\(unitResult))\(hint)")
        case .canceled:
            return CommandFailure(.failure, "\(prefix): job canceled by a later request")
        case .timeout:
            return CommandFailure(.failure, "\(prefix): job timed out\(hint)")
        case .dependency:
            return CommandFailure(.failure, "\(prefix): a dependency failed\(hint)")
        case .other(let text):
            return CommandFailure(.failure, "\(prefix): job ended with '\(text)'\(hint)")
        case .vanished:
            let state = unit?.activeState ?? "inactive"
            let succeeded =
                verb == .stop ? (state == "inactive" || state == "failed") : (state == "active" || state == "reloading")
            return succeeded ? nil : CommandFailure(.failure, "\(prefix) is \(state) (\(unitResult))\(hint)")
        }
    }
}
