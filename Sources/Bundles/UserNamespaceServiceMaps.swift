import Definitions

/// A line of /etc/subuid or /etc/subgid: `OWNER:START:COUNT`, the owner a
/// user (group) name or a numeric ID.
public struct SubordinateRange: Sendable, Equatable {
    public var owner: String
    public var start: UInt32
    public var count: UInt32

    public init(owner: String, start: UInt32, count: UInt32) {
        self.owner = owner
        self.start = start
        self.count = count
    }
}

/// The ranges of /etc/subuid or /etc/subgid text; malformed lines are skipped.
public func parseSubordinateRanges(_ text: String) -> [SubordinateRange] {
    text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, !line.hasPrefix("#"), !fields[0].isEmpty, let start = UInt32(fields[1]),
            let count = UInt32(fields[2]), count > 0, UInt64(start) + UInt64(count) <= UInt64(UInt32.max)
        else { return nil }
        return SubordinateRange(owner: String(fields[0]), start: start, count: count)
    }
}

/// The map of a container whose IDs are `owner`'s ranges (podman's
/// `--subuidname`): each range in file order, container IDs counting on
/// from 0; nil when `owner` has none, or they add up past 2^32 - 1.
public func subordinateMap(of owner: String, in ranges: [SubordinateRange]) -> [IDRange]? {
    var map: [IDRange] = []
    var next: UInt64 = 0
    for range in ranges where range.owner == owner {
        guard next + UInt64(range.count) <= UInt64(UInt32.max) else { return nil }
        map.append(IDRange(containerID: UInt32(next), hostID: range.start, size: range.count))
        next += UInt64(range.count)
    }
    return map.isEmpty ? nil : map
}

/// The host's account files `[Service] User=` is resolved against.
public struct HostAccounts: Sendable, Equatable {
    public var passwd: [PasswdEntry]
    public var groups: [GroupEntry]
    public var subuid: [SubordinateRange]
    public var subgid: [SubordinateRange]

    public init(
        passwd: [PasswdEntry] = [], groups: [GroupEntry] = [], subuid: [SubordinateRange] = [],
        subgid: [SubordinateRange] = []
    ) {
        self.passwd = passwd
        self.groups = groups
        self.subuid = subuid
        self.subgid = subgid
    }

    /// The maps of a container whose root is the host's `user` (and
    /// `group`, else the user's primary group): container 0 is that ID,
    /// container 1… the user's first /etc/subuid (/etc/subgid) range, when
    /// it has one. A numeric user without a passwd entry is its own group.
    public func maps(user: String, group: String?) throws(UserResolutionError) -> (uid: [IDRange], gid: [IDRange]) {
        let account =
            passwd.first { $0.name == user } ?? UInt32(user).map { uid in passwd.first { $0.uid == uid } } ?? nil
        guard let uid = account?.uid ?? UInt32(user) else { throw .unknownUser(user) }
        let gid: UInt32
        if let group {
            guard let resolved = groups.first(where: { $0.name == group })?.gid ?? UInt32(group) else {
                throw .unknownGroup(group)
            }
            gid = resolved
        } else {
            gid = account?.gid ?? uid
        }
        // Both files name the user (shadow-utils' subgid is per user too).
        let owners = Set([account?.name, String(uid)].compactMap { $0 })
        let subordinateUIDs = subuid.first { owners.contains($0.owner) }
        let subordinateGIDs = subgid.first { owners.contains($0.owner) }
        let map = { (id: UInt32, range: SubordinateRange?) in
            [IDRange(containerID: 0, hostID: id, size: 1)]
                + (range.map { [IDRange(containerID: 1, hostID: $0.start, size: min($0.count, UInt32.max - 1))] } ?? [])
        }
        return (map(uid, subordinateUIDs), map(gid, subordinateGIDs))
    }
}
