import JSON
import OCI
import Syscalls

extension Container {
    /// `exec`: starts another process in a running container — in all its
    /// namespaces and its cgroup, under its confinement — and in the
    /// foreground waits for it and returns its exit code (128+N when killed
    /// by signal N); with `detach`, returns once it has exec'd.
    static func exec(_ options: ExecOptions, global: GlobalOptions, diagnostics: Diagnostics) throws(RuntimeError)
        -> Int32
    {
        let store = StateStore(root: global.root)
        let container = try load(options.id, store: store)
        guard case .running(let initPID) = container.state else { throw .notRunning(options.id) }
        let spec = try loadSpec(bundle: container.record.bundle)
        let process = try options.process(base: spec.process, fromFile: try options.processFile.map(readProcess))
        let console = ConsoleRequest(socketPath: options.consoleSocket, detached: options.detach)
        defer { console.close() }
        let terminal = try console.terminal(for: process)
        defer { terminal?.close() }
        let sequence = try InitSequence(
            exec: process, container: spec, initPID: initPID, preserveFDs: options.preserveFDs,
            seccompCache: SeccompCache(root: store.root), terminal: terminal)
        defer { sequence.closeParentCopies() }

        if let (fd, path) = sequence.pidNamespaceToJoin {
            do { try Namespaces.join(fd, kind: .pid, path: path) } catch { throw .system(error) }
        }
        var signals: BlockedSignals?
        defer { signals?.restore() }
        if !options.detach {
            // Blocked before clone so none is lost; the child unblocks them.
            do { signals = try BlockedSignals(forwardedSignals) } catch { throw .system(error) }
        }
        let cgroupFD: FileDescriptor?
        do { cgroupFD = try container.cgroup?.open() } catch { throw .cgroup(error) }
        defer { cgroupFD?.close() }
        let launched = try InitLaunch.clone(sequence, cgroup: cgroupFD, sibling: false)
        if !launched.placed, let cgroup = container.cgroup {
            try? cgroup.add(launched.pid)  // best effort: the process still runs confined
        }
        try launched.release()
        do {
            try launched.waitForExec(sequence)
        } catch {
            try? Processes.kill(launched.pid, signal: 9)
            _ = try? Processes.wait(launched.pid)
            // As a shell or `docker exec`: 127 when the command is not
            // there, 126 when it cannot be run.
            if case .initStep(let step, let errno) = error, step.hasPrefix("exec ") {
                diagnostics.error(error.description)
                return errno == .noSuchFileOrDirectory || errno == .notDirectory ? 127 : 126
            }
            throw error
        }
        if let pidFile = options.pidFile {
            do throws(SyscallError) {
                try FileDescriptor.replaceFile(
                    absolute(pidFile), Array(String(launched.pid).utf8), permissions: 0o644)
            } catch {
                throw .system(error)
            }
        }
        guard !options.detach else { return 0 }
        let status: ExitStatus
        if let relay = console.relayEnd {
            status = try ConsoleRelay.run(relay, pid: launched.pid, forwarding: forwardedSignals)
        } else {
            status = try waitForeground(pid: launched.pid, signals: signals)
        }
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// `--process FILE`: a runtime-spec `process` object.
    private static func readProcess(_ path: String) throws(RuntimeError) -> Process {
        let bytes: [UInt8]
        do { bytes = try FileDescriptor.readFile(absolute(path)) } catch { throw .system(error) }
        do {
            return try JSONDecoder().decode(Process.self, from: bytes)
        } catch let error as DecodingError {
            throw .readSpec(path, describe(error))
        } catch {
            throw .readSpec(path, "\(error)")
        }
    }
}
