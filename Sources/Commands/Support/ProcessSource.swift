import Syscalls

/// Where `top` reads processes from: a cgroup tree and /proc. The roots are
/// parameters so the reading can be checked on a directory of fixture files.
struct ProcessSource {
    /// The cgroup2 mounts to look for a unit's cgroup in, in order: a pure
    /// cgroup v2 system, then the hybrid layout's unified mount.
    var cgroupRoots = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]
    var procRoot = "/proc"
    var passwdPath = "/etc/passwd"

    /// The directory of `controlGroup` (systemd's `ControlGroup`, e.g.
    /// `/system.slice/…/ctr@web.service`) under the first root that has it.
    func cgroupDirectory(_ controlGroup: String) -> String? {
        cgroupRoots.map { $0 + controlGroup }.first { path in
            (try? FileSystem.status(path))??.kind == .directory
        }
    }

    /// Every PID in `directory`'s cgroup.procs and those of its descendants.
    func pids(inCgroupAt directory: String) throws(FileSystemError) -> [Int32] {
        var pids = try FileSystem.readTextFile(directory + "/cgroup.procs")
            .split(separator: "\n").compactMap { Int32($0) }
        for entry in try FileSystem.listDirectory(directory) where entry.kind == .directory {
            do {
                pids += try self.pids(inCgroupAt: directory + "/" + entry.name)
            } catch  where error.errno == .noSuchFileOrDirectory {
                continue  // removed while we read
            }
        }
        return pids
    }

    /// The process `pid`, nil when it has gone (or its files are unreadable).
    func process(_ pid: Int32) -> ProcessEntry? {
        let base = "\(procRoot)/\(pid)"
        guard let stat = try? FileSystem.readTextFile(base + "/stat"),
            let status = try? FileSystem.readTextFile(base + "/status")
        else { return nil }
        let cmdline = (try? FileSystem.readFile(base + "/cmdline")) ?? []
        return ProcessEntry(stat: stat, status: status, cmdline: cmdline)
    }

    /// The processes of the cgroup at `directory`, those that still exist.
    func processes(inCgroupAt directory: String) throws(FileSystemError) -> [ProcessEntry] {
        try pids(inCgroupAt: directory).compactMap(process)
    }

    /// uid → user name from the passwd file; empty when it cannot be read.
    func userNames() -> [UInt32: String] {
        (try? FileSystem.readTextFile(passwdPath)).map(ProcessTable.userNames) ?? [:]
    }
}
