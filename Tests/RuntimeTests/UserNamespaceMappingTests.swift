import OCI
import Testing

@testable import Runtime

/// Mapping and offset checks and the namespace plan, without root: what a
/// bad spec is told, and which side of the clone does what.
@Suite struct UserNamespaceMappingTests {
    private static let full = [IDMapping(containerID: 0, hostID: 100_000, size: 65536)]

    private func spec(_ edit: (inout Spec) -> Void = { _ in }) -> Spec {
        var spec = Spec(
            process: Process(args: ["/bin/true"]), root: Root(path: "/nonexistent-rootfs"),
            linux: Linux(
                namespaces: [Namespace(type: .mount), Namespace(type: .pid), Namespace(type: .user)],
                uidMappings: Self.full, gidMappings: Self.full))
        edit(&spec)
        return spec
    }

    @Test func mapFileHasOneLinePerRange() throws {
        let map = try IDMap(
            [
                IDMapping(containerID: 0, hostID: 100_000, size: 1000),
                IDMapping(containerID: 1000, hostID: 1000, size: 1),
            ],
            field: "linux.uidMappings")
        #expect(map.fileContents == "0 100000 1000\n1000 1000 1\n")
        #expect(map.hostID(of: 0) == 100_000)
        #expect(map.hostID(of: 999) == 100_999)
        #expect(map.hostID(of: 1000) == 1000)
        #expect(map.hostID(of: 1001) == nil)
    }

    @Test(arguments: [
        ([IDMapping](), "linux.uidMappings: a new user namespace needs at least one range"),
        ([IDMapping(containerID: 0, hostID: 1, size: 0)], "linux.uidMappings[0]: size is 0"),
        (
            [IDMapping(containerID: 4_294_967_295, hostID: 1, size: 1)],
            "linux.uidMappings[0]: containerID 4294967295 + size 1 goes past the last ID 4294967294"
        ),
        (
            [IDMapping(containerID: 0, hostID: 4_294_000_000, size: 1_000_000)],
            "linux.uidMappings[0]: hostID 4294000000 + size 1000000 goes past the last ID 4294967294"
        ),
        (
            [
                IDMapping(containerID: 0, hostID: 100_000, size: 10),
                IDMapping(containerID: 9, hostID: 200_000, size: 5),
            ],
            "linux.uidMappings[0] and [1]: container ID ranges overlap"
        ),
        (
            [
                IDMapping(containerID: 0, hostID: 100_000, size: 10),
                IDMapping(containerID: 10, hostID: 100_005, size: 5),
            ],
            "linux.uidMappings[0] and [1]: host ID ranges overlap"
        ),
    ])
    func malformedMapsAreRefused(ranges: [IDMapping], message: String) {
        #expect(throws: RuntimeError.invalidSpec(message)) { try IDMap(ranges, field: "linux.uidMappings") }
    }

