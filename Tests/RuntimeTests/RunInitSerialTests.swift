import Bundles
import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// `RunInit=yes`: the built swctl-init as PID 1 of a container run by the
/// built runtime, bind-mounted as `swctl prepare` mounts it.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct RunInitSerialTests {
    /// swctl-init next to the built runtime.
    private func initBinary() throws -> String {
        let runtime = try #require(BuiltProducts.runtime())
        let path = FileSystem.parentDirectory(of: runtime) + "/swctl-init"
        try #require(FileSystem.exists(path), "build swctl-init (swift build --product swctl-init)")
        return path
    }

    private func spec(_ script: String, withInit: Bool) throws -> Spec {
        var spec = try baseSpec(["sh", "-c", script])
        spec.process?.env = ["PATH=/bin"]
        if withInit { RunInitSpec.apply(initOnHost: try initBinary(), to: &spec) }
        return spec
    }

    private func run(_ script: String, withInit: Bool = true) throws -> Subprocess.Result {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try spec(script, withInit: withInit))
        defer { bundle.remove() }
        return try harness(["run", "--bundle", bundle.path, RuntimeHarness.id("init")])
    }

    @Test func theCommandRunsAsChildOfTheInit() throws {
        let result = try run("echo pid=$$ parent=$PPID; tr '\\0' ' ' </proc/1/cmdline")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("pid=2 parent=1\n/run/swctl/init -- sh -c "))
    }

    @Test func theExitStatusIsTheCommands() throws {
        #expect(try run("exit 7").code == 7)
        #expect(try run("exit 0").code == 0)
    }

    @Test func aCommandEndedBySignalGives128PlusIt() throws {
        // As PID 1 without the init, sh could not be killed by its own SIGUSR1.
        #expect(try run("kill -USR1 $$; sleep 5").code == 128 + SIGUSR1)
    }

    /// An orphan whose parent ended is re-parented to PID 1: the init reaps
    /// it; a PID 1 that never waits (here `sleep`) leaves it a zombie.
    @Test func orphansAreReapedAndWithoutTheInitTheyAreNot() throws {
        let script = "(sleep 0.2 &); (sleep 1; ps -o stat,comm | grep -c '^Z') & exec sleep 2"
        let with = try run(script)
        #expect(with.standardOutput == "0\n", "\(with.standardError)")
        let without = try run(script, withInit: false)
        #expect(without.standardOutput == "1\n", "\(without.standardError)")
    }

    @Test func sigtermIsForwardedToTheCommand() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(
            try spec("trap 'echo got TERM; exit 3' TERM; while :; do sleep 0.1; done", withInit: true))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("init-term")
        let running = try harness.start(["run", "--bundle", bundle.path, id])
        var pid: Int32?
        for _ in 0..<50 where pid == nil {
            usleep(100_000)
            let state = try harness(["state", id])
            if state.code == 0,
                let parsed = try? JSONDecoder().decode(State.self, from: Array(state.standardOutput.utf8)),
                parsed.status == .running
            {
                pid = parsed.pid
            }
        }
        let initPID = try #require(pid, "the container did not start")
        usleep(300_000)  // the shell has set its trap
        kill(initPID, SIGTERM)
        let result = try running.wait()
        #expect(result.code == 3, "\(result.standardError)")
        #expect(result.standardOutput == "got TERM\n")
    }
}
