import OCI
import Syscalls

/// Where the runtime runs hooks in the lifecycle: prestart and
/// createRuntime when the init reports its mounts ready, poststart once the
/// process runs, poststop after the container is gone.
extension Container {
    /// Reads the init's next report from the error pipe. A hooks request
    /// (`InitFailure.hooksStep`) is served in between: the state documents
    /// get the init's PID, prestart and createRuntime run, the init goes on.
    /// Returns the bytes read (0: EOF, the init exec'd) and the record.
    static func readInitReport(
        _ errors: FileDescriptor, hooks: InitHooks?, state: State
    ) throws(RuntimeError) -> (count: Int, failure: InitFailure) {
        while true {
            var failure = InitFailure(step: 0, errno: 0, detail: 0)
            let count = withUnsafeMutableBytes(of: &failure) { buffer in
                (try? errors.read(into: buffer)) ?? 0
            }
            guard count == InitFailure.size, failure.step == InitFailure.hooksStep, let hooks else {
                return (count, failure)
            }
            try hooks.serve(state)
        }
    }

    /// A create that fails after the spec was accepted still runs poststop,
    /// last, once everything else is undone (runtime-spec lifecycle: a
    /// failed create-time hook continues at delete; runc does the same).
    static func addPoststopHooks(
        _ spec: Spec, id: String, bundle: String, rollback: CreationRollback, diagnostics: Diagnostics
    ) {
        guard let hooks = spec.hooks?[.poststop], !hooks.isEmpty else { return }
        let state = State(id: id, status: .stopped, bundle: bundle, annotations: spec.annotations)
        rollback.addFinal { HookRunner.runWarning(.poststop, hooks, state: state, diagnostics: diagnostics) }
    }

    /// poststart: after the process started, before `start` (or `run`)
    /// returns; a failure is a warning.
    func runPoststartHooks(diagnostics: Diagnostics) {
        guard let hooks = record.hooks?[.poststart], !hooks.isEmpty else { return }
        let state = State(
            id: record.id, status: .running, pid: record.pid, bundle: record.bundle, annotations: record.annotations)
        HookRunner.runWarning(.poststart, hooks, state: state, diagnostics: diagnostics)
    }

    /// poststop: in `delete`, once the container's processes and cgroup
    /// are gone; a failure is a warning and the other hooks still run.
    func runPoststopHooks(diagnostics: Diagnostics) {
        guard let hooks = record.hooks?[.poststop], !hooks.isEmpty else { return }
        let state = State(id: record.id, status: .stopped, bundle: record.bundle, annotations: record.annotations)
        HookRunner.runWarning(.poststop, hooks, state: state, diagnostics: diagnostics)
    }
}

extension Container {
    /// How long `start` waits for the init's byte: 10 s, plus the
    /// startContainer hooks' timeouts (which run first); without limit when
    /// one of them has none.
    var startTimeoutMilliseconds: Int32 {
        let hooks = record.hooks?[.startContainer] ?? []
        if hooks.contains(where: { $0.timeout == nil }) { return -1 }
        return Int32(clamping: 10_000 + hooks.reduce(0) { $0 + ($1.timeout ?? 0) * 1000 })
    }

    /// The init closed the exec FIFO without its byte: it died, or (with
    /// startContainer hooks) a hook failed and the init stopped.
    var startFailure: RuntimeError {
        guard let hooks = record.hooks?[.startContainer], !hooks.isEmpty else { return .notRunning(record.id) }
        return .hook(
            "start: a startContainer hook failed and the container stopped (the hook is named on the container's stderr)"
        )
    }
}
