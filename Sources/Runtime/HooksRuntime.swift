import JSON
import OCI
import Syscalls

/// The hook kinds of `config.json`, in lifecycle order.
enum HookKind: String, CaseIterable {
    case prestart, createRuntime, createContainer, startContainer, poststart, poststop
}

extension Hooks {
    /// The hooks of one kind, in the order they run.
    subscript(kind: HookKind) -> [Hook] {
        switch kind {
        case .prestart: return prestart ?? []
        case .createRuntime: return createRuntime ?? []
        case .createContainer: return createContainer ?? []
        case .startContainer: return startContainer ?? []
        case .poststart: return poststart ?? []
        case .poststop: return poststop ?? []
        }
    }

    /// What the spec requires of each hook: an absolute path and, if given,
    /// a positive timeout. Checked before anything is made.
    static func validate(_ hooks: Hooks?) throws(RuntimeError) {
        guard let hooks else { return }
        for kind in HookKind.allCases {
            for (index, hook) in hooks[kind].enumerated() {
                let field = "hooks.\(kind.rawValue)[\(index)]"
                guard hook.path.hasPrefix("/") else {
                    throw .invalidSpec("\(field).path '\(hook.path)' is not absolute")
                }
                if let timeout = hook.timeout, timeout <= 0 {
                    throw .invalidSpec("\(field).timeout \(timeout) is not a positive number of seconds")
                }
            }
        }
    }
}

/// Runs hooks in the runtime's own namespaces (prestart, createRuntime,
/// poststart, poststop): the state document on stdin, exactly the hook's
/// `args` and `env`, killed at its `timeout`.
enum HookRunner {
    /// The state a hook reads on stdin: the document `state` prints, compact.
    static func document(_ state: State) -> [UInt8] {
        (try? JSONEncoder().encode(state)) ?? []
    }

    /// Runs `hooks` of `kind` in order; the first that fails stops the rest
    /// and is the error (create-time hooks: the container is not created).
    static func run(_ kind: HookKind, _ hooks: [Hook], state: State) throws(RuntimeError) {
        guard !hooks.isEmpty else { return }
        let input: FileDescriptor
        do { input = try MemoryFile.holding(document(state)) } catch { throw .system(error) }
        defer { input.close() }
        for (index, hook) in hooks.enumerated() {
            if let failure = runOne(hook, input: input) { throw .hook(describe(kind, index, hook, failure)) }
        }
    }

    /// Runs every hook of `kind`; a failure is a warning and the others
    /// still run (poststart, poststop).
    static func runWarning(_ kind: HookKind, _ hooks: [Hook], state: State, diagnostics: Diagnostics) {
        guard !hooks.isEmpty else { return }
        let input: FileDescriptor
        do {
            input = try MemoryFile.holding(document(state))
        } catch {
            diagnostics.warning("hooks.\(kind.rawValue): \(error)")
            return
        }
        defer { input.close() }
        for (index, hook) in hooks.enumerated() {
            if let failure = runOne(hook, input: input) {
                diagnostics.warning(describe(kind, index, hook, failure) + ", continuing")
            }
        }
    }

    /// How one hook failed: not started, a bad exit, or its time ran out.
    enum Failure: Equatable {
        case notStarted(Errno)
        case exited(ExitStatus, output: String)
        case timedOut(seconds: Int)
    }

    /// Hooks run in the runtime's own namespaces: a PID or time namespace
    /// the runtime entered for the container's init (setns and unshare of
    /// those affect only children) is left for its own again first.
    private static func leaveChildNamespaces() throws(SyscallError) {
        for (kind, name) in [(NamespaceFlags.pid, "pid"), (.time, "time")] {
            let own = "/proc/self/ns/\(name)"
            guard let active = try? FileSystem.readLink(own),
                let forChildren = try? FileSystem.readLink(own + "_for_children"), active != forChildren
            else { continue }
            let fd = try FileDescriptor.open(own)
            defer { fd.close() }
            try Namespaces.join(fd, kind: kind, path: own)
        }
    }

    private static func runOne(_ hook: Hook, input: FileDescriptor) -> Failure? {
        do { try leaveChildNamespaces() } catch { return .notStarted(error.errno) }
        do { try input.rewind() } catch { return .notStarted(error.errno) }
        let result: (exit: TimedExit, output: [UInt8])
        do {
            result = try ProcessSpawn.run(
                hook.path, arguments: hook.args ?? [hook.path], environment: hook.env ?? [], input: input,
                timeoutMilliseconds: hook.timeout.map { $0 * 1000 })
        } catch {
            return .notStarted(error.errno)
        }
        switch result.exit {
        case .exited(.exited(0)): return nil
        case .exited(let status): return .exited(status, output: String(decoding: result.output, as: UTF8.self))
        case .timedOut: return .timedOut(seconds: hook.timeout ?? 0)
        }
    }

    /// `hooks.createRuntime[1] (/usr/bin/x): exit status 1: output…`.
    static func describe(_ kind: HookKind, _ index: Int, _ hook: Hook, _ failure: Failure) -> String {
        let name = "hooks.\(kind.rawValue)[\(index)] (\(hook.path))"
        switch failure {
        case .notStarted(let errno):
            return "\(name): start: \(errno)"
        case .exited(let status, let output):
            let text = output.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
            return "\(name): \(status)" + (text.isEmpty ? "" : ", output: \(text)")
        case .timedOut(let seconds):
            return "\(name): killed at its timeout of \(seconds) s"
        }
    }
}
