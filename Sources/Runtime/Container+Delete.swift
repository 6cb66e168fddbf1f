import Cgroups
import Syscalls

extension Container {
    /// Removes the container's cgroup and state. A running container needs
    /// `force`: everything in its cgroup gets SIGKILL first, and delete
    /// waits until the cgroup is empty. The poststop hooks run last, before
    /// the state goes (their failures are `diagnostics` warnings).
    func delete(force: Bool, diagnostics: Diagnostics? = nil) throws(RuntimeError) {
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
        if let unit = record.systemdScope { SystemdScope.stop(unit) }
        runPoststopHooks(diagnostics: diagnostics ?? Diagnostics(sink: .standardError))
        try store.remove(record.id)
    }

    /// Removes cgroup directories deepest first; a parent that still has
    /// other children stays (best effort).
    static func removeCgroupDirectories(_ directories: [String]) {
        if let own = directories.last { removeChildCgroups(of: own) }
        Cgroup.removeDirectories(directories)
    }
}
