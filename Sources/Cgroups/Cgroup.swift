import Syscalls

/// One cgroup v2 directory. The hierarchy's mount point is a parameter, so
/// tests run on a temporary directory laid out like cgroupfs.
public struct Cgroup: Equatable, Sendable {
    /// The cgroup2 mount point (`/sys/fs/cgroup`).
    public let mountPoint: String
    /// The cgroup's path below the mount point, starting with `/`.
    public let path: String

    public init(mountPoint: String, path: String) {
        self.mountPoint = mountPoint
        self.path = path
    }

    /// The cgroup's directory.
    public var directory: String { path == "/" ? mountPoint : mountPoint + path }

    /// Makes the cgroup and any missing parents. Returns the directories it
    /// made, deepest last, so a failed start removes exactly those.
    public func create() throws(CgroupError) -> [String] {
        var made: [String] = []
        var current = mountPoint
        do {
            for component in path.split(separator: "/") {
                current += "/" + component
                if try Directory.make(current) { made.append(current) }
            }
        } catch {
            Cgroup.removeDirectories(made)
            throw .system(error)
        }
        return made
    }

    /// Removes directories made by `create()`, deepest first; best effort.
    public static func removeDirectories(_ made: [String]) {
        for directory in made.reversed() { try? Directory.remove(directory) }
    }

    /// Removes this cgroup's directory (it must hold no processes); a missing one is fine.
    public func remove() throws(CgroupError) {
        do { try Directory.remove(directory) } catch { throw .system(error) }
    }

    /// Opens the directory for `clone3(CLONE_INTO_CGROUP)`.
    public func open() throws(CgroupError) -> FileDescriptor {
        do { return try FileDescriptor.open(directory, [.directory]) } catch { throw .system(error) }
    }

    /// Moves `pid` into this cgroup.
    public func add(_ pid: Int32) throws(CgroupError) {
        try write("cgroup.procs", String(pid))
    }

    /// The PIDs in this cgroup (not its children).
    public func processes() throws(CgroupError) -> [Int32] {
        try read("cgroup.procs").split(whereSeparator: \.isNewline).compactMap { Int32($0) }
    }

    /// Whether any process is in this cgroup or below (`cgroup.events`
    /// `populated`); a missing cgroup is empty.
    public func isPopulated() -> Bool {
        guard let events = try? read("cgroup.events") else { return false }
        return events.split(separator: "\n").contains("populated 1")
    }

    /// SIGKILLs everything in the cgroup: `cgroup.kill` (Linux 5.14), else
    /// each PID in `cgroup.procs`.
    public func killAll() throws(CgroupError) {
        if Syscalls.FileSystem.exists(directory + "/cgroup.kill") {
            try write("cgroup.kill", "1")
            return
        }
        for pid in try processes() { try? Processes.kill(pid, signal: 9) }
    }

    /// Waits until the cgroup has no processes, up to `timeoutMilliseconds`:
    /// the kernel wakes a poll on `cgroup.events` when `populated` changes,
    /// so an emptied cgroup is seen at once rather than at the next tick.
    public func waitUntilEmpty(timeoutMilliseconds: Int) throws(CgroupError) {
        guard isPopulated() else { return }
        let events = try? FileDescriptor.open(directory + "/cgroup.events")
        defer { events?.close() }
        let deadline = Identity.monotonicNanoseconds() + UInt64(timeoutMilliseconds) * 1_000_000
        while isPopulated() {
            if Identity.monotonicNanoseconds() > deadline { throw .notEmpty(path) }
            if let events {
                _ = try? events.waitForPriorityEvent(timeoutMilliseconds: 10)
            } else {
                Identity.sleep(milliseconds: 1)
            }
        }
    }

    /// Writes one value to a control file of this cgroup.
    public func write(_ file: String, _ value: String) throws(CgroupError) {
        let target = directory + "/" + file
        do {
            try FileDescriptor.writeFile(target, value)
        } catch {
            if error.errno == .noSuchFileOrDirectory || error.errno == .permissionDenied,
                !Syscalls.FileSystem.exists(target)
            {
                throw .controllerUnavailable(file: file, cgroup: path)
            }
            throw .system(error)
        }
    }

    /// Reads a control file of this cgroup.
    public func read(_ file: String) throws(CgroupError) -> String {
        do {
            return String(decoding: try FileDescriptor.readFile(directory + "/" + file), as: UTF8.self)
        } catch {
            throw .system(error)
        }
    }
}
