import OCI
import Syscalls

/// What the runtime itself does about namespaces around the clone, for the
/// cases the child cannot do alone.
struct NamespaceSetup {
    /// Namespaces joined by the runtime just before the clone and left right
    /// after it, when the container gets a new user namespace: the child,
    /// born in it, has no privilege over namespaces the host owns.
    var joinBeforeClone: [(fd: FileDescriptor, kind: NamespaceFlags, path: String)] = []
    /// The maps of a new user namespace, written while the child waits.
    var userMaps: UserNamespaceMaps?
    /// A user namespace joined by path, whose maps the runtime does not know.
    var joinsUserNamespace = false
    /// A new time namespace, made by the runtime for its child.
    var newTime: TimeNamespaceSetup?

    func close() {
        for join in joinBeforeClone { join.fd.close() }
    }
}

extension InitSequence {
    /// The namespace steps, in runc's order: a joined user namespace first
    /// (it decides who owns everything made after it), then becoming its
    /// root, then the other joined namespaces, then new ones. New ones are
    /// made by clone, except where the child must be inside something first:
    /// in a joined user namespace they are unshared after the join (so that
    /// namespace owns them), and the cgroup namespace is unshared after the
    /// parent placed the child (so it is rooted at the container's cgroup).
    mutating func addNamespaces(_ linux: Linux, user: User) throws(RuntimeError) {
        let namespaces = linux.namespaces ?? []
        let userNamespace = namespaces.first { $0.type == .user }
        try Self.checkMappingsHaveANamespace(linux, userNamespace: userNamespace)
        try Self.checkTimeOffsetsHaveANamespace(linux)
        let joinedUser = userNamespace?.path
        let newUser = userNamespace != nil && joinedUser == nil
        if newUser {
            namespaceSetup.userMaps = try UserNamespaceMaps(
                linux: linux, user: user, runtimeIsRoot: Identity.effectiveUserID == 0)
        }
        if let joinedUser, namespaces.contains(where: { $0.type == .pid && $0.path == nil }) {
            throw .invalidSpec(
                "linux.namespaces: a new pid namespace in a joined user namespace (\(joinedUser)) is not supported yet;"
                    + " join a pid namespace as well")
        }
        if let joinedUser {
            namespaceSetup.joinsUserNamespace = true
            let fd = try Self.openNamespace(joinedUser)
            joinDescriptors.append(fd)
            add(.joinNamespace(fd: fd.rawValue, kind: .user), "join user namespace \(joinedUser)")
        } else if newUser {
            cloneNamespaces.insert(.user)
        }
        if userNamespace != nil {
            add(.becomeUserNamespaceRoot, "become root of the user namespace (setresuid 0, setresgid 0)")
        }
        var unshareInJoinedUser: NamespaceFlags = []
        var unshareCgroup = false
        for namespace in namespaces where namespace.type != .user {
            let kind = Self.flag(namespace.type)
            if let path = namespace.path {
                let fd = try Self.openNamespace(path)
                if namespace.type == .pid {
                    // setns on a PID namespace affects only children.
                    pidNamespaceToJoin = (fd, path)
                } else if newUser {
                    namespaceSetup.joinBeforeClone.append((fd, kind, path))
                } else {
                    joinDescriptors.append(fd)
                    add(
                        .joinNamespace(fd: fd.rawValue, kind: kind), "join \(namespace.type.rawValue) namespace \(path)"
                    )
                }
            } else if namespace.type == .cgroup {
                unshareCgroup = true
            } else if namespace.type == .time {
                // Offsets can be set only before a process is in the
                // namespace: the runtime makes it and sets them, its child
                // is born into it.
                namespaceSetup.newTime = try TimeNamespaceSetup(linux.timeOffsets)
            } else if joinedUser != nil {
                unshareInJoinedUser.insert(kind)
            } else {
                cloneNamespaces.insert(kind)
            }
        }
        if !unshareInJoinedUser.isEmpty {
            add(.unshare(unshareInJoinedUser), "unshare namespaces in user namespace \(joinedUser ?? "")")
        }
        if unshareCgroup { add(.unshare(.cgroup), "unshare cgroup namespace") }
    }

    private static func openNamespace(_ path: String) throws(RuntimeError) -> FileDescriptor {
        do { return try FileDescriptor.open(path) } catch { throw .system(error) }
    }

    /// Mappings belong to a new user namespace; a joined one has its own.
    static func checkMappingsHaveANamespace(_ linux: Linux, userNamespace: Namespace?) throws(RuntimeError) {
        for (field, mappings) in [("linux.uidMappings", linux.uidMappings), ("linux.gidMappings", linux.gidMappings)]
        where !(mappings ?? []).isEmpty {
            guard let userNamespace else {
                throw .invalidSpec("\(field): mappings need a user namespace in linux.namespaces")
            }
            if let path = userNamespace.path {
                throw .invalidSpec("\(field): the joined user namespace \(path) has its own mappings")
            }
        }
    }

    /// As runc: offsets need a new time namespace; a joined one has its own.
    static func checkTimeOffsetsHaveANamespace(_ linux: Linux) throws(RuntimeError) {
        guard !(linux.timeOffsets ?? [:]).isEmpty else { return }
        guard let time = linux.namespaces?.first(where: { $0.type == .time }) else {
            throw .invalidSpec("linux.timeOffsets: offsets need a time namespace in linux.namespaces")
        }
        if let path = time.path {
            throw .invalidSpec("linux.timeOffsets: the joined time namespace \(path) has its own offsets")
        }
    }

    /// In a user namespace some file systems mount only for namespaces
    /// that user namespace owns; otherwise, as runc, the host's are bound:
    /// sysfs needs a network namespace of its own (else /sys is bound,
    /// recursively, with the mount's other options), cgroup2 a cgroup
    /// namespace (else /sys/fs/cgroup is bound). Under a bound /sys a cgroup
    /// mount gets a tmpfs beneath it: on the host's cgroup2 mount it would
    /// be the same superblock on its own root, which the kernel refuses
    /// (EBUSY), where runc binds the container's cgroup directory instead.
    static func adaptedToUserNamespace(_ mounts: [Mount], namespaces: [Namespace]) -> [Mount] {
        guard namespaces.contains(where: { $0.type == .user }) else { return mounts }
        let ownNetwork = namespaces.contains { $0.type == .network && $0.path == nil }
        let ownCgroup = namespaces.contains { $0.type == .cgroup && $0.path == nil }
        var boundSys = false
        var adapted: [Mount] = []
        for mount in mounts {
            let options = (mount.options ?? []).filter { $0 != "bind" && $0 != "rbind" } + ["rbind"]
            if mount.type == "sysfs" && !ownNetwork {
                adapted.append(Mount(destination: mount.destination, type: "bind", source: "/sys", options: options))
                boundSys = true
            } else if mount.type == "cgroup" || mount.type == "cgroup2" {
                if !ownCgroup {
                    adapted.append(
                        Mount(destination: mount.destination, type: "bind", source: "/sys/fs/cgroup", options: options))
                    continue
                }
                if boundSys {
                    adapted.append(
                        Mount(
                            destination: mount.destination, type: "tmpfs", source: "tmpfs",
                            options: ["nosuid", "noexec", "nodev", "mode=755", "size=4k"]))
                }
                adapted.append(mount)
            } else {
                adapted.append(mount)
            }
        }
        return adapted
    }
}
