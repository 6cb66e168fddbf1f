import Cgroups
import Confinement
import Syscalls

/// Everything `swctl-runtime` reports as a failure; each message names the
/// operation, the object and the cause, lowercase, without a trailing period.
public enum RuntimeError: Error, Equatable, CustomStringConvertible {
    /// Bad command line; the runtime exits 2.
    case usage(String)
    case invalidID(String)
    case alreadyExists(String)
    case notFound(String)
    case notRunning(String)
    case stillRunning(String)
    /// `start` of a container that is not waiting for it.
    case notCreated(String, String)
    case invalidSpec(String)
    case readSpec(String, String)
    /// A step of the container's init failed in the child.
    case initStep(String, Errno)
    case system(SyscallError)
    case cgroup(CgroupError)
    case capabilities(CapabilityError)
    case seccomp(SeccompError)
    case notify(String)
    /// A hook failed (`hooks.createRuntime[0] (/usr/bin/x): exit status 1`).
    case hook(String)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .invalidID(let id):
            return "container id '\(id)': use letters, digits, '_', '+', '-', '@' and '.' only, not first '.'"
        case .alreadyExists(let id): return "container \(id) already exists (delete it first)"
        case .notFound(let id): return "container \(id) does not exist"
        case .notRunning(let id): return "container \(id) is not running"
        case .stillRunning(let id): return "container \(id) is running (stop it, or delete --force)"
        case .notCreated(let id, let status): return "container \(id) is \(status), not created: nothing to start"
        case .invalidSpec(let message): return "config.json: \(message)"
        case .readSpec(let path, let message): return "read \(path): \(message)"
        case .initStep(let step, let errno): return "\(step): \(errno)"
        case .system(let error): return error.description
        case .cgroup(let error): return error.description
        case .capabilities(let error): return error.description
        case .seccomp(let error): return "linux.seccomp: \(error)"
        case .notify(let message): return message
        case .hook(let message): return message
        }
    }
}
