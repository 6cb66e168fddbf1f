import Syscalls

/// A transient scope unit systemd made for a container (the systemd cgroup
/// driver, runc's `--systemd-cgroup` with `SLICE:PREFIX:NAME`).
///
/// systemd starts a scope only around a process that exists, and the
/// container's init is cloned straight into its cgroup (CLONE_INTO_CGROUP),
/// so the scope is started around a holder: a child of the runtime that
/// only waits on a pipe. Once the init is in the scope, the holder exits;
/// if creating fails, the scope is stopped.
final class SystemdScope {
    let path: SystemdCgroupPath
    /// The scope's cgroup below the cgroup2 root, as systemd reports it.
    let controlGroup: String
    private var holder: (pid: Int32, release: FileDescriptor)?

    private init(path: SystemdCgroupPath, controlGroup: String, holder: (pid: Int32, release: FileDescriptor)) {
        self.path = path
        self.controlGroup = controlGroup
        self.holder = holder
    }

    /// Starts the scope when the spec asks for one: `--systemd-cgroup` and a
    /// `SLICE:PREFIX:NAME` cgroupsPath; nil for a cgroup path. Without
    /// `--systemd-cgroup`, that form is an error.
    static func startIfRequested(
        _ cgroupsPath: String?, id: String, systemdCgroup: Bool, rollback: CreationRollback
    ) throws(RuntimeError) -> SystemdScope? {
        guard let path = try SystemdCgroupPath(cgroupsPath, id: id) else { return nil }
        guard systemdCgroup else {
            throw .invalidSpec(
                "linux.cgroupsPath '\(cgroupsPath ?? "")': slice:prefix:name needs --systemd-cgroup, else use a cgroup path"
            )
        }
        let scope = try start(path, id: id)
        rollback.add {
            scope.releaseHolder()
            stop(path.unit)
        }
        return scope
    }

    private static func start(_ path: SystemdCgroupPath, id: String) throws(RuntimeError) -> SystemdScope {
        let holder = try startHolder()
        do throws(SyscallError) {
            let bus = try SystemdBus()
            let operation = "start systemd unit \(path.unit) in \(path.slice)"
            func property(_ name: String, _ signature: String, _ value: BusValue) -> BusValue {
                .structure(signature: "sv", [.string(name), .variant(signature: signature, value)])
            }
            let properties: [BusValue] = [
                property("Description", "s", .string("swctl container \(id)")),
                property("Slice", "s", .string(path.slice)),
                property("Delegate", "b", .bool(true)),
                property("DefaultDependencies", "b", .bool(false)),
                property("PIDs", "au", .array(signature: "u", [.uint32(UInt32(bitPattern: holder.pid))])),
            ]
            let job = try bus.callManager(
                "StartTransientUnit",
                [
                    .string(path.unit), .string("fail"), .array(signature: "(sv)", properties),
                    .array(signature: "(sa(sv))", []),
                ], operation: operation)
            let unitPath = try bus.unitPath(path.unit)
            try waitUntilActive(bus, unit: path.unit, unitPath: unitPath, job: job)
            let controlGroup = try bus.stringProperty(
                path: unitPath, interface: "org.freedesktop.systemd1.Scope", "ControlGroup")
            return SystemdScope(
                path: path, controlGroup: controlGroup.isEmpty ? path.cgroupPath : controlGroup, holder: holder)
        } catch {
            try? Processes.kill(holder.pid, signal: 9)
            _ = try? Processes.wait(holder.pid)
            holder.release.close()
            stop(path.unit)
            throw .system(error)
        }
    }

    /// Polls the unit until its start job is done: `active`, or an error
    /// naming the state it ended in. Scopes start in about a millisecond.
    private static func waitUntilActive(
        _ bus: SystemdBus, unit: String, unitPath: String, job: String?
    ) throws(SyscallError) {
        let deadline = Identity.monotonicNanoseconds() + 10_000_000_000
        while true {
            let state = try bus.stringProperty(
                path: unitPath, interface: "org.freedesktop.systemd1.Unit", "ActiveState")
            if state == "active" { return }
            let jobPending =
                job.map {
                    (try? bus.stringProperty(path: $0, interface: "org.freedesktop.systemd1.Job", "State")) != nil
                } ?? false
            if !jobPending && state != "activating" {
                // The job may have finished between the two reads: the state
                // read after it is the one that counts.
                let after = try bus.stringProperty(
                    path: unitPath, interface: "org.freedesktop.systemd1.Unit", "ActiveState")
                if after == "active" { return }
                throw SyscallError("start systemd unit \(unit): unit is \(after)", errno: .invalidArgument)
            }
            if Identity.monotonicNanoseconds() > deadline {
                throw SyscallError("start systemd unit \(unit): still \(state) after 10 s", errno: Errno(rawValue: 110))
            }
            Identity.sleep(milliseconds: 1)
        }
    }

    /// The holder: a plain child (no new namespaces) that only waits.
    private static func startHolder() throws(RuntimeError) -> (pid: Int32, release: FileDescriptor) {
        do { return try WaitingChild.spawn() } catch { throw .system(error) }
    }

    /// Ends the holder (the init keeps the scope alive now) and reaps it.
    /// SIGKILL, not EOF: the init holds a copy of the pipe until it execs.
    func releaseHolder() {
        guard let holder else { return }
        self.holder = nil
        try? Processes.kill(holder.pid, signal: 9)
        _ = try? Processes.wait(holder.pid)
        holder.release.close()
    }

    /// Stops the scope (SIGKILL to what is left, then systemd removes the
    /// cgroup); best effort: a scope whose processes all exited is gone already.
    static func stop(_ unit: String) {
        guard let bus = try? SystemdBus() else { return }
        _ = try? bus.callManager(
            "StopUnit", [.string(unit), .string("replace")], operation: "stop systemd unit \(unit)")
    }
}
