/// A child that does nothing but wait: it blocks reading a pipe and exits at
/// EOF, once its parent closes `release`. For what needs a live process for
/// a moment — a user namespace to take maps, a scope systemd starts around a
/// PID. Between clone and exit the child makes only async-signal-safe calls.
public enum WaitingChild {
    public static func spawn(namespaces: NamespaceFlags = []) throws(SyscallError) -> (
        pid: Int32, release: FileDescriptor
    ) {
        let pipe = try Pipe()
        let result: CloneResult
        do {
            result = try Clone.spawn(namespaces: namespaces, cgroup: nil)
        } catch {
            pipe.readEnd.close()
            pipe.writeEnd.close()
            throw error
        }
        guard case .parent(let pid, let pidfd, _) = result else {
            pipe.writeEnd.close()
            _ = pipe.readEnd.readByte()
            Processes.exitImmediately(0)
        }
        pidfd?.close()
        pipe.readEnd.close()
        return (pid, pipe.writeEnd)
    }
}
