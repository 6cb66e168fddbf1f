import OCI
import Syscalls

/// A hook the container's init runs itself (createContainer,
/// startContainer), prepared before clone.
struct PreparedHook {
    let path: UnsafePointer<CChar>
    let arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>
    let environment: UnsafePointer<UnsafeMutablePointer<CChar>?>
    /// The memory file with the state document (filled in by the runtime
    /// once the init's PID is known, at the rendezvous).
    let input: Int32
    /// 0: no timeout.
    let timeoutMilliseconds: Int32
    /// createContainer: runs in the rootfs directory, as under runc.
    let inRootfs: Bool
    /// Written to stderr when the hook fails after `create` has returned
    /// (startContainer after `start`): nobody reads the error pipe by then.
    /// Empty otherwise.
    let failureLine: UnsafePointer<CChar>
    let failureLineLength: Int
}

/// The hooks around the container's init: the state documents for the
/// hooks the init runs and the pipe on which it waits while the runtime
/// runs prestart and createRuntime.
final class InitHooks {
    let hooks: Hooks
    private let arena = CStringArena()
    /// State documents: `creating` for createContainer, `created` for
    /// startContainer.
    let creatingState: FileDescriptor
    let createdState: FileDescriptor
    /// The init reads the go-ahead after the runtime's hooks here.
    let rendezvous: Pipe
    private(set) var createContainer: [PreparedHook] = []
    private(set) var startContainer: [PreparedHook] = []

    /// Nil when the spec has no hooks the create path runs (poststart and
    /// poststop need nothing of the init). `waitsForStart`: the `create`
    /// verb, after which a startContainer failure can only be printed.
    init?(_ hooks: Hooks?, id: String, waitsForStart: Bool) throws(RuntimeError) {
        guard let hooks else { return nil }
        let kinds: [HookKind] = [.prestart, .createRuntime, .createContainer, .startContainer]
        guard kinds.contains(where: { !hooks[$0].isEmpty }) else { return nil }
        self.hooks = hooks
        do {
            creatingState = try MemoryFile.holding([])
            createdState = try MemoryFile.holding([])
            rendezvous = try Pipe()
        } catch {
            throw .system(error)
        }
        createContainer = prepare(.createContainer, input: creatingState, id: id, printFailure: false)
        startContainer = prepare(.startContainer, input: createdState, id: id, printFailure: waitsForStart)
    }

    private func prepare(_ kind: HookKind, input: FileDescriptor, id: String, printFailure: Bool) -> [PreparedHook] {
        hooks[kind].enumerated().map { index, hook in
            let line =
                printFailure
                ? "\(Diagnostics.identifier): \(id): hooks.\(kind.rawValue)[\(index)] (\(hook.path)): " : ""
            return PreparedHook(
                path: arena.string(hook.path), arguments: arena.vector(hook.args ?? [hook.path]),
                environment: arena.vector(hook.env ?? []), input: input.rawValue,
                timeoutMilliseconds: Int32(clamping: (hook.timeout ?? 0) * 1000), inRootfs: kind == .createContainer,
                failureLine: arena.string(line), failureLineLength: line.utf8.count)
        }
    }

    /// The runtime's side of the rendezvous: with the init's PID known,
    /// writes the state documents, runs prestart and createRuntime, and
    /// lets the init go on. A failing hook fails `create`.
    func serve(_ state: State) throws(RuntimeError) {
        var creating = state
        creating.status = .creating
        var created = state
        created.status = .created
        do {
            try creatingState.replaceContents(with: HookRunner.document(creating))
            try createdState.replaceContents(with: HookRunner.document(created))
        } catch {
            throw .system(error)
        }
        try HookRunner.run(.prestart, hooks[.prestart], state: creating)
        try HookRunner.run(.createRuntime, hooks[.createRuntime], state: creating)
        do { try rendezvous.writeEnd.writeAll([1]) } catch { throw .system(error) }
    }

    /// After clone: the parent's copy of the init's end.
    func closeChildEnd() { rendezvous.readEnd.close() }

    /// After create: what is left of the parent's side.
    func close() {
        rendezvous.readEnd.close()
        rendezvous.writeEnd.close()
        creatingState.close()
        createdState.close()
    }

    /// How a hook that failed in the init is reported: `InitFailure.errno`
    /// is 0 and `detail` the outcome (see `InitProcess.runHook`).
    static func describe(_ description: String, detail: Int32) -> String {
        switch detail {
        case InitHookOutcome.timedOut: return "\(description): killed at its timeout"
        case 127: return "\(description): exit status 127 (not found or not executable, in the container's mounts)"
        case 1...255: return "\(description): exit status \(detail)"
        case 256...: return "\(description): killed by signal \(detail - 256)"
        default: return "\(description): failed"
        }
    }
}

/// `InitFailure.detail` values of a failed hook besides exit codes
/// (1…255) and 256+signal.
enum InitHookOutcome {
    static let timedOut: Int32 = -1
}

