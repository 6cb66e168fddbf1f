import Cgroups
import OCI
import Syscalls
import TestSupport
import Testing

/// `linux.resources` in the ring-1 view: a cgroup v2 hierarchy without
/// controllers. Real limits need a kernel with controllers: the ring-3 VM
/// checks them (Tests/rings/vm-checks/10-cgroup-limits.sh).
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct CgroupResourcesSerialTests {
    @Test func aLimitWithoutItsControllerIsOneClearErrorAndLeavesNothing() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.linux?.resources = Resources(memory: .init(limit: 64 * 1024 * 1024))
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("nomemory")
        let (mountPoint, own) = try Hierarchy.current()
        let ownDirectory = own == "/" ? mountPoint : mountPoint + own

        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(
            result.standardError.contains(
                "linux.resources.memory.limit: cgroup controller 'memory' is not available in \(ownDirectory) (has: "),
            "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(!FileSystem.exists(ownDirectory + "/" + id))
        #expect(try harness(["state", id]).code != 0)
    }

    /// A core `cgroup.*` file needs no controller: written in any cgroup v2
    /// hierarchy, and the container reads it back as under runc.
    @Test func unifiedCoreFilesNeedNoControllerAndMatchRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["cat", "/sys/fs/cgroup/cgroup.max.depth"])
        spec.linux?.resources = Resources(unified: ["cgroup.max.depth": "4"])
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let runc = try #require(Ring.runcPath)
        let ours = try harness(["run", "-b", bundle.path, RuntimeHarness.id("ours-depth")])
        let theirs = try Subprocess.run(
            runc, ["--root", harness.state.path + "/runc", "run", "-b", bundle.path, RuntimeHarness.id("runc-depth")])
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(ours.standardOutput == "4\n")
        #expect(ours.standardOutput == theirs.standardOutput, "runc: \(theirs.standardError)")
    }
}