    @Test func moreRangesThanTheKernelTakesAreRefused() throws {
        let ranges = (0..<341).map { IDMapping(containerID: UInt32($0), hostID: 100_000 + UInt32($0), size: 1) }
        #expect(throws: RuntimeError.invalidSpec("linux.uidMappings: 341 ranges, the kernel takes at most 340")) {
            try IDMap(ranges, field: "linux.uidMappings")
        }
        #expect(try IDMap(Array(ranges.prefix(340)), field: "linux.uidMappings").ranges.count == 340)
    }

    @Test func adjacentRangesAreFine() throws {
        let map = try IDMap(
            [
                IDMapping(containerID: 0, hostID: 100_000, size: 10),
                IDMapping(containerID: 10, hostID: 100_010, size: 10),
            ],
            field: "linux.gidMappings")
        #expect(map.hostID(of: 19) == 100_019)
        #expect(try IDMap([IDMapping(containerID: 0, hostID: 0, size: 4_294_967_295)], field: "x").hostID(of: 7) == 7)
    }

    /// Each case breaks one thing about the user or time namespace.
    static func broken(_ name: String) -> (inout Spec) -> Void {
        switch name {
        case "uid maps without userns":
            return { $0.linux?.namespaces = [Namespace(type: .mount)] }
        case "no gid maps": return { $0.linux?.gidMappings = nil }
        case "maps with joined userns":
            return { $0.linux?.namespaces?[2] = Namespace(type: .user, path: "/proc/1/ns/user") }
        case "root unmapped":
            return { $0.linux?.uidMappings = [IDMapping(containerID: 1, hostID: 100_001, size: 100)] }
        case "user unmapped": return { $0.process?.user = User(uid: 70000, gid: 0) }
        case "group unmapped": return { $0.process?.user = User(uid: 0, gid: 0, additionalGids: [65536]) }
        case "new pid in joined userns":
            return {
                $0.linux?.namespaces?[2] = Namespace(type: .user, path: "/proc/self/ns/user")
                $0.linux?.uidMappings = nil
                $0.linux?.gidMappings = nil
            }
        case "offsets without timens": return { $0.linux?.timeOffsets = ["boottime": TimeOffset(secs: 1)] }
        case "offsets with joined timens":
            return {
                $0.linux?.namespaces?.append(Namespace(type: .time, path: "/proc/self/ns/time"))
                $0.linux?.timeOffsets = ["boottime": TimeOffset(secs: 1)]
            }
        case "unknown clock":
            return {
                $0.linux?.namespaces?.append(Namespace(type: .time))
                $0.linux?.timeOffsets = ["realtime": TimeOffset(secs: 1)]
            }
        default:
            return {
                $0.linux?.namespaces?.append(Namespace(type: .time))
                $0.linux?.timeOffsets = ["monotonic": TimeOffset(secs: 1, nanosecs: 1_000_000_000)]
            }
        }
    }

    @Test(arguments: [
        ("uid maps without userns", "linux.uidMappings: mappings need a user namespace in linux.namespaces"),
        ("no gid maps", "linux.gidMappings: a new user namespace needs at least one range"),
        (
            "maps with joined userns",
            "linux.uidMappings: the joined user namespace /proc/1/ns/user has its own mappings"
        ),
        (
            "root unmapped",
            "linux.uidMappings: container uid 0 is not mapped (the init becomes root of the namespace)"
        ),
        ("user unmapped", "process.user.uid 70000 is not mapped by linux.uidMappings"),
        ("group unmapped", "process.user gid 65536 is not mapped by linux.gidMappings"),
        (
            "new pid in joined userns",
            "linux.namespaces: a new pid namespace in a joined user namespace (/proc/self/ns/user) is not supported yet;"
                + " join a pid namespace as well"
        ),
        ("offsets without timens", "linux.timeOffsets: offsets need a time namespace in linux.namespaces"),
        (
            "offsets with joined timens",
            "linux.timeOffsets: the joined time namespace /proc/self/ns/time has its own offsets"
        ),
        ("unknown clock", "linux.timeOffsets: unknown clock 'realtime' (monotonic or boottime)"),
        ("nanoseconds", "linux.timeOffsets.monotonic: nanosecs 1000000000 is not below one second"),
    ])
    func badUserAndTimeNamespacesAreRefusedBeforeClone(name: String, message: String) {
        #expect(throws: RuntimeError.invalidSpec(message)) {
            try InitSequence(spec: spec(Self.broken(name)), bundle: "/b")
        }
    }

    @Test func newUserNamespaceIsClonedAndItsRootIsTheFirstStep() throws {
        let sequence = try InitSequence(spec: spec(), bundle: "/b")
        defer { sequence.closeParentCopies() }
        #expect(sequence.cloneNamespaces == [.mount, .pid, .user])
        #expect(
            sequence.descriptions.prefix(2) == [
                "wait for the runtime", "become root of the user namespace (setresuid 0, setresgid 0)",
            ])
        let maps = try #require(sequence.namespaceSetup.userMaps)
        #expect(maps.uidMap.fileContents == "0 100000 65536\n")
        #expect(maps.rootUID == 100_000)
        #expect(maps.rootGID == 100_000)
    }

    @Test func withANewUserNamespaceTheRuntimeJoinsTheOthers() throws {
        let sequence = try InitSequence(
            spec: spec { $0.linux?.namespaces?.append(Namespace(type: .network, path: "/proc/self/ns/net")) },
            bundle: "/b")
        defer { sequence.closeParentCopies() }
        #expect(!sequence.cloneNamespaces.contains(.network))
        #expect(sequence.namespaceSetup.joinBeforeClone.map(\.path) == ["/proc/self/ns/net"])
        #expect(!sequence.descriptions.contains { $0.hasPrefix("join") })
    }

    @Test func aJoinedUserNamespaceComesFirstAndOwnsTheNewOnes() throws {
        let sequence = try InitSequence(
            spec: spec {
                $0.linux?.namespaces = [
                    Namespace(type: .mount), Namespace(type: .uts), Namespace(type: .ipc, path: "/proc/self/ns/ipc"),
                    Namespace(type: .user, path: "/proc/self/ns/user"), Namespace(type: .cgroup),
                ]
                $0.linux?.uidMappings = nil
                $0.linux?.gidMappings = nil
            }, bundle: "/b")
        defer { sequence.closeParentCopies() }
        #expect(sequence.cloneNamespaces.isEmpty)
        #expect(sequence.namespaceSetup.userMaps == nil)
        #expect(
            sequence.descriptions.prefix(6) == [
                "wait for the runtime", "join user namespace /proc/self/ns/user",
                "become root of the user namespace (setresuid 0, setresgid 0)", "join ipc namespace /proc/self/ns/ipc",
                "unshare namespaces in user namespace /proc/self/ns/user", "unshare cgroup namespace",
            ])
    }

    @Test func timeNamespaceIsMadeByTheRuntimeWithItsOffsets() throws {
        let sequence = try InitSequence(
            spec: spec {
                $0.linux?.namespaces?.append(Namespace(type: .time))
                $0.linux?.timeOffsets = [
                    "boottime": TimeOffset(secs: 86400), "monotonic": TimeOffset(secs: -5, nanosecs: 7),
                ]
            }, bundle: "/b")
        defer { sequence.closeParentCopies() }
        #expect(!sequence.cloneNamespaces.contains(.time))
        #expect(sequence.namespaceSetup.newTime?.offsets == "monotonic -5 7\nboottime 86400 0\n")
    }

    @Test func sysfsIsBoundFromTheHostWithoutANetworkNamespaceOfItsOwn() {
        let sysfs = Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "ro"])
        let userOnly = [Namespace(type: .mount), Namespace(type: .user), Namespace(type: .cgroup)]
        #expect(
            InitSequence.adaptedToUserNamespace([sysfs], namespaces: userOnly) == [
                Mount(destination: "/sys", type: "bind", source: "/sys", options: ["nosuid", "ro", "rbind"])
            ])
        #expect(
            InitSequence.adaptedToUserNamespace([sysfs], namespaces: userOnly + [Namespace(type: .network)]) == [sysfs])
        #expect(InitSequence.adaptedToUserNamespace([sysfs], namespaces: [Namespace(type: .mount)]) == [sysfs])
    }

    @Test func cgroupMountsUnderABoundSysOrWithoutACgroupNamespace() {
        let sysfs = Mount(destination: "/sys", type: "sysfs", source: "sysfs")
        let cgroup = Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["ro"])
        let withCgroupNamespace = InitSequence.adaptedToUserNamespace(
            [sysfs, cgroup], namespaces: [Namespace(type: .user), Namespace(type: .cgroup)])
        #expect(withCgroupNamespace.map(\.type) == ["bind", "tmpfs", "cgroup"])
        #expect(withCgroupNamespace.last == cgroup)
        let withoutCgroupNamespace = InitSequence.adaptedToUserNamespace(
            [cgroup], namespaces: [Namespace(type: .user), Namespace(type: .network)])
        #expect(
            withoutCgroupNamespace == [
                Mount(destination: "/sys/fs/cgroup", type: "bind", source: "/sys/fs/cgroup", options: ["ro", "rbind"])
            ])
    }

    @Test func cgroupIsTheContainersOnlyWithItsOwnNamespaceAndAWritableMount() {
        var spec = spec { $0.linux?.namespaces?.append(Namespace(type: .cgroup)) }
        spec.mounts = [Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid"])]
        #expect(Container.managesItsCgroup(spec))
        spec.mounts?[0].options = ["nosuid", "ro"]
        #expect(!Container.managesItsCgroup(spec))
        spec.mounts?[0].options = ["rw"]
        spec.linux?.namespaces?.removeLast()
        #expect(!Container.managesItsCgroup(spec))
    }

    @Test func delegatedFilesComeFromTheKernelList() throws {
        #expect(
            Container.delegatedCgroupFiles(listedIn: "/nonexistent")
                == ["cgroup.procs", "cgroup.subtree_control", "cgroup.threads"])
    }

    @Test func featuresListTheUserAndTimeNamespaces() {
        let namespaces = Features.current().linux.namespaces
        #expect(namespaces.contains("user"))
        #expect(namespaces.contains("time"))
    }
}
