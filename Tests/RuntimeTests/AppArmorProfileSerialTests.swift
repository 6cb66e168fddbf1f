import Confinement
import Syscalls
import TestSupport
import Testing

/// `process.apparmorProfile` on a host without AppArmor (this one): asking
/// for confinement that cannot be given is an error, never a silent run
/// without it. Enforcement itself is checked where AppArmor is on: the VM
/// ring (Tests/rings/vm-checks).
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && !AppArmor.isEnabled,
        "needs root, a private cgroup v2 view, busybox-static and a host without AppArmor: runs under Tests/rings/ring1.sh (make check); with AppArmor on, the VM ring checks enforcement"
    ))
struct AppArmorProfileSerialTests {
    @Test func aProfileOnAHostWithoutAppArmorIsRefusedAndLeavesNothing() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.process?.apparmorProfile = "swctl-default"
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("apparmor")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code == 1)
        #expect(
            result.standardError
                == "swctl-runtime: \(id): config.json: process.apparmorProfile 'swctl-default': AppArmor is not enabled on this host (no profile can be applied; remove the key or enable AppArmor)\n"
        )
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
    }

    @Test func anEmptyProfileMeansUnconfinedAsInRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.process?.apparmorProfile = ""
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("apparmor-empty")])
        #expect(result.code == 0, "\(result.standardError)")
    }
}
