import Cgroups
import Syscalls

extension Container {
    /// Removes the container's cgroup and state. A running container needs
    /// `force`: everything in its cgroup gets SIGKILL first, and delete
    /// waits until the cgroup is empty.
    func delete(force: Bool) throws(RuntimeError) {
        let state = self.state
        if !state.canDelete {
            guard force else { throw .stillRunning(record.id) }
            if let cgroup {
                do { try cgroup.killAll() } catch { throw .cgroup(error) }
            }
            if let pid = state.pid { try? Processes.kill(pid, signal: 9) }
        }
        if let cgroup {
            do {
                try cgroup.waitUntilEmpty(timeoutMilliseconds: 10_000)
            } catch {
                throw .cgroup(error)
            }
        }
        Container.removeCgroupDirectories(record.createdCgroupDirectories)
        try store.remove(record.id)
    }

    /// Removes cgroup directories deepest first; a parent that still has
    /// other children stays (best effort).
    static func removeCgroupDirectories(_ directories: [String]) {
        Cgroup.removeDirectories(directories)
    }
}
