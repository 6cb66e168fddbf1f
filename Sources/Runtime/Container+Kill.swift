import Cgroups
import Syscalls

extension Container {
    /// Sends `signal` to the container's init, or with `all` to every
    /// process in its cgroup.
    func kill(signal: Int32, all: Bool) throws(RuntimeError) {
        guard let pid = state.pid, state.canKill else { throw .notRunning(record.id) }
        if all, let cgroup {
            let pids: [Int32]
            do { pids = try cgroup.processes() } catch { throw .cgroup(error) }
            for member in pids { try? Processes.kill(member, signal: signal) }
            return
        }
        do {
            try Processes.kill(pid, signal: signal)
        } catch {
            if error.errno == .noSuchProcess { throw .notRunning(record.id) }
            throw .system(error)
        }
    }
}
