import Cgroups
import Confinement
import JSON
import OCI
import Syscalls

/// A container whose init process exists and has exec'd (for `run`), with
/// what must be undone if a later step fails.
struct CreatedContainer {
    var record: ContainerRecord
    let pidfd: FileDescriptor?
}

/// Undo list for a container being created: everything made so far goes
/// away again, in reverse, when a step fails.
final class CreationRollback {
    private var actions: [() -> Void] = []
    private var committed = false

    func add(_ action: @escaping () -> Void) { actions.append(action) }
    /// An action that runs after all others (poststop hooks).
    func addFinal(_ action: @escaping () -> Void) { actions.insert(action, at: 0) }
    func commit() { committed = true }

    func run() {
        guard !committed else { return }
        for action in actions.reversed() { action() }
        actions = []
    }
}

extension Container {
    /// Reads `BUNDLE/config.json`.
    static func loadSpec(bundle: String) throws(RuntimeError) -> Spec {
        let path = bundle + "/config.json"
        let bytes: [UInt8]
        do { bytes = try FileDescriptor.readFile(path) } catch { throw .system(error) }
        do {
            return try JSONDecoder().decode(Spec.self, from: bytes)
        } catch let error as JSONError {
            throw .readSpec(path, error.description)
        } catch let error as DecodingError {
            throw .readSpec(path, Self.describe(error))
        } catch {
            throw .readSpec(path, "\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            String(
                context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                    .trimmingPrefix("."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let base = path(context)
            return "\(base.isEmpty ? "" : base + ".")\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `create`: set the container up and leave its init waiting for
    /// `start` (runtime-spec "create"); its status is `created`.
    static func create(_ options: RunOptions, global: GlobalOptions, diagnostics: Diagnostics) throws(RuntimeError) {
        let store = StateStore(root: global.root)
        let rollback = CreationRollback()
        defer { rollback.run() }
        let created = try spawnInit(
            id: options.id, bundle: absolute(options.bundle ?? "."), store: store, preserveFDs: options.preserveFDs,
            sibling: false, waitForStart: true,
            console: ConsoleRequest(socketPath: options.consoleSocket, detached: true),
            systemdCgroup: global.systemdCgroup, noPivot: options.noPivot, rollback: rollback,
            diagnostics: diagnostics, beforeClone: {})
        created.pidfd?.close()
        try store.save(created.record)
        if let pidFile = options.pidFile {
            do throws(SyscallError) {
                try FileDescriptor.replaceFile(
                    absolute(pidFile), Array(String(created.record.pid).utf8), permissions: 0o644)
            } catch {
                throw .system(error)
            }
        }
        rollback.commit()
    }

    /// Creates the container's process: claims the ID, makes its cgroup,
    /// clones the init into its namespaces and cgroup, lets it set up and
    /// exec, and waits for the exec (EOF on the error pipe) or the failure
    /// report. On failure nothing is left: no process, cgroup or state.
    /// With `sibling` the container becomes a child of the runtime's parent
    /// (the service manager), see `Clone.spawn`. With `waitForStart` (the
    /// `create` verb) the init stops before exec until `start`.
    static func spawnInit(
        id: String, bundle: String, store: StateStore, preserveFDs: Int, sibling: Bool, waitForStart: Bool = false,
        console: ConsoleRequest? = nil, systemdCgroup: Bool = false, noPivot: Bool = false,
        rollback: CreationRollback, diagnostics: Diagnostics, beforeClone: () throws(RuntimeError) -> Void
    ) throws(RuntimeError) -> CreatedContainer {
        try StateStore.validate(id)
        let spec = try loadSpec(bundle: bundle)

        try store.claim(id)
        rollback.add { try? store.remove(id) }
        var execFifo: FileDescriptor?
        if waitForStart {
            do {
                try FileDescriptor.makeFifo(store.fifo(id))
                // As runc: anyone may open it for writing (whatever the umask),
                // so an init that is no longer root (process.user) still can
                // at `start`; it is reached only through the init's
                // descriptor or the runtime's 0700 state directory.
                try UserNamespaceFiles.changeMode(store.fifo(id), 0o622)
                execFifo = try FileDescriptor.open(store.fifo(id), [.path])
            } catch {
                throw .system(error)
            }
        }
        defer { execFifo?.close() }
        let initHooks = try InitHooks(spec.hooks, id: id, waitsForStart: waitForStart)
        defer { initHooks?.close() }
        let terminal = try (console ?? ConsoleRequest(socketPath: nil, detached: true)).terminal(for: spec.process)
        defer { terminal?.close() }
        // pivot_root cannot leave an initramfs root: move and chroot there, as runc --no-pivot.
        let initramfs = !noPivot && ProcFS.rootIsInitramfs()
        if initramfs { diagnostics.warning("the host's / is an initramfs: using --no-pivot (MS_MOVE and chroot)") }
        let sequence = try InitSequence(
            spec: spec, bundle: bundle, preserveFDs: preserveFDs, execFifo: execFifo,
            seccompCache: SeccompCache(root: store.root), hooks: initHooks, terminal: terminal,
            noPivot: noPivot || initramfs)
        defer { sequence.closeParentCopies() }
        addPoststopHooks(spec, id: id, bundle: bundle, rollback: rollback, diagnostics: diagnostics)

        // The cgroup: resolved against the runtime's own cgroup, made, and
        // removed again on failure (only the directories made here); or a
        // systemd scope (--systemd-cgroup with slice:prefix:name).
        let scope = try SystemdScope.startIfRequested(
            spec.linux?.cgroupsPath, id: id, systemdCgroup: systemdCgroup, rollback: rollback)
        let hierarchy: (mountPoint: String, ownCgroup: String)
        let cgroupPath: String
        do {
            hierarchy = try Hierarchy.current()
            cgroupPath =
                if let scope { scope.controlGroup } else {
                    try Hierarchy.resolve(cgroupsPath: spec.linux?.cgroupsPath, ownCgroup: hierarchy.ownCgroup, id: id)
                }
        } catch {
            throw .cgroup(error)
        }
        let cgroup = Cgroup(mountPoint: hierarchy.mountPoint, path: cgroupPath)
        let made: [String]
        do { made = scope == nil ? try cgroup.create() : [] } catch { throw .cgroup(error) }
        rollback.add { Cgroup.removeDirectories(made) }
        let settings = CgroupSettings(spec.linux?.resources)
        for ignored in settings.ignored { diagnostics.warning("\(ignored): not applied on cgroup v2 yet, ignoring") }
        do { try settings.apply(to: cgroup, made: made) } catch { throw .cgroup(error) }
        try DeviceFilterRules.attach(spec.linux?.resources?.devices, to: cgroup, rollback: rollback)

        if let (fd, path) = sequence.pidNamespaceToJoin {
            do { try Namespaces.join(fd, kind: .pid, path: path) } catch { throw .system(error) }
        }
        try giveOwnershipToUserNamespaceRoot(
            sequence, spec: spec, cgroup: cgroup, fifo: execFifo.map { _ in store.fifo(id) })
        let cgroupFD: FileDescriptor
        do { cgroupFD = try cgroup.open() } catch { throw .cgroup(error) }
        defer { cgroupFD.close() }

        try beforeClone()
        let outside = try enterNamespacesBeforeClone(sequence)
        let launched: InitLaunch
        do {
            launched = try InitLaunch.clone(sequence, cgroup: cgroupFD, sibling: sibling)
        } catch {
            try? outside.restore()
            throw error
        }
        let pid = launched.pid
        let pidfd = launched.pidfd
        rollback.add {
            if let pidfd {
                try? Processes.kill(pidfd, signal: 9)
            } else {
                try? Processes.kill(pid, signal: 9)
            }
            // A sibling is our parent's to reap; wait for our own child.
            if !sibling { _ = try? Processes.wait(pid) }
            try? cgroup.waitUntilEmpty(timeoutMilliseconds: 2000)
        }
        do { try outside.restore() } catch { throw .system(error) }
        if !launched.placed {
            do { try cgroup.add(pid) } catch { throw .cgroup(error) }
        }
        scope?.releaseHolder()  // the init keeps the scope alive now
        try writeUserNamespaceMaps(sequence, pid: pid)
        try launched.release()

        // EOF: the init exec'd (the pipe is close-on-exec). The ready record:
        // it waits for `start`. Another record: a step failed.
        // Between them, the init may stop for the runtime's hooks.
        let (count, failure) = try readInitReport(
            launched.reports, hooks: initHooks,
            state: State(id: id, status: .creating, pid: pid, bundle: bundle, annotations: spec.annotations))
        if count == InitFailure.size && failure.step == InitFailure.readyStep && waitForStart {
            guard let startTime = ProcFS.startTime(of: pid) else { throw .initStep("container init", .noSuchProcess) }
            var created = record(id, pid, startTime, bundle, spec, cgroup, made)
            created.status = .created
            return CreatedContainer(record: created, pidfd: pidfd)
        }
        if count == InitFailure.size {
            if failure.errno == 0 {
                let description =
                    Int(failure.step) < sequence.descriptions.count
                    ? sequence.descriptions[Int(failure.step)] : "container init"
                throw .hook(InitHooks.describe(description, detail: failure.detail))
            }
            throw InitLaunch.failure(failure, in: sequence, fallback: "container init")
        }
        if count != 0 {
            throw .initStep("container init", .invalidArgument)
        }
        guard let startTime = ProcFS.startTime(of: pid) else {
            // Exec'd and already gone (e.g. /bin/true): still a valid, stopped container.
            return CreatedContainer(record: record(id, pid, 0, bundle, spec, cgroup, made), pidfd: pidfd)
        }
        return CreatedContainer(record: record(id, pid, startTime, bundle, spec, cgroup, made), pidfd: pidfd)
    }

    static func detail(_ description: String, _ failure: InitFailure) -> String {
        if description.hasSuffix("capabilities"), failure.detail > 0 {
            return description + " (\(Confinement.PreparedCapabilities.name(of: failure.detail)))"
        }
        return description
    }

    private static func record(
        _ id: String, _ pid: Int32, _ startTime: UInt64, _ bundle: String, _ spec: Spec, _ cgroup: Cgroup,
        _ made: [String]
    ) -> ContainerRecord {
        let rootPath = spec.root?.path ?? "rootfs"
        return ContainerRecord(
            id: id, pid: pid, pidStartTime: startTime, bundle: bundle,
            rootfs: rootPath.hasPrefix("/") ? rootPath : bundle + "/" + rootPath,
            cgroupMountPoint: cgroup.mountPoint, cgroupPath: cgroup.path, createdCgroupDirectories: made,
            annotations: spec.annotations, created: Diagnostics.timestamp(), status: .running, hooks: spec.hooks,
            // Only the systemd driver gets this far with a slice:prefix:name path.
            systemdScope: (try? SystemdCgroupPath(spec.linux?.cgroupsPath, id: id))??.unit)
    }
}
