import Syscalls
import SystemdProtocols

extension Container {
    /// Signals a foreground `run` passes on to the container.
    static let forwardedSignals: [Int32] = [1, 2, 3, 10, 12, 15]  // HUP INT QUIT USR1 USR2 TERM

    /// `run`: create and start the container. In the foreground, wait for it,
    /// forward signals, remove it afterwards and return its exit code
    /// (128+N when killed by signal N). With `detach`, return once it runs;
    /// under systemd (`$NOTIFY_SOCKET`), first hand it over as the service's
    /// main process and wait until systemd has taken it.
    static func run(_ options: RunOptions, global: GlobalOptions, diagnostics: Diagnostics) throws(RuntimeError)
        -> Int32
    {
        let store = StateStore(root: global.root)
        let bundle = absolute(options.bundle ?? ".")
        let rollback = CreationRollback()
        defer { rollback.run() }
        var signals: BlockedSignals?
        defer { signals?.restore() }
        // Under systemd the container is handed over as the main process: it
        // is born a child of systemd so systemd can wait for it.
        let notifier = options.detach ? Notifier.fromEnvironment() : nil
        let console = ConsoleRequest(socketPath: options.consoleSocket, detached: options.detach)
        defer { console.close() }
        let created = try spawnInit(
            id: options.id, bundle: bundle, store: store, preserveFDs: options.preserveFDs, sibling: notifier != nil,
            waitForStart: notifier != nil, console: console, systemdCgroup: global.systemdCgroup, noPivot: options.noPivot,
            rollback: rollback, diagnostics: diagnostics,
            beforeClone: { () throws(RuntimeError) in
                // Blocked before clone so no signal is lost in between; the
                // child unblocks them right before exec.
                if !options.detach {
                    do throws(SyscallError) { signals = try BlockedSignals(forwardedSignals) } catch {
                        throw .system(error)
                    }
                }
            })
        defer { created.pidfd?.close() }
        try store.save(created.record)
        let pid = created.record.pid
        if let notifier {
            // systemd must know the main PID before the process can end:
            // one that exits before systemd has read MAINPID= is reaped as a
            // stranger and its exit status is lost. So the init waits (as
            // after `create`) until systemd has confirmed (BARRIER=1).
            try handOver(
                pid, to: notifier, ready: created.record.annotations?[Self.notifyAnnotation] != "container",
                diagnostics: diagnostics)
            try Container(record: created.record, store: store).start(diagnostics: diagnostics)
        } else {
            Container(record: created.record, store: store).runPoststartHooks(diagnostics: diagnostics)
        }
        MachineRegistration.registerIfAsked(created.record, diagnostics: diagnostics)
        if let pidFile = options.pidFile {
            do throws(SyscallError) {
                try FileDescriptor.replaceFile(absolute(pidFile), Array(String(pid).utf8), permissions: 0o644)
            } catch {
                throw .system(error)
            }
        }

        guard !options.detach else {
            rollback.commit()
            return 0
        }

        // Foreground: the container is ours to wait for and to clean up.
        rollback.commit()
        let status: ExitStatus
        if let relay = console.relayEnd {
            // process.terminal: the runtime relays the container's terminal.
            status = try ConsoleRelay.run(relay, pid: pid, forwarding: forwardedSignals)
        } else {
            status = try waitForeground(pid: pid, signals: signals)
        }
        let container = Container(record: created.record, store: store)
        do {
            try container.delete(force: true, diagnostics: diagnostics)
        } catch {
            diagnostics.warning("delete after exit: \(error)")
        }
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// The annotation by which a bundle says who sends `READY=1`:
    /// `container` (the application itself, through the notify socket it
    /// was given, or a health check); absent, the runtime does.
    static let notifyAnnotation = "org.swctl.notify"

    /// `MAINPID=` and (with `ready`) `READY=1` to systemd, then a barrier:
    /// once it returns, systemd waits for `pid` as the service's main process.
    static func handOver(_ pid: Int32, to notifier: Notifier, ready: Bool = true, diagnostics: Diagnostics)
        throws(RuntimeError)
    {
        do throws(SyscallError) {
            if ready { try notifier.ready(mainPID: pid) } else { try notifier.send("MAINPID=\(pid)") }
            if try !notifier.barrier() {
                diagnostics.warning("notify \(notifier.socketPath): no answer to BARRIER=1 within 5 s")
            }
        } catch {
            throw .notify("notify \(notifier.socketPath): \(error.errno)")
        }
    }

    static func waitForeground(pid: Int32, signals: BlockedSignals?) throws(RuntimeError) -> ExitStatus {
        do {
            while true {
                if let status = try Processes.poll(pid) { return status }
                guard let signals else { return try Processes.wait(pid) }
                let signal = try signals.wait()
                if signal != 17 {  // SIGCHLD only wakes the loop
                    try? Processes.kill(pid, signal: signal)
                }
            }
        } catch {
            throw .system(error)
        }
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = Identity.currentDirectory() ?? "/"
        if path == "." { return base }
        return (base == "/" ? "" : base) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }
}
