import Cgroups
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

@testable import Runtime

/// `linux.resources.devices` enforced by the eBPF device filter on the
/// container's cgroup, compared with runc on the same bundle (runc loads
/// its own eBPF filter on cgroup v2, and like us appends allow rules for
/// the default devices, so those stay usable whatever the spec denies).
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct DeviceFilterSerialTests {
    /// Each check prints `name=ok` or `name=` and the error text of the shell.
    private static let script = """
        t() { name=$1; shift; err=$( ( "$@" ) 2>&1 >/dev/null ) && echo "$name=ok" || echo "$name=${err##*: }"; }
        t null-read head -c1 /dev/null
        t null-write sh -c 'echo x > /dev/null'
        t zero-write sh -c 'echo x > /dev/zero'
        t mknod-loop-control mknod /dev/lc c 10 237
        t loop-control-read sh -c 'exec 3</dev/lc'
        t loop-control-write sh -c 'exec 3>/dev/lc'
        t loop-control-readwrite sh -c 'exec 3<>/dev/lc'
        t mknod-kmsg mknod /dev/kmsg2 c 1 11
        t kmsg-read sh -c 'exec 3</dev/kmsg2'
        t mknod-block mknod /dev/blk b 7 0
        t block-read sh -c 'exec 3</dev/blk'
        """

    private func spec(_ rules: [Resources.DeviceRule]) throws -> Spec {
        var spec = try baseSpec(["sh", "-c", Self.script])
        spec.linux?.resources = Resources(devices: rules)
        for keyPath in [\Capabilities.bounding, \Capabilities.effective, \Capabilities.permitted] {
            spec.process?.capabilities?[keyPath: keyPath]?.append("CAP_MKNOD")
        }
        return spec
    }

    private func runBoth(_ spec: Spec, name: String) throws -> (ours: [String: String], runc: [String: String]) {
        let (ours, theirs) = try runUnderBoth(spec, name: name)
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(theirs.code == 0, "\(theirs.standardError)")
        func table(_ output: String) -> [String: String] {
            Dictionary(parseProbe(output).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        return (table(ours.standardOutput), table(theirs.standardOutput))
    }

    /// Deny all, then read-only for loop-control: the defaults work, the
    /// read-only device opens for reading only, everything else gets EPERM
    /// at open (mknod stays allowed, as runc's default rules have it).
    @Test func rulesDecideWhichDevicesOpen() throws {
        let (ours, runc) = try runBoth(
            try spec([
                Resources.DeviceRule(allow: false, access: "rwm"),
                Resources.DeviceRule(allow: true, type: "c", major: 10, minor: 237, access: "r"),
            ]), name: "devices")
        let denied = "Operation not permitted"
        let expected = [
            "null-read": "ok", "null-write": "ok", "zero-write": "ok", "mknod-loop-control": "ok",
            "loop-control-read": "ok", "loop-control-write": denied, "loop-control-readwrite": denied,
            "mknod-kmsg": "ok", "kmsg-read": denied, "mknod-block": "ok", "block-read": denied,
        ]
        #expect(ours == expected)
        #expect(runc == expected)
    }

    /// Read and write granted by two rules: an O_RDWR open needs both and
    /// gets them, as under runc (whose rule emulator merges the two).
    @Test func accessBitsFromSeparateRulesCombine() throws {
        let (ours, runc) = try runBoth(
            try spec([
                Resources.DeviceRule(allow: false, access: "rwm"),
                Resources.DeviceRule(allow: true, type: "c", major: 10, minor: 237, access: "r"),
                Resources.DeviceRule(allow: true, type: "c", major: 10, minor: 237, access: "w"),
            ]), name: "split")
        #expect(ours["loop-control-readwrite"] == "ok")
        #expect(ours["loop-control-readwrite"] == runc["loop-control-readwrite"])
        #expect(ours["kmsg-read"] == runc["kmsg-read"])
    }

    /// Without a deny-all rule the container may open any device; a rule
    /// after it takes one device away again. One difference from runc, by
    /// design: runc's cgroup v1 rule emulator lets the spec's deny of
    /// c 10:237 outlive the appended `c *:* m` default, so it refuses the
    /// mknod; here the last matching rule decides, so mknod works and the
    /// open is refused. Either way the device cannot be used.
    @Test func allowAllThenDenyOne() throws {
        let (ours, runc) = try runBoth(
            try spec([
                Resources.DeviceRule(allow: true, access: "rwm"),
                Resources.DeviceRule(allow: false, type: "c", major: 10, minor: 237, access: "rwm"),
            ]), name: "denyone")
        let denied = "Operation not permitted"
        #expect(ours["mknod-loop-control"] == "ok")
        #expect(ours["loop-control-read"] == denied)
        #expect(ours["loop-control-readwrite"] == denied)
        #expect(runc["mknod-loop-control"] == denied || runc["loop-control-read"] == denied)
        for key in ["null-read", "null-write", "zero-write", "mknod-block", "block-read", "mknod-kmsg"] {
            #expect(ours[key] == runc[key], "\(key)")
        }
        #expect(ours["block-read"] == "ok")
    }

    /// A spec without `linux.resources.devices` gets no filter (bundles of
    /// `swctl prepare` have none; their unit guards devices): any node the
    /// container makes opens.
    @Test func noDeviceRulesNoFilter() throws {
        var withoutRules = try spec([])
        withoutRules.linux?.resources = nil
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(withoutRules)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("norules")])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(probeValue(result.standardOutput, "loop-control-readwrite") == "ok")
        #expect(probeValue(result.standardOutput, "block-read") == "ok")
    }

    /// Attaching to a cgroup that has a filter of ours replaces it: one
    /// program stays attached, and detaching it leaves none.
    @Test func attachingAgainReplacesTheEarlierFilter() throws {
        let (mountPoint, own) = try Hierarchy.current()
        let cgroup = Cgroup(mountPoint: mountPoint, path: own + "/devfilter-\(Processes.currentID)")
        let made = try cgroup.create()
        defer { Cgroup.removeDirectories(made) }
        let program = DeviceFilter.compile(try DeviceFilterRules.rules(nil))
        let first = try cgroup.attachDeviceFilter(program)
        defer { first.close() }
        let second = try cgroup.attachDeviceFilter(program)
        defer { second.close() }
        let directory = try FileDescriptor.open(cgroup.directory, [.directory])
        defer { directory.close() }
        let attached = try BpfCgroupDevice.attached(to: directory, path: cgroup.path)
        #expect(attached.count == 1)
        for program in attached { program.close() }
        cgroup.detachDeviceFilter(second)
        let left = try BpfCgroupDevice.attached(to: directory, path: cgroup.path)
        #expect(left.isEmpty)
    }

    /// A spec rule the filter cannot express fails `create` before anything
    /// exists, and leaves no state.
    @Test func badRuleFailsCreateAndLeavesNothing() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try spec([Resources.DeviceRule(allow: true, type: "x", access: "rwm")]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("baddevice")
        let result = try harness(["create", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(result.standardError.contains("linux.resources.devices[0].type: 'x' is not a, b or c"))
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
    }
}
