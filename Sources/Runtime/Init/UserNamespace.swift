import OCI

/// One of a new user namespace's ID maps (`linux.uidMappings` or
/// `linux.gidMappings`), checked as the kernel would check it, so a bad map
/// is refused before anything is made.
struct IDMap: Equatable {
    let ranges: [IDMapping]

    /// At most this many lines per map (the kernel's limit since 4.15).
    static let maximumRanges = 340

    /// `field` names the spec key in messages (`linux.uidMappings`).
    init(_ ranges: [IDMapping], field: String) throws(RuntimeError) {
        guard !ranges.isEmpty else { throw .invalidSpec("\(field): a new user namespace needs at least one range") }
        guard ranges.count <= Self.maximumRanges else {
            throw .invalidSpec("\(field): \(ranges.count) ranges, the kernel takes at most \(Self.maximumRanges)")
        }
        for (index, range) in ranges.enumerated() {
            guard range.size > 0 else { throw .invalidSpec("\(field)[\(index)]: size is 0") }
            // The last ID, 4294967295, is (uid_t)-1 and never mapped.
            for (name, start) in [("containerID", range.containerID), ("hostID", range.hostID)]
            where UInt64(start) + UInt64(range.size) > UInt64(UInt32.max) {
                throw .invalidSpec(
                    "\(field)[\(index)]: \(name) \(start) + size \(range.size) goes past the last ID 4294967294")
            }
        }
        for second in ranges.indices {
            for first in ranges.indices where first < second {
                let a = ranges[first]
                let b = ranges[second]
                if Self.overlap(a.containerID, b.containerID, a.size, b.size) {
                    throw .invalidSpec("\(field)[\(first)] and [\(second)]: container ID ranges overlap")
                }
                if Self.overlap(a.hostID, b.hostID, a.size, b.size) {
                    throw .invalidSpec("\(field)[\(first)] and [\(second)]: host ID ranges overlap")
                }
            }
        }
        self.ranges = ranges
    }

    private static func overlap(_ a: UInt32, _ b: UInt32, _ sizeA: UInt32, _ sizeB: UInt32) -> Bool {
        UInt64(a) < UInt64(b) + UInt64(sizeB) && UInt64(b) < UInt64(a) + UInt64(sizeA)
    }

    /// The text for `/proc/PID/uid_map`: `CONTAINER-ID HOST-ID SIZE` a line.
    var fileContents: String {
        ranges.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
    }

    /// The host ID that `containerID` stands for, nil when it is not mapped.
    func hostID(of containerID: UInt32) -> UInt32? {
        for range in ranges where containerID >= range.containerID && containerID - range.containerID < range.size {
            return range.hostID + (containerID - range.containerID)
        }
        return nil
    }
}

/// What the runtime does for a new user namespace around the clone: the
/// maps it writes while the child waits, and who the container's root and
/// process are on the host (the root owns the cgroup, as runc does; the
/// process the exec FIFO it opens at `start`).
struct UserNamespaceMaps: Equatable {
    let uidMap: IDMap
    let gidMap: IDMap
    /// `deny` goes to setgroups before gid_map only for a runtime without
    /// CAP_SETGID (not root), which the kernel requires then; as runc,
    /// a root runtime leaves setgroups allowed, so the container's root may
    /// set its supplementary groups.
    let denySetgroups: Bool

    /// The host IDs of the container's root.
    var rootUID: UInt32 { uidMap.hostID(of: 0) ?? 0 }
    var rootGID: UInt32 { gidMap.hostID(of: 0) ?? 0 }
    /// The host IDs of the container's process (`process.user`).
    let processUID: UInt32
    let processGID: UInt32

    /// Checks the maps against each other and the process: the init
    /// becomes root of the namespace first, so container ID 0 must be
    /// mapped; the process's own IDs must be mapped to be taken.
    init(linux: Linux, user: User, runtimeIsRoot: Bool) throws(RuntimeError) {
        uidMap = try IDMap(linux.uidMappings ?? [], field: "linux.uidMappings")
        gidMap = try IDMap(linux.gidMappings ?? [], field: "linux.gidMappings")
        guard uidMap.hostID(of: 0) != nil else {
            throw .invalidSpec(
                "linux.uidMappings: container uid 0 is not mapped (the init becomes root of the namespace)")
        }
        guard gidMap.hostID(of: 0) != nil else {
            throw .invalidSpec(
                "linux.gidMappings: container gid 0 is not mapped (the init becomes root of the namespace)")
        }
        guard let processUID = uidMap.hostID(of: user.uid) else {
            throw .invalidSpec("process.user.uid \(user.uid) is not mapped by linux.uidMappings")
        }
        for gid in [user.gid] + (user.additionalGids ?? []) where gidMap.hostID(of: gid) == nil {
            throw .invalidSpec("process.user gid \(gid) is not mapped by linux.gidMappings")
        }
        self.processUID = processUID
        processGID = gidMap.hostID(of: user.gid) ?? 0
        denySetgroups = !runtimeIsRoot
    }
}

/// A new time namespace: the runtime makes it for its child (unshare moves
/// only children into it) and sets its offsets before the child exists.
struct TimeNamespaceSetup: Equatable {
    /// The text for `/proc/self/timens_offsets`, nil to keep the host's clocks.
    let offsets: String?

    /// `linux.timeOffsets`: `monotonic` and `boottime`, nanoseconds below one second.
    init(_ offsets: [String: TimeOffset]?) throws(RuntimeError) {
        guard let offsets, !offsets.isEmpty else {
            self.offsets = nil
            return
        }
        var lines: [String] = []
        for (clock, offset) in offsets.sorted(by: { $0.key > $1.key }) {
            guard clock == "monotonic" || clock == "boottime" else {
                throw .invalidSpec("linux.timeOffsets: unknown clock '\(clock)' (monotonic or boottime)")
            }
            let nanoseconds = offset.nanosecs ?? 0
            guard nanoseconds < 1_000_000_000 else {
                throw .invalidSpec("linux.timeOffsets.\(clock): nanosecs \(nanoseconds) is not below one second")
            }
            lines.append("\(clock) \(offset.secs ?? 0) \(nanoseconds)\n")
        }
        self.offsets = lines.joined()
    }
}
