import Syscalls

/// Why a cgroup operation failed.
public enum CgroupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No cgroup2 filesystem is mounted, or this process has no v2 cgroup.
    case noUnifiedHierarchy
    /// `linux.cgroupsPath` escapes its base.
    case invalidPath(String)
    /// A limit names a controller this cgroup does not have.
    case controllerUnavailable(file: String, cgroup: String)
    /// A setting needs a controller the cgroup's parent does not offer
    /// (`cgroup.controllers` of `cgroup`, a directory, lacks it).
    case controllerNotAvailable(controller: String, field: String, cgroup: String, available: [String])
    /// Writing `+controller …` to a `cgroup.subtree_control` failed.
    case enableControllers(request: String, cgroup: String, cause: Errno)
    /// Writing a setting's value to its control file failed.
    case setting(field: String, file: String, value: String, cause: Errno)
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
        case .controllerNotAvailable(let controller, let field, let cgroup, let available):
            let has = available.isEmpty ? "none" : available.joined(separator: " ")
            return "\(field): cgroup controller '\(controller)' is not available in \(cgroup) (has: \(has))"
        case .enableControllers(let request, let cgroup, let cause):
            let why =
                cause == .busy
                ? " (the cgroup has processes of its own: controllers pass only to children of an empty cgroup)"
                : ""
            return "enable controllers '\(request)' in \(cgroup)/cgroup.subtree_control: \(cause)\(why)"
        case .setting(let field, let file, let value, let cause):
            // iocost takes per-device weights only for devices it is enabled on.
            let why =
                file.hasSuffix("/io.weight") && cause == .notSupported
                ? " (per-device io.weight needs the io cost controller on that device: 'MAJ:MIN enable=1'"
                    + " in the root cgroup's io.cost.qos)"
                : ""
            return "\(field): write '\(value)' to \(file): \(cause)\(why)"
        case .notEmpty(let cgroup):
            return "cgroup \(cgroup): processes remain after SIGKILL"
        case .system(let error):
            return error.description
        }
    }
}
