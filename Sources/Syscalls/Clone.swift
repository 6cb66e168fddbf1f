import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Which side of a clone the caller is on.
public enum CloneResult: Sendable {
    /// In the new process.
    case child
    /// In the caller: the child's PID (in the caller's PID namespace), its
    /// pidfd when the kernel gave one, and whether the kernel already placed
    /// it in the requested cgroup (CLONE_INTO_CGROUP).
    case parent(pid: Int32, pidfd: FileDescriptor?, placedInCgroup: Bool)
}

/// A fork-like clone into new namespaces.
public enum Clone {
    /// Creates a child process in new `namespaces`, preferably with clone3
    /// and CLONE_INTO_CGROUP (the child never runs outside its cgroup).
    /// Falls back to clone3 without the cgroup on kernels older than 5.7,
    /// and to clone(2) without a pidfd on kernels without clone3; the caller
    /// then moves the child itself (`placedInCgroup` is false).
    ///
    /// With `sibling`, the child becomes a child of the caller's parent
    /// (CLONE_PARENT): under systemd, the service manager is then the
    /// container's parent from the start and supervises it as a main process
    /// of its own, not as an "alien" one it cannot wait for.
    ///
    /// Like fork, the child starts on a copy of the caller's stack; the
    /// caller must be single-threaded.
    public static func spawn(
        namespaces: NamespaceFlags, cgroup: FileDescriptor?, sibling: Bool = false
    ) throws(SyscallError) -> CloneResult {
        let flags = UInt64(UInt32(bitPattern: namespaces.rawValue)) | (sibling ? 0x8000 : 0)  // CLONE_PARENT
        var pidfd: Int32 = -1
        var result = valueOrErrno { swctl_clone3(flags, cgroup?.rawValue ?? -1, &pidfd) }
        var placed = cgroup != nil
        if case .failure(let error) = result, cgroup != nil,
            error.rawValue == E2BIG || error.rawValue == EINVAL
        {
            // Kernel without CLONE_INTO_CGROUP (< 5.7).
            result = valueOrErrno { swctl_clone3(flags, -1, &pidfd) }
            placed = false
        }
        if case .failure(let error) = result, error.rawValue == ENOSYS {
            result = valueOrErrno { swctl_clone_fork(flags) }
            pidfd = -1
            placed = false
        }
        switch result {
        case .success(0):
            return .child
        case .success(let pid):
            return .parent(
                pid: pid, pidfd: pidfd >= 0 ? FileDescriptor(rawValue: pidfd) : nil, placedInCgroup: placed)
        case .failure(let error):
            throw SyscallError("clone", errno: error)
        }
    }
}
