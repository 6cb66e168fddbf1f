import Engine
import Generator
import Glibc
import Syscalls
import Systemd

/// One `swctl run`: the request becomes a transient definition under
/// /run/swctl/containers, systemd loads it as `ctr@NAME` (daemon-reload),
/// the unit is started like any other, and — unless detached — this
/// process shows the container's output (from the journal, or its
/// terminal relayed) and ends with its exit status.
struct RunSession {
    var request: RunRequest
    var name: String
    var detach: Bool
    var context: SystemContext
    var paths: StatePaths

    var unit: String { ContainerName.unit(name) }
    var definitionPath: String { paths.volatileRoot + "/containers/\(name).container" }
    var action: String { "run \(name)" }

    /// Runs the container; returns its exit status (0 when detached).
    func run() throws(CommandFailure) -> Int32 {
        let definition = TransientDefinition(request, path: definitionPath)
        let (_, errors) = definition.validate(name: name, path: definitionPath)
        if !errors.isEmpty {
            let err = OutputStream.standardError()
            for error in errors.dropLast() { err.line("swctl: run: \(error)") }
            err.flush()
            throw CommandFailure(.runFailed, "run: \(errors[errors.count - 1])")
        }
        try write(definition)
        var written = true
        defer { if written && request.remove { try? FileSystem.removeFile(definitionPath) } }

        let (manager, unitPath) = try load()
        let console = try request.terminal ? listenForTerminal() : nil
        defer {
            console?.close()
            try? FileSystem.removeFile(ContainerDropIn.consoleSocket(for: name))
        }
        let output = try detach || request.terminal ? nil : followOutput()
        try start(manager)
        if detach {
            written = false  // the container owns it now (its unit removes it with --rm)
            let out = OutputStream.standardOutput()
            out.line(name)
            out.flush()
            return 0
        }

        if let console {
            try relayTerminal(console, manager: manager)
        } else if let output {
            try show(output, manager: manager)
        }
        try waitUntilStopped(manager, unitPath: unitPath)
        let status = try exitStatus(manager, unitPath: unitPath)
        if request.remove {
            _ = try? manager.resetFailedUnit(unit)
        }
        try? manager.unrefUnit(at: unitPath)
        return status
    }

