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
                cpu: .init(shares: 1024, quota: 50000, period: 100_000, cpus: "0-1"),
                pids: .init(limit: 0), unified: ["io.weight": "default 50"]))
        #expect(
            settings.writes.map { "\($0.file)=\($0.value)" } == [
                "memory.max=536870912", "memory.low=max", "memory.swap.max=536870912", "cpu.weight=39",
                "cpu.max=50000 100000", "cpuset.cpus=0-1", "pids.max=max", "io.weight=default 50",
            ])
        #expect(settings.ignored.isEmpty)
        #expect(
            CgroupSettings(.init(devices: [.init(allow: true, type: "c", major: 1, minor: 3, access: "rw")])).ignored
                == ["linux.resources.devices"])
    }
}
