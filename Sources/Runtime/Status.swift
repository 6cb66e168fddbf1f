import OCI

/// Where a container is in its lifecycle; commands ask this type what is
/// allowed instead of comparing strings.
public enum LifecycleState: Equatable, Sendable {
    /// The init process is set up and waits for `start` (after `create`).
    case created(pid: Int32)
    /// The container process is running.
    case running(pid: Int32)
    /// The container process has exited (or its PID now names another process).
    case stopped

    /// `start` applies only to a created container.
    public var canStart: Bool {
        if case .created = self { return true }
        return false
    }

    /// Signals reach created and running containers.
    public var canKill: Bool {
        switch self {
        case .created, .running: return true
        case .stopped: return false
        }
    }

    /// `delete` without `--force` needs a stopped container.
    public var canDelete: Bool { self == .stopped }

    public var pid: Int32? {
        switch self {
        case .created(let pid), .running(let pid): return pid
        case .stopped: return nil
        }
    }

    /// The status word of the OCI state.
    public var ociStatus: ContainerStatus {
        switch self {
        case .created: return .created
        case .running: return .running
        case .stopped: return .stopped
        }
    }
}
