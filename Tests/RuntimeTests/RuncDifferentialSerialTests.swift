import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// The same bundle under runc and under swctl-runtime: the process must see
/// the same world.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct RuncDifferentialSerialTests {
    private func runBoth(_ spec: Spec, name: String) throws -> (ours: Subprocess.Result, runc: Subprocess.Result) {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let runc = try #require(Ring.runcPath)
        let ours = try harness(["run", "-b", bundle.path, RuntimeHarness.id("ours-" + name)])
        let theirs = try Subprocess.run(
            runc, ["--root", harness.state.path + "/runc", "run", "-b", bundle.path, RuntimeHarness.id("runc-" + name)])
        return (ours, theirs)
    }

    @Test(arguments: [
        (UInt32(0), UInt32(0), [UInt32]()),
        (1000, 1000, [5, 65534]),
    ])
    func processSeesTheSameAsUnderRunc(uid: UInt32, gid: UInt32, groups: [UInt32]) throws {
        var spec = try baseSpec(["sh", "-c", probeScript])
        spec.hostname = "differential"
        spec.process?.user = User(uid: uid, gid: gid, additionalGids: groups)
        spec.process?.cwd = "/tmp"
        spec.process?.env = ["PATH=/bin", "FOO=same"]
        let (ours, runc) = try runBoth(spec, name: "probe\(uid)")
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(runc.code == 0, "\(runc.standardError)")
        for key in [
            "pid", "hostname", "ids", "cwd", "foo", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs",
            "links",
        ] {
            #expect(probeValue(ours.standardOutput, key) == probeValue(runc.standardOutput, key), "\(key)")
        }
        // Same mount points, types and ro/rw. Order is compared as a set:
        // runc mounts masked and read-only paths in another order.
        #expect(Set(probeMounts(ours.standardOutput)) == Set(probeMounts(runc.standardOutput)))
    }

    @Test(arguments: [0, 3, 130])
    func exitCodesMatchRunc(code: Int) throws {
        let (ours, runc) = try runBoth(try baseSpec(["sh", "-c", "exit \(code)"]), name: "exit\(code)")
        #expect(ours.code == Int32(code))
        #expect(runc.code == ours.code)
    }

    @Test func missingBinaryFailsUnderBoth() throws {
        let (ours, runc) = try runBoth(try baseSpec(["nosuch"]), name: "missing")
        #expect(ours.code != 0)
        #expect(runc.code != 0)
        #expect(ours.standardError.contains("ENOENT"))
    }
}
