import Cgroups
import Syscalls
import TestSupport
import Testing

@testable import Runtime

@Suite struct CgroupTests {
    static let hybridMountinfo = """
        25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        31 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        41 31 0:38 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
        42 31 0:39 / /sys/fs/cgroup/systemd rw,nosuid shared:11 - cgroup cgroup rw,xattr,name=systemd
        """
    static let unifiedMountinfo = """
        24 30 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw
        35 25 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """

    @Test func findsCgroup2MountOnHybridAndUnifiedHosts() {
        #expect(Hierarchy.cgroup2MountPoint(mountinfo: Self.hybridMountinfo) == "/sys/fs/cgroup/unified")
        #expect(Hierarchy.cgroup2MountPoint(mountinfo: Self.unifiedMountinfo) == "/sys/fs/cgroup")
        #expect(Hierarchy.cgroup2MountPoint(mountinfo: "24 30 0:22 / /proc rw - proc proc rw") == nil)
        let privateView = Self.hybridMountinfo + "\n90 31 0:50 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw"
        #expect(Hierarchy.cgroup2MountPoint(mountinfo: privateView) == "/sys/fs/cgroup")
    }

    @Test func unescapesMountPoints() {
        let info = #"50 1 0:40 / /mnt/with\040space rw - cgroup2 none rw"#
        #expect(Hierarchy.cgroup2MountPoint(mountinfo: info) == "/mnt/with space")
    }