    /// Writes the definition without replacing one of the same name that
    /// appeared meanwhile: a temporary file, then link(2), which fails if
    /// the name exists.
    private func write(_ definition: TransientDefinition) throws(CommandFailure) {
        let directory = paths.volatileRoot + "/containers"
        let temporary = "\(definitionPath).new-\(getpid())"
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o755)
            try FileSystem.writeFileAtomically(
                temporary, text: definition.text(name: name, imageForComment: request.image))
        } catch {
            throw CommandFailure(.runFailed, "\(action): \(error)")
        }
        defer { try? FileSystem.removeFile(temporary) }
        if link(temporary, definitionPath) != 0 {
            let cause = errno == EEXIST ? "the name is in use" : String(cString: strerror(errno))
            throw CommandFailure(.runFailed, "\(action): write \(definitionPath): \(cause)")
        }
    }

    /// systemd re-runs the generator and loads the new unit; the reference
    /// keeps it loaded (and its exit status readable) until we are done.
    private func load() throws(CommandFailure) -> (Manager, String) {
        try context.onBus(action) { manager throws(BusError) in
            try manager.reload()
            let path = try manager.loadUnit(unit)
            try manager.refUnit(at: path)
            return (manager, path)
        }
    }

    private func listenForTerminal() throws(CommandFailure) -> TerminalSocket {
        let path = ContainerDropIn.consoleSocket(for: name)
        do {
            try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path), permissions: 0o700)
            try? FileSystem.removeFile(path)
            return try TerminalSocket.listen(at: path)
        } catch {
            throw CommandFailure(.runFailed, "\(action): listen for the terminal: \(error)")
        }
    }

    /// A journal reader positioned at this moment, opened before the start
    /// so no line of the container is missed (and none of an earlier
    /// container of the same name shown).
    private func followOutput() throws(CommandFailure) -> LogReader {
        do {
            let reader = try LogReader(unit: unit, selection: .containerOutput)
            try reader.printWindow(LogWindow(since: WallClock.system().now)) { _ throws(JournalError) in }
            return reader
        } catch {
            throw CommandFailure(.runFailed, "\(action): read the journal: \(error)")
        }
    }

    private func start(_ manager: Manager) throws(CommandFailure) {
        let result: JobResult
        do throws(BusError) {
            let watch = try JobWatch(manager: manager)
            let job = try manager.startUnit(unit)
            result = try watch.wait(for: [job])[job] ?? .vanished
        } catch {
            throw CommandFailure(.runFailed, CommandFailure(error, while: action).message)
        }
        // A container that ends at once still started: only a failed job
        // (prepare or the runtime failed) is run's failure.
        if result == .failed || result == .dependency || result == .timeout {
            throw CommandFailure(
                .runFailed, "\(action): \(unit) did not start (\(result)); see 'swctl status \(name)'")
        }
    }

    /// The container's output as the journal has it, until the unit stops.
    /// SIGINT and SIGTERM to us go to the container's init, as
    /// `docker run` proxies them.
    private func show(_ reader: LogReader, manager: Manager) throws(CommandFailure) {
        let out = OutputStream.standardOutput()
        let unit = self.unit
        var follower = LogFollower(reader: reader, context: context, unit: unit)
        follower.quietPeriod = .milliseconds(300)
        follower.onInterrupt = { signal in try? manager.killUnit(unit, signal: signal) }
        do {
            try follower.run(
                { journal throws(JournalError) in
                    out.line(try journal.string("MESSAGE") ?? "")
                }, out: out)
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure(.failure, "\(action): \(error)")
        }
    }

    /// `-t`: the runtime sends the pty master to our socket while the unit
    /// starts; relay it until the container's side closes.
    private func relayTerminal(_ console: TerminalSocket, manager: Manager) throws(CommandFailure) {
        do {
            let connection = try console.accept(timeoutMilliseconds: 10_000)
            defer { connection.close() }
            let (_, master) = try connection.receiveDescriptor()
            defer { master.close() }
            TerminalRelay.copySize(to: master)
            let host = try HostTerminal.makeRaw(.standardInput)
            defer { host?.restore() }
            // SIGINT and friends reach the container as keys on its
            // terminal; SIGTERM/SIGHUP to us go to its init.
            let blocked = try BlockedSignals([SIGWINCH, SIGTERM, SIGHUP])
            defer { blocked.restore() }
            let signals = try SignalDescriptor([SIGWINCH, SIGTERM, SIGHUP])
            defer { signals.close() }
            let unit = self.unit
            try TerminalRelay.run(
                master: master, signals: signals, endsWithOutput: true,
                forward: { signal in try? manager.killUnit(unit, signal: signal) },
                finished: { false })
        } catch {
            throw CommandFailure(.failure, "\(action): terminal: \(error)")
        }
    }

    /// Polls the unit until it has stopped; signals that arrive meanwhile
    /// go to the container (a call they interrupt is asked again).
    private func waitUntilStopped(_ manager: Manager, unitPath: String) throws(CommandFailure) {
        let unit = self.unit
        try context.onBus(action) { manager throws(BusError) in
            while true {
                if let signal = Interrupt.take() { try? manager.killUnit(unit, signal: signal) }
                do throws(BusError) {
                    let activity = try manager.activity(ofUnitAt: unitPath)
                    if !activity.hasJob && (activity.activeState == "inactive" || activity.activeState == "failed") {
                        return
                    }
                    try manager.bus.wait(timeout: 100_000)
                    try manager.bus.processPending()
                } catch  where error.code == EINTR {
                    continue
                }
            }
        }
    }

    /// The main process's status: its exit code, or 128 + the signal that
    /// killed it; 125 when it never ran.
    private func exitStatus(_ manager: Manager, unitPath: String) throws(CommandFailure) -> Int32 {
        let properties = try context.onBus(action) { manager throws(BusError) in
            try manager.properties(ofUnitAt: unitPath)
        }
        switch properties.execMainCode {
        case 1: return properties.execMainStatus
        case 2, 3: return 128 + properties.execMainStatus
        default: return SwctlExitCode.runFailed.rawValue
        }
    }
}
