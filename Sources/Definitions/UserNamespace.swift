/// `UserNS=`, `UIDMap=`, `GIDMap=`: whether the container gets a user
/// namespace of its own, and how its IDs map to the host's.
public struct UserNamespaceOptions: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// `UserNS=host` (the default): the host's IDs, root is root.
        case host
        /// `UserNS=auto[:size=N]`: `size` IDs from 0 in the container onto
        /// a range of unprivileged host IDs that `swctl prepare` allocates
        /// for this container alone and keeps across restarts.
        case auto(size: UInt32)
    }

    public var mode: Mode = .host
    /// `UIDMap=CONTAINER:HOST:SIZE`, in file order.
    public var uidMap: [IDRange] = []
    /// `GIDMap=`; when empty with a `UIDMap=`, the UID map is used.
    public var gidMap: [IDRange] = []
    /// `SubUIDMap=NAME`: the maps are NAME's ranges in /etc/subuid, read by
    /// `swctl prepare` (podman's `--subuidname`).
    public var subordinateUIDName: String?
    /// `SubGIDMap=NAME`: NAME's ranges in /etc/subgid; when unset with a
    /// `SubUIDMap=`, that name is used (as podman).
    public var subordinateGIDName: String?

    public init() {}

    /// IDs `UserNS=auto` maps without `size=`: those of a whole 16-bit
    /// system (as podman's default).
    public static let defaultAutoSize: UInt32 = 65536

    /// The container has a user namespace of its own.
    public var isPrivate: Bool {
        mode != .host || !uidMap.isEmpty || !gidMap.isEmpty || subordinateNames != nil
    }

    /// The /etc/subuid and /etc/subgid owners whose ranges make the maps,
    /// each falling back to the other; nil without `SubUIDMap=`/`SubGIDMap=`.
    public var subordinateNames: (uid: String, gid: String)? {
        guard let uid = subordinateUIDName ?? subordinateGIDName,
            let gid = subordinateGIDName ?? subordinateUIDName
        else { return nil }
        return (uid, gid)
    }

    /// The explicit maps, GID falling back to UID and back (as podman).
    public var explicitMaps: (uid: [IDRange], gid: [IDRange])? {
        guard !uidMap.isEmpty || !gidMap.isEmpty else { return nil }
        return (uidMap.isEmpty ? gidMap : uidMap, gidMap.isEmpty ? uidMap : gidMap)
    }
}

/// One line of a user namespace's map: `size` IDs from `containerID` in
/// the container are `hostID`… on the host.
public struct IDRange: Sendable, Equatable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32

    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }

    /// The last host ID plus one, without overflow.
    public var hostEnd: UInt64 { UInt64(hostID) + UInt64(size) }
}