    @Test func readsTheUnifiedEntryOfProcCgroup() {
        #expect(
            Hierarchy.unifiedPath(procCgroup: "0::/system.slice/ctr@web.service\n") == "/system.slice/ctr@web.service")
        #expect(Hierarchy.unifiedPath(procCgroup: "9:name=systemd:/\n8:pids:/\n0::/\n") == "/")
        #expect(Hierarchy.unifiedPath(procCgroup: "0::/gone (deleted)\n") == "/gone")
        #expect(Hierarchy.unifiedPath(procCgroup: "4:memory:/x\n") == nil)
    }

    @Test(
        arguments: [
            ("container", "/system.slice/ctr@web.service", "/system.slice/ctr@web.service/container"),
            ("/machine/web", "/system.slice/x.service", "/machine/web"),
            ("", "/user.slice", "/user.slice/web"),
            ("a/./b/", "/", "/a/b"),
            (nil, "/", "/web"),
        ] as [(String?, String, String)])
    func resolvesCgroupsPath(cgroupsPath: String?, own: String, expected: String) throws {
        #expect(try Hierarchy.resolve(cgroupsPath: cgroupsPath, ownCgroup: own, id: "web") == expected)
    }

    @Test func refusesEscapingCgroupsPath() {
        #expect(throws: CgroupError.invalidPath("../../etc")) {
            try Hierarchy.resolve(cgroupsPath: "../../etc", ownCgroup: "/a", id: "web")
        }
    }

    @Test func createsOnlyMissingDirectoriesAndRemovesThem() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try FileSystem.makeDirectories(root.path + "/system.slice")
            let cgroup = Cgroup(mountPoint: root.path, path: "/system.slice/ctr@web.service/container")
            let made = try cgroup.create()
            #expect(
                made == [
                    root.path + "/system.slice/ctr@web.service", root.path + "/system.slice/ctr@web.service/container",
                ])
            #expect(try cgroup.create().isEmpty)
            Cgroup.removeDirectories(made)
            #expect(!FileSystem.exists(root.path + "/system.slice/ctr@web.service"))
            #expect(FileSystem.exists(root.path + "/system.slice"))
        }
    }

    @Test func writesLimitsAndReportsMissingControllers() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            let cgroup = Cgroup(mountPoint: root.path, path: "/c")
            _ = try cgroup.create()
            try root.write("c/memory.max", "max\n")
            try root.write("c/cgroup.procs", "")
            try root.write("c/cgroup.events", "populated 1\nfrozen 0\n")
            try cgroup.write("memory.max", "536870912")
            #expect(try cgroup.read("memory.max") == "536870912")
            #expect(cgroup.isPopulated())
            #expect(throws: CgroupError.controllerUnavailable(file: "pids.max", cgroup: "/c")) {
                try cgroup.write("pids.max", "10")
            }
            try cgroup.add(42)
            #expect(try cgroup.processes() == [42])
        }
    }

    @Test func resourcesBecomeCgroupV2Files() {
        let settings = CgroupSettings(
            .init(
                devices: [.init(allow: false, access: "rwm")],
                memory: .init(limit: 512 * 1024 * 1024, reservation: -1, swap: 1024 * 1024 * 1024),
                cpu: .init(shares: 1024, quota: 50000, burst: 1000, period: 100_000, cpus: "0-1", idle: 0),
                pids: .init(limit: -1), unified: ["io.weight": "default 50"]))
        #expect(
            settings.writes.map { "\($0.file)=\($0.value)" } == [
                "memory.max=536870912", "memory.low=max", "memory.swap.max=536870912", "cpu.weight=39",
                "cpu.max=50000 100000", "cpu.max.burst=1000", "cpu.idle=0", "cpuset.cpus=0-1", "pids.max=max",
                "io.weight=default 50",
            ])
        #expect(settings.ignored.isEmpty)
        // As runc: a pids limit of 0 leaves pids.max alone.
        #expect(CgroupSettings(.init(pids: .init(limit: 0))).writes.isEmpty)
        // Device rules are applied as an eBPF filter (DeviceFilterRules), not ignored.
        #expect(
            CgroupSettings(.init(devices: [.init(allow: true, type: "c", major: 1, minor: 3, access: "rw")])).ignored
                .isEmpty)
    }

    @Test func blockIOBecomesIOWeightAndIOMax() {
        let settings = CgroupSettings(
            .init(
                blockIO: .init(
                    weight: 500, weightDevice: [.init(major: 8, minor: 0, weight: 10)],
                    throttleReadBpsDevice: [.init(major: 254, minor: 0, rate: 1_048_576)],
                    throttleWriteBpsDevice: [.init(major: 254, minor: 0, rate: 2_097_152)],
                    throttleReadIOPSDevice: [.init(major: 8, minor: 16, rate: 100)],
                    throttleWriteIOPSDevice: [.init(major: 254, minor: 0, rate: 200)])))
        // runc's conversion: 1 + (w - 10) * 9999 / 990.
        #expect(
            settings.writes.map { "\($0.file)=\($0.value)" } == [
                "io.weight=default 4950", "io.weight=8:0 1",
                "io.max=254:0 rbps=1048576 wbps=2097152 wiops=200", "io.max=8:16 riops=100",
            ])
        #expect(settings.controllers.map(\.name) == ["io"])
    }

    @Test func hugepagesRdmaAndUnifiedNameTheirControllers() {
        let settings = CgroupSettings(
            .init(
                memory: .init(limit: -1, swap: -1), pids: .init(limit: 32),
                hugepageLimits: [.init(pageSize: "2MB", limit: 4_194_304)],
                rdma: ["mlx5_0": .init(hcaHandles: 3, hcaObjects: 1000)],
                unified: ["cgroup.max.depth": "4", "memory.high": "64M"]))
        #expect(
            settings.writes.map { "\($0.file)=\($0.value)" } == [
                "memory.max=max", "memory.swap.max=max", "pids.max=32", "hugetlb.2MB.max=4194304",
                "rdma.max=mlx5_0 hca_handle=3 hca_object=1000", "cgroup.max.depth=4", "memory.high=64M",
            ])
        #expect(settings.controllers.map(\.name) == ["memory", "pids", "hugetlb", "rdma"])
        #expect(settings.controllers.first?.field == "linux.resources.memory.limit")
    }

    /// A fake cgroupfs /a/b/c: the root offers `cpu memory pids io` and
    /// passes on `memory`; each test says what `/a` and `/a/b` have.
    private func fakeHierarchy(_ root: TemporaryDirectory) throws {
        try FileSystem.makeDirectories(root.path + "/a/b/c")
        try root.write("cgroup.controllers", "cpu memory pids io\n")
        try root.write("cgroup.subtree_control", "memory\n")
        try root.write("a/cgroup.controllers", "memory\n")
        try root.write("a/cgroup.subtree_control", "")
        try root.write("a/b/cgroup.controllers", "")
        try root.write("a/b/cgroup.subtree_control", "")
        // Control files start empty: writes here do not truncate, as on cgroupfs.
        try root.write("a/b/c/memory.max", "")
        try root.write("a/b/c/pids.max", "")
    }

    @Test func enablesControllersTopDownFromTheDeepestExistingAncestor() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try fakeHierarchy(root)
            try root.write("a/cgroup.controllers", "memory pids\n")
            try root.write("a/b/cgroup.controllers", "memory pids\n")
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b/c")
            let settings = CgroupSettings(.init(memory: .init(limit: 67_108_864), pids: .init(limit: 16)))
            try settings.apply(to: cgroup, made: [root.path + "/a/b", root.path + "/a/b/c"])
            // /a existed: its subtree_control is where enabling starts; the
            // root (its parent) is not touched.
            #expect(try root.read("cgroup.subtree_control") == "memory\n")
            #expect(try root.read("a/cgroup.subtree_control") == "+memory +pids")
            #expect(try root.read("a/b/cgroup.subtree_control") == "+memory +pids")
            #expect(try root.read("a/b/c/memory.max") == "67108864")
            #expect(try root.read("a/b/c/pids.max") == "16")
        }
    }

    @Test func aCgroupMadeBelowTheRootStartsEnablingAtTheRoot() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try fakeHierarchy(root)
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b/c")
            let made = [root.path + "/a", root.path + "/a/b", root.path + "/a/b/c"]
            try root.write("a/cgroup.controllers", "memory pids\n")
            try root.write("a/b/cgroup.controllers", "memory pids\n")
            try root.write("cgroup.subtree_control", "")
            try CgroupSettings(.init(pids: .init(limit: 8))).apply(to: cgroup, made: made)
            #expect(try root.read("cgroup.subtree_control") == "+pids")
            #expect(try root.read("a/cgroup.subtree_control") == "+pids")
            #expect(try root.read("a/b/cgroup.subtree_control") == "+pids")
            #expect(try root.read("a/b/c/pids.max") == "8")
        }
    }

    @Test func leavesEnabledControllersAlone() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try fakeHierarchy(root)
            try root.write("a/b/cgroup.controllers", "memory\n")
            try root.write("a/b/cgroup.subtree_control", "memory\n")
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b/c")
            try CgroupSettings(.init(memory: .init(limit: 1_048_576))).apply(to: cgroup, made: [])
            #expect(try root.read("a/b/cgroup.subtree_control") == "memory\n")
            #expect(try root.read("a/b/c/memory.max") == "1048576")
        }
    }

    @Test func aMissingControllerNamesItTheFieldAndTheCgroup() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try fakeHierarchy(root)
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b/c")
            let settings = CgroupSettings(.init(memory: .init(limit: 1_048_576), pids: .init(limit: 16)))
            let expected = CgroupError.controllerNotAvailable(
                controller: "pids", field: "linux.resources.pids.limit", cgroup: root.path + "/a",
                available: ["memory"])
            #expect(throws: expected) {
                try settings.apply(to: cgroup, made: [root.path + "/a/b", root.path + "/a/b/c"])
            }
            #expect(
                expected.description
                    == "linux.resources.pids.limit: cgroup controller 'pids' is not available in \(root.path)/a"
                    + " (has: memory)")
            // Nothing was enabled or written before the check failed.
            #expect(try root.read("a/cgroup.subtree_control") == "")
            #expect(try root.read("a/b/c/memory.max") == "")
        }
    }

    @Test func aSettingWithoutItsFileNamesTheField() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            try fakeHierarchy(root)
            try root.write("a/b/cgroup.controllers", "memory\n")
            try root.write("a/b/cgroup.subtree_control", "memory\n")
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b/c")
            let settings = CgroupSettings(.init(unified: ["memory.hgh": "1"]))
            #expect(
                throws: CgroupError.setting(
                    field: "linux.resources.unified[\"memory.hgh\"]", file: root.path + "/a/b/c/memory.hgh",
                    value: "1", cause: .noSuchFileOrDirectory)
            ) {
                try settings.apply(to: cgroup, made: [])
            }
        }
    }

    @Test func nothingToSetTouchesNothing() throws {
        try TemporaryDirectory.with("cgroupfs") { root in
            // No cgroup.controllers anywhere: reading one would fail.
            try FileSystem.makeDirectories(root.path + "/a/b")
            let cgroup = Cgroup(mountPoint: root.path, path: "/a/b")
            try CgroupSettings(.init()).apply(to: cgroup, made: [root.path + "/a/b"])
            try CgroupSettings(nil).apply(to: cgroup, made: [])
        }
    }
}

extension TemporaryDirectory {
    fileprivate func read(_ relativePath: String) throws -> String {
        String(decoding: try FileDescriptor.readFile(path + "/" + relativePath), as: UTF8.self)
    }
}
