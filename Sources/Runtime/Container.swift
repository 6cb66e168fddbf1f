import Cgroups
import OCI
import Syscalls

/// A container known to the runtime: its record on disk and its live state.
struct Container {
    let record: ContainerRecord
    let store: StateStore

    static func load(_ id: String, store: StateStore) throws(RuntimeError) -> Container {
        try StateStore.validate(id)
        return Container(record: try store.load(id), store: store)
    }

    /// Running while the recorded PID is alive and still the same process
    /// (same start time) and not a zombie; else stopped.
    var state: LifecycleState {
        guard ProcFS.isSameProcess(record.pid, startTime: record.pidStartTime),
            let letter = ProcFS.state(of: record.pid), letter != "Z", letter != "X"
        else { return .stopped }
        return record.status == .created ? .created(pid: record.pid) : .running(pid: record.pid)
    }

    var cgroup: Cgroup? {
        guard let mountPoint = record.cgroupMountPoint, let path = record.cgroupPath else { return nil }
        return Cgroup(mountPoint: mountPoint, path: path)
    }
}
