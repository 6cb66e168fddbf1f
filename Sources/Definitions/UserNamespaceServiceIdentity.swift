import UnitFile

/// `[Service] User=`/`Group=` or `DynamicUser=yes` in a definition: the
/// container runs as that unprivileged host user, through a user namespace
/// whose root is the user — not by systemd switching the unit's user, since
/// the runtime must stay root to set the namespaces up. So these lines never
/// reach the unit's `[Service]` (Quadlet refuses them).
public enum ServiceIdentity: Sendable, Equatable {
    /// `User=NAME|UID`, `Group=NAME|GID` (the user's primary group when
    /// unset): container root is this host user, the container's other IDs
    /// come from the user's /etc/subuid and /etc/subgid ranges (a map of
    /// root alone when there are none).
    case user(String, group: String?)
    /// `DynamicUser=yes`: a range of its own from the `UserNS=auto` pool.
    case dynamic

    /// The `[Service]` keys swctl takes for itself.
    public static let keys: Set<String> = ["User", "Group", "DynamicUser"]
}

extension ContainerDefinition {
    /// What `[Service] User=`, `Group=` and `DynamicUser=` ask for (the last
    /// line of each wins, as in systemd); nil for neither. `DynamicUser=yes`
    /// wins over `User=`, as systemd's does.
    public var serviceIdentity: ServiceIdentity? {
        let last = { (key: String) in self.serviceSection.last(where: { $0.key == key })?.value }
        if let dynamic = last("DynamicUser"), UnitValue.boolean(dynamic) == true { return .dynamic }
        guard let user = last("User"), !user.isEmpty else { return nil }
        let group = last("Group").flatMap { $0.isEmpty ? nil : $0 }
        return .user(user, group: group)
    }

    /// The container has a user namespace of its own: from the user
    /// namespace keys, or from `[Service] User=`/`DynamicUser=`.
    public var hasOwnUserNamespace: Bool { userNamespace.isPrivate || serviceIdentity != nil }

    /// The `[Service]` lines the unit gets: the definition's, without the
    /// identity keys swctl implements itself.
    public var unitServiceSection: [UnitFile.Entry] {
        serviceSection.filter { !ServiceIdentity.keys.contains($0.key) }
    }

    /// Why the identity keys do not fit the rest; nil when they do.
    public var serviceIdentityProblem: String? {
        if serviceIdentity == nil, let group = serviceSection.last(where: { $0.key == "Group" }), !group.value.isEmpty {
            return "Group: needs User= in [Service] (the container's root is that user on the host)"
        }
        guard serviceIdentity != nil, userNamespace.isPrivate else { return nil }
        return
            "User=/DynamicUser= in [Service] give the container a user namespace of their own (remove UserNS=, UIDMap=, GIDMap=, SubUIDMap= and SubGIDMap=)"
    }
}
