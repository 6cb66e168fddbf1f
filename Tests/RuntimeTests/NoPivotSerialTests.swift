import Syscalls
import TestSupport
import Testing

/// `--no-pivot` (runc's spelling): the root file system is moved onto /
/// and chrooted into instead of pivot_root, for roots pivot_root refuses
/// (an initramfs). What the process sees must not change.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct NoPivotSerialTests {
    @Test func theProcessSeesTheSameAsWithPivotRootAndAsRuncNoPivot() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["sh", "-c", probeScript + "\necho root=$(ls /)\nexit 4"])
        spec.hostname = "nopivot"
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let runc = try #require(Ring.runcPath)
        let pivoted = try harness(["run", "-b", bundle.path, RuntimeHarness.id("pivot")])
        let moved = try harness(["run", "--no-pivot", "-b", bundle.path, RuntimeHarness.id("nopivot")])
        let theirs = try Subprocess.run(
            runc,
            ["--root", harness.state.path + "/runc", "run", "--no-pivot", "-b", bundle.path, RuntimeHarness.id("runc")])
        #expect(moved.code == 4, "\(moved.standardError)")
        #expect(theirs.code == 4, "\(theirs.standardError)")
        for key in ["hostname", "ids", "cwd", "CapEff", "CapBnd", "root"] {
            #expect(probeValue(moved.standardOutput, key) == probeValue(pivoted.standardOutput, key), "\(key)")
            #expect(probeValue(moved.standardOutput, key) == probeValue(theirs.standardOutput, key), "\(key)")
        }
        #expect(probeValue(moved.standardOutput, "hostname") == "nopivot")
        #expect(Set(probeMounts(moved.standardOutput)) == Set(probeMounts(theirs.standardOutput)))
    }
}

@Suite struct InitramfsDetectionTests {
    @Test func theTopmostMountOnRootDecides() {
        let initramfs = "1 1 0:2 / / rw - rootfs rootfs rw\n20 1 0:19 / /proc rw - proc proc rw\n"
        #expect(ProcFS.rootFileSystemType(mountinfo: initramfs) == "rootfs")
        let stacked = initramfs + "30 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        #expect(ProcFS.rootFileSystemType(mountinfo: stacked) == "ext4")
    }
}
