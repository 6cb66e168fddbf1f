import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// Joining each kind of namespace by `path`: a second container joins the
/// namespaces of a running first one and sees the same ones.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && FileSystem.exists("/proc/self/ns/time"),
        "needs root, a cgroup v2 view, busybox-static and time namespaces: runs under Tests/rings/ring1.sh"))
struct NamespaceJoinSerialTests {
    private static let kinds: [(proc: String, type: NamespaceType)] = [
        ("pid", .pid), ("net", .network), ("ipc", .ipc), ("uts", .uts), ("cgroup", .cgroup), ("time", .time),
    ]

    @Test func joinsEveryKindByPath() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var firstSpec = try baseSpec(["sleep", "60"])
        firstSpec.linux?.namespaces?.append(Namespace(type: .time))
        firstSpec.hostname = "first"
        let first = try makeBundle(firstSpec)
        defer { first.remove() }
        let firstID = RuntimeHarness.id("join-first")
        let run = try harness(["run", "-d", "-b", first.path, firstID])
        #expect(run.code == 0, "\(run.standardError)")
        defer { _ = try? harness(["delete", "-f", firstID]) }
        let pid = try #require(
            try JSONDecoder().decode(State.self, from: try harness(["state", firstID]).standardOutput).pid)

        let script = Self.kinds.map { "echo \($0.proc)=$(readlink /proc/self/ns/\($0.proc))" }
            .joined(separator: "; ")
        var spec = try baseSpec(["sh", "-c", script + "; echo hostname=$(hostname)"])
        spec.hostname = nil
        spec.linux?.namespaces =
            [Namespace(type: .mount)] + Self.kinds.map { Namespace(type: $0.type, path: "/proc/\(pid)/ns/\($0.proc)") }
        let second = try makeBundle(spec)
        defer { second.remove() }
        let result = try harness(["run", "-b", second.path, RuntimeHarness.id("join-second")])
        #expect(result.code == 0, "\(result.standardError)")
        for kind in Self.kinds {
            let expected = try FileSystem.readLink("/proc/\(pid)/ns/\(kind.proc)")
            #expect(probeValue(result.standardOutput, kind.proc) == expected, "\(kind.proc)")
            #expect(try FileSystem.readLink("/proc/self/ns/\(kind.proc)") != expected, "\(kind.proc) is not the host's")
        }
        #expect(probeValue(result.standardOutput, "hostname") == "first")
    }

    /// A new cgroup namespace is rooted at the container's own cgroup.
    @Test func newCgroupNamespaceIsRootedAtTheContainersCgroup() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["cat", "/proc/self/cgroup"]))
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("cgroupns")])
        #expect(result.code == 0, "\(result.standardError)")
        // The v2 line; a hybrid host adds v1 lines, outside the namespace's reach.
        #expect(result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("0::") } == ["0::/"])
    }
}
