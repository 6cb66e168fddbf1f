import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// Time namespaces (runtime-spec `time`, `linux.timeOffsets`). runc 1.1
/// (Debian's) predates them, so these check the spec's text: the offsets
/// are those of the container's clocks, from its first instruction on.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && FileSystem.exists("/proc/self/timens_offsets"),
        "needs root, a cgroup v2 view, busybox-static and time namespaces (5.6): runs under Tests/rings/ring1.sh"))
struct TimeNamespaceSerialTests {
    private static func uptime(_ text: String) -> Double? {
        text.split(separator: " ").first.flatMap { Double($0) }
    }

    @Test func uptimeInsideDiffersByTheBoottimeOffset() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec([
            "sh", "-c",
            "echo uptime=$(cat /proc/uptime); cat /proc/self/timens_offsets | tr -s ' ' | sed 's/^/offset=/';"
                + " echo time=$(readlink /proc/self/ns/time)",
        ])
        spec.linux?.namespaces?.append(Namespace(type: .time))
        spec.linux?.timeOffsets = [
            "boottime": TimeOffset(secs: 864_000, nanosecs: 5),
            "monotonic": TimeOffset(secs: 7881, nanosecs: 2_718_281),
        ]
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let before = try #require(Self.uptime(try FileSystem.readTextFile("/proc/uptime")))
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("timens")])
        let after = try #require(Self.uptime(try FileSystem.readTextFile("/proc/uptime")))
        #expect(result.code == 0, "\(result.standardError)")
        let inside = try #require(probeValue(result.standardOutput, "uptime").flatMap(Self.uptime))
        #expect(inside >= before + 864_000 && inside <= after + 864_000, "\(before) \(inside) \(after)")
        let offsets = parseProbe(result.standardOutput).filter { $0.key == "offset" }.map(\.value)
        #expect(offsets == ["monotonic 7881 2718281", "boottime 864000 5"])
        #expect(probeValue(result.standardOutput, "time") != (try FileSystem.readLink("/proc/self/ns/time")))
    }

    @Test func aTimeNamespaceWithoutOffsetsKeepsTheHostsClocks() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["sh", "-c", "cat /proc/self/timens_offsets | tr -s ' ' | sed 's/^/offset=/'"])
        spec.linux?.namespaces?.append(Namespace(type: .time))
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("timens-zero")])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(
            parseProbe(result.standardOutput).filter { $0.key == "offset" }.map(\.value) == [
                "monotonic 0 0", "boottime 0 0",
            ])
    }

    /// The kernel refuses an offset that would put the clock before zero:
    /// one line naming the file and the cause, and nothing left behind.
    @Test func offsetTheKernelRefusesFailsClearly() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.linux?.namespaces?.append(Namespace(type: .time))
        spec.linux?.timeOffsets = ["boottime": TimeOffset(secs: -1_000_000_000_000)]
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("timens-range")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(
            result.standardError
                == "swctl-runtime: \(id): write /proc/self/timens_offsets: ERANGE (numerical result out of range)\n",
            "\(result.standardError)")
        #expect(try harness(["state", id]).code != 0)
        #expect(!FileSystem.exists("/sys/fs/cgroup/\(id)"))
    }

    @Test func offsetsWithoutATimeNamespaceAreRefused() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.linux?.timeOffsets = ["boottime": TimeOffset(secs: 1)]
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("timens-bad")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(
            result.standardError.contains(
                "config.json: linux.timeOffsets: offsets need a time namespace in linux.namespaces"),
            "\(result.standardError)")
        #expect(!FileSystem.exists("/sys/fs/cgroup/\(id)"))
    }
}