extension InitSequence {
    /// Before pivot_root, after the mounts: the init stops while the runtime
    /// runs prestart and createRuntime in its own namespaces, then runs
    /// createContainer in the container's mount namespace (paths still
    /// resolve against the host's root, in the rootfs directory).
    mutating func addCreateHooks() {
        guard let hooks else { return }
        add(
            .waitForRuntimeHooks(
                read: hooks.rendezvous.readEnd.rawValue, parentWrite: hooks.rendezvous.writeEnd.rawValue),
            "wait for the prestart and createRuntime hooks")
        for (index, hook) in hooks.createContainer.enumerated() {
            add(.hook(hook), "hooks.createContainer[\(index)] (\(hooks.hooks[.createContainer][index].path))")
        }
    }

    /// `create`: setup is done; wait for `start`. With startContainer hooks
    /// they run once `start` opened the FIFO, and `start` returns (reading
    /// the byte) only after they succeeded, so poststart follows them.
    mutating func addWaitForStart(fifo: FileDescriptor) {
        let description = "wait for start (open exec fifo through /proc/self/fd)"
        guard let hooks, !hooks.startContainer.isEmpty else {
            add(.waitForStart(fifo: fifo.rawValue), description)
            return
        }
        add(
            .waitForStartThenHooks(fifo: fifo.rawValue, hooks: hooks.startContainer),
            description + ", startContainer hooks")
    }

    /// After `start` (or right away for `run`), before exec, as the
    /// container's user: startContainer, inside the container.
    mutating func addStartHooks() {
        guard let hooks else { return }
        for (index, hook) in hooks.startContainer.enumerated() {
            add(.hook(hook), "hooks.startContainer[\(index)] (\(hooks.hooks[.startContainer][index].path))")
        }
    }
}

extension InitProcess {
    /// Tells the runtime the namespaces and mounts are ready (a report with
    /// `InitFailure.hooksStep`) and waits for its go-ahead.
    func waitForRuntimeHooks(read: Int32, parentWrite: Int32) -> (Errno, Int32)? {
        FileDescriptor(rawValue: parentWrite).close()
        var request = InitFailure(step: InitFailure.hooksStep, errno: 0, detail: 0)
        let sent = withUnsafeBytes(of: &request) { raw in
            raw.baseAddress.flatMap { errorWrite.write($0, count: InitFailure.size) }
        }
        if let sent { return (sent, 0) }
        let reader = FileDescriptor(rawValue: read)
        switch reader.readByte() {
        case .success(1):
            reader.close()
            return nil
        case .success:
            // The runtime gave up (a hook failed): leave without a report.
            Processes.exitImmediately(1)
        case .failure(let error):
            return (error, 0)
        }
    }

    /// Tells the runtime setup is done, waits for `start` to open the FIFO,
    /// runs the startContainer hooks, and only then writes `start`'s byte;
    /// a failing hook closes the FIFO without it.
    func waitForStartThenHooks(fifo: Int32, hooks: [PreparedHook], rootfs: Int32) -> (Errno, Int32)? {
        var ready = InitFailure(step: InitFailure.readyStep, errno: 0, detail: 0)
        _ = withUnsafeBytes(of: &ready) { raw in
            raw.baseAddress.map { errorWrite.write($0, count: InitFailure.size) }
        }
        let writer: Int32
        switch ProcessSpawn.openFifoForWriting(fdPath(fifo)) {
        case .success(let fd): writer = fd
        case .failure(let error): return (error, 0)
        }
        for hook in hooks {
            if let failure = runHook(hook, rootfs: rootfs) {
                Terminal.close(writer)
                return failure
            }
        }
        return fail(ProcessSpawn.signalStarted(writer))
    }

    /// Runs a hook and waits for it; a failure is reported with errno 0 and
    /// the outcome as detail.
    func runHook(_ hook: PreparedHook, rootfs: Int32) -> (Errno, Int32)? {
        let outcome = ProcessSpawn.runPrepared(
            hook.path, arguments: hook.arguments, environment: hook.environment, input: hook.input,
            directory: hook.inRootfs ? rootfs : -1, timeoutMilliseconds: hook.timeoutMilliseconds)
        let detail: Int32
        switch outcome {
        case .failure(let error): return (error, 0)
        case .success(.exited(.exited(0))): return nil
        case .success(.exited(.exited(let code))): detail = code
        case .success(.exited(.signaled(let signal))): detail = 256 + signal
        case .success(.timedOut): detail = InitHookOutcome.timedOut
        }
        if hook.failureLineLength > 0 { printFailure(hook, detail: detail) }
        return (Errno(rawValue: 0), detail)
    }

    /// `swctl-runtime: ID: hooks.startContainer[0] (/x): exit status 1` on
    /// stderr, from prepared and static memory only.
    private func printFailure(_ hook: PreparedHook, detail: Int32) {
        let stderr = FileDescriptor.standardError
        func put(_ text: StaticString) { _ = stderr.write(text.utf8Start, count: text.utf8CodeUnitCount) }
        _ = stderr.write(hook.failureLine, count: hook.failureLineLength)
        var number = detail
        switch detail {
        case InitHookOutcome.timedOut:
            put("killed at its timeout\n")
            return
        case 256...:
            put("killed by signal ")
            number -= 256
        default:
            put("exit status ")
        }
        var divisor: Int32 = 1
        while number / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            var digit = UInt8(48 + (number / divisor) % 10)
            _ = stderr.write(&digit, count: 1)
            divisor /= 10
        }
        put("\n")
    }
}
