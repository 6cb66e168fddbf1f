import Cgroups
import Glibc
import JSON
import OCI
import Syscalls
import SystemdProtocols
import TestSupport
import Testing

/// The built runtime on real namespaces and a real cgroup v2 view, checked
/// from inside the container the way a user would.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct ContainerRunSerialTests {
    @Test func processSeesWhatTheSpecSays() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let shared = try TemporaryDirectory("data")
        defer { shared.remove() }
        try shared.write("hello", "from the host\n")
        chmod(shared.path, 0o777)  // the container user is 1000
        var spec = try baseSpec([
            "sh", "-c",
            probeScript
                + "\ncat /data/hello; cat /proc/keys; echo forward=$(cat /proc/sys/net/ipv4/ip_forward); echo oom=$(cat /proc/self/oom_score_adj); touch /data/x 2>&1; touch /scratch/x && echo scratch-writable",
        ])
        spec.hostname = "probe"
        spec.process?.user = User(uid: 1000, gid: 1000, additionalGids: [5, 65534])
        // Inheritable makes the ambient set raisable, so a non-root process
        // keeps its capabilities across exec.
        let bounding = spec.process?.capabilities?.bounding
        spec.process?.capabilities?.inheritable = bounding
        spec.process?.cwd = "/tmp"
        spec.process?.env = ["PATH=/bin", "FOO=bar baz"]
        spec.mounts?.append(Mount(destination: "/data", type: "bind", source: shared.path, options: ["rbind", "ro"]))
        spec.mounts?.append(
            Mount(destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["nosuid", "size=1m"]))
        spec.linux?.sysctl = ["net.ipv4.ip_forward": "1"]
        spec.process?.oomScoreAdj = 500
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }

        let result = try harness(["run", "--bundle", bundle.path, RuntimeHarness.id("probe")])
        #expect(result.code == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(probeValue(output, "pid") == "1")
        #expect(probeValue(output, "hostname") == "probe")
        #expect(probeValue(output, "ids") == "1000:1000:1000 5 65534")
        #expect(probeValue(output, "cwd") == "/tmp")
        #expect(probeValue(output, "foo") == "bar baz")
        #expect(probeValue(output, "CapEff") == "0000000020000420")
        #expect(probeValue(output, "CapPrm") == "0000000020000420")
        #expect(probeValue(output, "CapBnd") == "0000000020000420")
        #expect(probeValue(output, "CapInh") == "0000000020000420")
        #expect(probeValue(output, "CapAmb") == "0000000020000420")
        #expect(probeValue(output, "NoNewPrivs") == "1")
        #expect(probeValue(output, "links") == "lo ")
        let mounts = probeMounts(output)
        #expect(mounts.contains("/proc proc rw"))
        #expect(mounts.contains("/sys sysfs ro"))
        #expect(mounts.contains("/sys/fs/cgroup cgroup2 ro"))
        #expect(mounts.contains("/proc/acpi tmpfs ro"))
        #expect(mounts.contains("/proc/sys proc ro"))
        #expect(mounts.contains("/dev/pts devpts rw"))
        #expect(mounts.contains { $0.hasPrefix("/data ") && $0.hasSuffix(" ro") })
        #expect(mounts.contains("/scratch tmpfs rw"))
        #expect(mounts.first?.hasPrefix("/ ") == true && mounts.first?.hasSuffix(" ro") == true)
        #expect(output.contains("from the host"))
        #expect(probeValue(output, "forward") == "1")
        #expect(probeValue(output, "oom") == "500")
        #expect(output.contains("touch: /data/x: Read-only file system"))
        #expect(output.contains("scratch-writable"))
    }

    @Test(arguments: [0, 7, 255])
    func exitCodeIsTheContainers(code: Int) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["sh", "-c", "exit \(code)"]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("exit\(code)")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code == Int32(code), "\(result.standardError)")
        #expect(!FileSystem.exists(harness.state.path + "/" + id), "state removed after a foreground run")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id), "cgroup removed after a foreground run")
    }

    @Test func missingBinaryFailsCleanly() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["nosuch", "arg"]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("missing")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code == 1)
        #expect(
            result.standardError
                == "swctl-runtime: \(id): exec nosuch (PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin): ENOENT (no such file or directory)\n"
        )
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        let mountinfo = try FileSystem.readTextFile("/proc/self/mountinfo")
        #expect(!mountinfo.contains(bundle.path))
    }

    @Test func failingMountNamesStepAndObject() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["true"])
        spec.mounts?.append(Mount(destination: "/x", type: "nosuchfs", source: "none"))
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("badmount")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code == 1)
        #expect(result.standardError == "swctl-runtime: \(id): mount nosuchfs on /x: ENODEV (no such device)\n")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
    }

    @Test func detachedLifecycleAndDuplicateID() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["sleep", "60"]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("detached")
        let pidFile = bundle.path + "/pid"
        let started = try harness(["run", "--detach", "--pid-file", pidFile, "-b", bundle.path, id])
        #expect(started.code == 0, "\(started.standardError)")
        #expect(FileSystem.exists("/sys/fs/cgroup/" + id + "/cgroup.procs"))

        let duplicate = try harness(["run", "-d", "-b", bundle.path, id])
        #expect(duplicate.code == 1)
        #expect(duplicate.standardError == "swctl-runtime: \(id): container \(id) already exists (delete it first)\n")

        let running = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput)
        #expect(running.status == .running)
        #expect(running.id == id)
        #expect(running.bundle == bundle.path)
        let pid = try #require(running.pid)
        #expect(try FileSystem.readTextFile(pidFile) == String(pid))
        #expect(try Cgroup(mountPoint: "/sys/fs/cgroup", path: "/" + id).processes() == [pid])

        let notForced = try harness(["delete", id])
        #expect(notForced.code == 1)
        #expect(notForced.standardError.contains("container \(id) is running"))

        #expect(try harness(["kill", id, "KILL"]).code == 0)
        var status = ContainerStatus.running
        for _ in 0..<200 where status != .stopped {
            Identity.sleep(milliseconds: 10)
            status = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput).status
        }
        #expect(status == .stopped)
        let deleted = try harness(["delete", id])
        #expect(deleted.code == 0, "\(deleted.standardError)")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
    }

    @Test func deleteForceKillsAndRemovesEverything() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["sh", "-c", "sleep 60 & sleep 60"]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("force")
        #expect(try harness(["run", "-d", "-b", bundle.path, id]).code == 0)
        let deleted = try harness(["delete", "--force", id])
        #expect(deleted.code == 0, "\(deleted.standardError)")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        #expect(try harness(["state", id]).code == 1)
    }

    @Test(arguments: [["state"], ["kill"], ["delete"]])
    func unknownIDIsAClearError(verb: [String]) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let result = try harness(verb + ["nope"])
        #expect(result.code == 1)
        #expect(result.standardError == "swctl-runtime: nope: container nope does not exist\n")
    }

    @Test func forcedDeleteOfUnknownIDSucceedsLikeRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        try FileSystem.makeDirectories(harness.state.path + "/half-made")
        let result = try harness(["delete", "--force", "half-made"])
        #expect(result.code == 0)
        #expect(result.standardError.isEmpty)
        #expect(!FileSystem.exists(harness.state.path + "/half-made"))
        #expect(try harness(["delete", "-f", "never-was"]).code == 0)
    }

    @Test func foregroundRunForwardsSignals() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(
            try baseSpec(["sh", "-c", "trap 'exit 42' TERM; echo ready > /tmp/ready; while :; do sleep 0.05; done"]))
        defer { bundle.remove() }
        var spec = try baseSpec(["sh", "-c", "trap 'exit 42' TERM; touch /ready/yes; while :; do sleep 0.05; done"])
        let flag = try TemporaryDirectory("ready")
        defer { flag.remove() }
        spec.mounts?.append(Mount(destination: "/ready", type: "bind", source: flag.path, options: ["rbind"]))
        try bundle.writeConfig(try JSONEncoder().encode(spec))
        let running = try harness.start(["run", "-b", bundle.path, RuntimeHarness.id("signals")])
        for _ in 0..<500 where !FileSystem.exists(flag.path + "/yes") { Identity.sleep(milliseconds: 10) }
        #expect(FileSystem.exists(flag.path + "/yes"))
        try Processes.kill(running.pid, signal: 15)
        let result = try running.wait()
        #expect(result.code == 42, "\(result.standardError)")
    }

    @Test func detachedRunNotifiesSystemd() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["sleep", "60"]))
        defer { bundle.remove() }
        let socketPath = bundle.path + "/notify"
        let socket = try UnixDatagramSocket(boundTo: socketPath)
        defer { socket.close() }
        try socket.setReceiveTimeout(milliseconds: 10_000)
        let id = RuntimeHarness.id("notify")
        let running = try harness.start(
            ["--systemd-cgroup", "run", "--detach", "-b", bundle.path, id],
            addingEnvironment: ["NOTIFY_SOCKET=" + socketPath])
        var result: Subprocess.Result?
        defer { if result == nil { _ = try? running.wait() } }

        let ready = try socket.receive()
        let text = String(decoding: ready.bytes, as: UTF8.self)
        #expect(ready.pid == running.pid, "sent by the runtime itself")
        let barrier = try socket.receive()
        #expect(String(decoding: barrier.bytes, as: UTF8.self) == "BARRIER=1")
        let fd = try #require(barrier.fd)
        fd.close()
        let finished = try running.wait()
        result = finished
        #expect(finished.code == 0, "\(finished.standardError)")

        let state = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput)
        #expect(text == "MAINPID=\(state.pid ?? -1)\nREADY=1")
        #expect(state.status == .running)
        // Born a child of the service manager (here: this test), so it can
        // wait for its new main process.
        let pid = try #require(state.pid)
        let status = try FileSystem.readTextFile("/proc/\(pid)/status")
        #expect(status.split(separator: "\n").contains("PPid:\t\(Processes.currentID)"))
        #expect(try harness(["delete", "-f", id]).code == 0)
        #expect(try Processes.wait(pid) == .signaled(9))
    }

    @Test func killedContainerExitsWith128PlusSignal() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try baseSpec(["sleep", "60"]))
        defer { bundle.remove() }
        let id = RuntimeHarness.id("killed")
        let running = try harness.start(["run", "-b", bundle.path, id])
        var killed = false
        for _ in 0..<500 where !killed {
            killed = (try? harness(["kill", id, "KILL"]))?.code == 0
            if !killed { Identity.sleep(milliseconds: 10) }
        }
        #expect(killed)
        #expect(try running.wait().code == 137)
    }

    @Test func relativeCgroupsPathLandsBelowTheRuntimesCgroup() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let unit = "unit-\(Processes.currentID).service"
        var spec = try baseSpec(["sh", "-c", "cat /proc/self/cgroup; sleep 60"])
        spec.linux?.cgroupsPath = unit + "/container"
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("cgpath")
        #expect(try harness(["run", "-d", "-b", bundle.path, id]).code == 0)
        let pid = try #require(
            try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput).pid)
        let cgroup = Cgroup(mountPoint: "/sys/fs/cgroup", path: "/" + unit + "/container")
        #expect(try cgroup.processes() == [pid])
        let own = try FileSystem.readTextFile("/proc/\(pid)/cgroup")
        #expect(own.contains("0::/" + unit + "/container"))
        #expect(try harness(["delete", "--force", id]).code == 0)
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + unit), "both directories made by run are gone")
    }

    @Test func joinsANetworkNamespaceByPath() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let name = "swctl-test-\(Processes.currentID)"
        #expect(try Subprocess.run("/usr/sbin/ip", ["netns", "add", name]).code == 0)
        defer { _ = try? Subprocess.run("/usr/sbin/ip", ["netns", "delete", name]) }
        #expect(try Subprocess.run("/usr/sbin/ip", ["-n", name, "link", "add", "probe0", "type", "bridge"]).code == 0)
        var spec = try baseSpec(["sh", "-c", "ls /sys/class/net | tr '\\n' ' '"])
        let namespaces = spec.linux?.namespaces?.map {
            $0.type == .network ? Namespace(type: .network, path: "/run/netns/" + name) : $0
        }
        spec.linux?.namespaces = namespaces
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("netns")])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "lo probe0 ")
    }

    @Test func createThenStart() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let out = try TemporaryDirectory("out")
        defer { out.remove() }
        var spec = try baseSpec(["sh", "-c", "echo started > /out/flag; sleep 60"])
        spec.mounts?.append(Mount(destination: "/out", type: "bind", source: out.path, options: ["rbind"]))
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("created")

        let created = try harness(["create", "-b", bundle.path, id])
        #expect(created.code == 0, "\(created.standardError)")
        let state = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput)
        #expect(state.status == .created)
        #expect((state.pid ?? 0) > 0)
        Identity.sleep(milliseconds: 50)
        #expect(!FileSystem.exists(out.path + "/flag"), "nothing runs before start")

        let started = try harness(["start", id])
        #expect(started.code == 0, "\(started.standardError)")
        for _ in 0..<300 where !FileSystem.exists(out.path + "/flag") { Identity.sleep(milliseconds: 10) }
        #expect(try FileSystem.readTextFile(out.path + "/flag") == "started\n")
        let running = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput)
        #expect(running.status == .running)
        #expect(running.pid == state.pid)

        let again = try harness(["start", id])
        #expect(again.code == 1)
        #expect(
            again.standardError == "swctl-runtime: \(id): container \(id) is running, not created: nothing to start\n")
        #expect(try harness(["delete", "-f", id]).code == 0)
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
    }
}
