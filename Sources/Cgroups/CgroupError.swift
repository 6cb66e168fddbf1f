import Syscalls

/// Why a cgroup operation failed.
public enum CgroupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No cgroup2 filesystem is mounted, or this process has no v2 cgroup.
    case noUnifiedHierarchy
    /// `linux.cgroupsPath` escapes its base.
    case invalidPath(String)
    /// A limit names a controller this cgroup does not have.
    case controllerUnavailable(file: String, cgroup: String)
    /// Processes were still in the cgroup after the deadline.
    case notEmpty(String)
    case system(SyscallError)

    public var description: String {
        switch self {
        case .noUnifiedHierarchy:
            return "cgroup v2: no cgroup2 mount in /proc/self/mountinfo or no 0:: entry in /proc/self/cgroup"
        case .invalidPath(let path):
            return "cgroupsPath '\(path)': '..' is not allowed"
        case .controllerUnavailable(let file, let cgroup):
            return "cgroup \(cgroup): \(file) does not exist (controller not enabled for this cgroup)"
        case .notEmpty(let cgroup):
            return "cgroup \(cgroup): processes remain after SIGKILL"
        case .system(let error):
            return error.description
        }
    }
}
