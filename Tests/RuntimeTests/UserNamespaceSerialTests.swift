import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// A root filesystem for a user namespace: busybox copied (not hard-linked
/// to the host's, which must keep its owner) and everything owned by the
/// mapped root, in a bundle the mapped root can reach.
func makeUserNamespaceBundle(_ spec: Spec, hostRoot: UInt32 = 100_000) throws -> TestBundle {
    let bundle = try makeBundle(spec)
    let busybox = bundle.rootfs + "/bin/busybox"
    let bytes = try FileSystem.readFile(busybox)
    try FileSystem.removeFile(busybox)
    try FileSystem.writeFileAtomically(busybox, contents: bytes, permissions: 0o755)
    let chown = try Subprocess.run("/bin/chown", ["-hR", "\(hostRoot):\(hostRoot)", bundle.rootfs])
    guard chown.code == 0 else {
        throw SyscallError("chown \(bundle.rootfs): \(chown.standardError)", errno: .notPermitted)
    }
    chmod(bundle.path, 0o755)
    return bundle
}

/// `spec` with a new user namespace mapping container 0-65535 to host
/// 100000-165535, as runc's tests do.
func withUserNamespace(_ spec: Spec) -> Spec {
    var spec = spec
    let range = [IDMapping(containerID: 0, hostID: 100_000, size: 65536)]
    spec.linux?.namespaces?.append(Namespace(type: .user))
    spec.linux?.uidMappings = range
    spec.linux?.gidMappings = range
    return spec
}

/// What a process in a user namespace sees, one `key=value` a line.
private let userNamespaceProbe = """
    echo "uidmap=$(cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //')"
    echo "gidmap=$(cat /proc/self/gid_map | tr -s ' ' | sed 's/^ //')"
    echo "setgroups=$(cat /proc/self/setgroups)"
    echo "ids=$(id -u):$(id -g)"
    echo "rootowner=$(stat -c %u:%g /)"
    echo "binowner=$(stat -c %u:%g /bin/busybox)"
    echo "hostfileowner=$(stat -c %u:%g /hostfile)"
    echo "hostfilewrite=$(echo x 2>&1 >/hostfile && echo written)"
    echo "hostname=$(hostname)"
    echo "procowner=$(stat -c %u /proc/1/status)"
    grep -E '^(CapPrm|CapEff|CapBnd):' /proc/self/status | tr -d '\\t' | sed 's/:/=/'
    echo "devnull=$(echo x > /dev/null && echo ok)"
    echo "cgroupns=$(readlink /proc/self/ns/cgroup | cut -c1-6)"
    echo "oom=$(cat /proc/self/oom_score_adj)"
    echo "forward=$(cat /proc/sys/net/ipv4/ip_forward)"
    awk '{ split($4, o, ","); print "mount=" $2 " " $3 " " o[1] }' /proc/mounts
    """

/// User namespaces with uid/gid maps, checked from inside against runc
/// (1.1, Debian's): the same bundle must show the same world.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct UserNamespaceSerialTests {
    @Test func processSeesTheSameMappedWorldAsUnderRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let host = try TemporaryDirectory("hostfile")
        defer { host.remove() }
        try host.write("hostfile", "host root's\n")
        chmod(host.path, 0o755)
        var spec = withUserNamespace(try baseSpec(["sh", "-c", userNamespaceProbe]))
        spec.hostname = "mapped"
        spec.process?.oomScoreAdj = 300
        spec.linux?.sysctl = ["net.ipv4.ip_forward": "1"]
        spec.mounts?.append(
            Mount(destination: "/hostfile", type: "bind", source: host.path + "/hostfile", options: ["bind"]))
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let runc = try #require(Ring.runcPath)

        let ours = try harness(["run", "-b", bundle.path, RuntimeHarness.id("userns-ours")])
        let theirs = try Subprocess.run(
            runc, ["--root", harness.state.path + "/runc", "run", "-b", bundle.path, RuntimeHarness.id("userns-runc")])
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(theirs.code == 0, "\(theirs.standardError)")
        let output = ours.standardOutput
        #expect(probeValue(output, "uidmap") == "0 100000 65536")
        #expect(probeValue(output, "gidmap") == "0 100000 65536")
        #expect(probeValue(output, "setgroups") == "allow")
        #expect(probeValue(output, "ids") == "0:0")
        #expect(probeValue(output, "rootowner") == "0:0")
        #expect(probeValue(output, "binowner") == "0:0")
        #expect(probeValue(output, "hostfileowner") == "65534:65534")
        #expect(probeValue(output, "hostfilewrite")?.contains("Permission denied") == true)
        #expect(probeValue(output, "hostname") == "mapped")
        #expect(probeValue(output, "devnull") == "ok")
        #expect(probeValue(output, "oom") == "300")
        #expect(probeValue(output, "forward") == "1")
        #expect(probeValue(output, "CapEff") == probeValue(output, "CapBnd"))
        for key in [
            "uidmap", "gidmap", "setgroups", "ids", "rootowner", "binowner", "hostfileowner", "hostfilewrite",
            "hostname", "procowner", "CapPrm", "CapEff", "CapBnd", "devnull", "cgroupns", "oom", "forward",
        ] {
            #expect(probeValue(output, key) == probeValue(theirs.standardOutput, key), "\(key)")
        }
        #expect(Set(probeMounts(output)) == Set(probeMounts(theirs.standardOutput)))
    }

    @Test func aNonRootUserIsMappedToo() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = withUserNamespace(
            try baseSpec(["sh", "-c", "echo ids=$(id -u):$(id -g):$(id -G); touch /tmp/f; stat -c owner=%u /tmp/f"]))
        spec.process?.user = User(uid: 1000, gid: 1000, additionalGids: [5])
        spec.mounts?.append(Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["mode=1777"]))
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("userns-user")])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(probeValue(result.standardOutput, "ids") == "1000:1000:1000 5")
        #expect(probeValue(result.standardOutput, "owner") == "1000")
    }

    /// The container's init runs as the mapped host IDs; its cgroup, with a
    /// writable cgroup mount and a cgroup namespace, belongs to the mapped root.
    @Test func hostSeesMappedIDsAndTheCgroupIsDelegated() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = withUserNamespace(try baseSpec(["sh", "-c", "mkdir /sys/fs/cgroup/sub && echo made; sleep 60"]))
        spec.mounts = spec.mounts?.map { mount in
            guard mount.type == "cgroup" else { return mount }
            var writable = mount
            writable.options = (mount.options ?? []).filter { $0 != "ro" }
            return writable
        }
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("userns-cgroup")
        let running = try harness.start(["run", "-b", bundle.path, id])
        defer { _ = try? running.wait() }
        defer { _ = try? harness(["kill", id, "KILL"]) }
        var state: State?
        for _ in 0..<200 {
            if let bytes = try? harness(["state", id]).standardOutput,
                let decoded = try? JSONDecoder().decode(State.self, from: bytes), decoded.pid != nil
            {
                state = decoded
                if FileSystem.exists("/sys/fs/cgroup/\(id)/sub") { break }
            }
            Identity.sleep(milliseconds: 20)
        }
        let pid = try #require(state?.pid)
        let status = try FileSystem.readTextFile("/proc/\(pid)/status")
        #expect(status.contains("Uid:\t100000\t100000\t100000\t100000"))
        #expect(status.contains("Gid:\t100000\t100000\t100000\t100000"))
        let owner = try #require(try FileSystem.status("/sys/fs/cgroup/\(id)"))
        #expect(owner.uid == 100_000)
        #expect(FileSystem.exists("/sys/fs/cgroup/\(id)/sub"), "the container made a child cgroup")
        #expect(try harness(["kill", id, "KILL"]).code == 0)
        _ = try running.wait()
        #expect(!FileSystem.exists("/sys/fs/cgroup/\(id)"), "its cgroup went, with the child it made")
    }

    @Test(arguments: [UInt32(0), 1000])
    func createWaitsAndStartRunsInTheUserNamespace(uid: UInt32) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = withUserNamespace(try baseSpec(["sh", "-c", "sleep 60"]))
        spec.process?.user = User(uid: uid, gid: uid)
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("userns-create")
        let created = try harness(["create", "-b", bundle.path, id])
        #expect(created.code == 0, "\(created.standardError)")
        let started = try harness(["start", id])
        #expect(started.code == 0, "\(started.standardError)")
        let state = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput)
        #expect(state.status == .running)
        let pid = try #require(state.pid)
        #expect(try FileSystem.readTextFile("/proc/\(pid)/uid_map").contains("100000"))
        #expect(try FileSystem.readTextFile("/proc/\(pid)/status").contains("Uid:\t\(100_000 + uid)\t"))
        #expect(try harness(["delete", "-f", id]).code == 0)
    }

    /// A second container joins the first's user namespace (and its pid,
    /// network, ipc and uts namespaces) by path: the user namespace first,
    /// so the others, and the new mount namespace, are its own.
    @Test func joinsAUserNamespaceByPath() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let first = try makeUserNamespaceBundle(withUserNamespace(try baseSpec(["sleep", "60"])))
        defer { first.remove() }
        let firstID = RuntimeHarness.id("userns-first")
        let run = try harness(["run", "-d", "-b", first.path, firstID])
        #expect(run.code == 0, "\(run.standardError)")
        defer { _ = try? harness(["delete", "-f", firstID]) }
        let pid = try #require(
            try JSONDecoder().decode(State.self, from: try harness(["state", firstID]).standardOutput).pid)

        let kinds = ["user", "pid", "net", "ipc", "uts"]
        var spec = try baseSpec([
            "sh", "-c",
            kinds.map { "echo \($0)=$(readlink /proc/self/ns/\($0))" }.joined(separator: ";")
                + "; echo ids=$(id -u):$(id -g)",
        ])
        let types: [String: NamespaceType] = ["user": .user, "pid": .pid, "net": .network, "ipc": .ipc, "uts": .uts]
        spec.linux?.namespaces =
            [Namespace(type: .mount), Namespace(type: .cgroup)]
            + kinds.compactMap { kind in types[kind].map { Namespace(type: $0, path: "/proc/\(pid)/ns/\(kind)") } }
        spec.hostname = nil
        let second = try makeUserNamespaceBundle(spec)
        defer { second.remove() }
        let result = try harness(["run", "-b", second.path, RuntimeHarness.id("userns-second")])
        #expect(result.code == 0, "\(result.standardError)")
        for kind in kinds {
            #expect(
                probeValue(result.standardOutput, kind) == (try FileSystem.readLink("/proc/\(pid)/ns/\(kind)")),
                "\(kind)")
        }
        #expect(probeValue(result.standardOutput, "ids") == "0:0")

        // `create` too: the init, root of the joined namespace, reaches the exec FIFO.
        spec.process?.args = ["sleep", "60"]
        try second.writeConfig(try JSONEncoder().encode(spec))
        let createdID = RuntimeHarness.id("userns-created")
        let created = try harness(["create", "-b", second.path, createdID])
        #expect(created.code == 0, "\(created.standardError)")
        defer { _ = try? harness(["delete", "-f", createdID]) }
        let started = try harness(["start", createdID])
        #expect(started.code == 0, "\(started.standardError)")
        let createdPID = try #require(
            try JSONDecoder().decode(State.self, from: try harness(["state", createdID]).standardOutput).pid)
        #expect(try FileSystem.readLink("/proc/\(createdPID)/ns/user") == FileSystem.readLink("/proc/\(pid)/ns/user"))
    }

    /// A new user namespace with a network namespace the host owns: the
    /// runtime joins that one for the clone (the child could not), and
    /// sysfs, which needs a network namespace of the user namespace, is
    /// the host's /sys bound.
    @Test func newUserNamespaceWithAJoinedNetworkNamespace() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let name = "swctl-userns-\(Processes.currentID)"
        #expect(try Subprocess.run("/usr/sbin/ip", ["netns", "add", name]).code == 0)
        defer { _ = try? Subprocess.run("/usr/sbin/ip", ["netns", "delete", name]) }
        #expect(try Subprocess.run("/usr/sbin/ip", ["-n", name, "link", "add", "probe0", "type", "bridge"]).code == 0)
        var spec = withUserNamespace(
            try baseSpec([
                "sh", "-c",
                "grep -o probe0 /proc/net/dev; echo net=$(readlink /proc/self/ns/net);"
                    + " grep ' /sys ' /proc/mounts | cut -d' ' -f3",
            ]))
        let namespaces = spec.linux?.namespaces?.map {
            $0.type == .network ? Namespace(type: .network, path: "/run/netns/" + name) : $0
        }
        spec.linux?.namespaces = namespaces
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("userns-netns")])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("probe0"))
        #expect(result.standardOutput.contains("sysfs"))
        #expect(try FileSystem.readLink("/proc/self/ns/net") != probeValue(result.standardOutput, "net"))
    }

    /// Errors name the spec key and leave nothing: no state, no cgroup.
    @Test(arguments: [
        ("overlap", "config.json: linux.uidMappings[0] and [1]: host ID ranges overlap"),
        ("no maps", "config.json: linux.gidMappings: a new user namespace needs at least one range"),
    ])
    func badMapsFailBeforeAnythingIsMade(name: String, message: String) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = withUserNamespace(try baseSpec(["true"]))
        if name == "overlap" {
            spec.linux?.uidMappings = [
                IDMapping(containerID: 0, hostID: 100_000, size: 10),
                IDMapping(containerID: 10, hostID: 100_005, size: 10),
            ]
        } else {
            spec.linux?.gidMappings = []
        }
        let bundle = try makeUserNamespaceBundle(spec)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("userns-bad")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try harness(["state", id]).code != 0)
        #expect(!FileSystem.exists("/sys/fs/cgroup/\(id)"))
    }

    /// A rootfs the mapped root cannot reach (the bundle is the host root's,
    /// mode 0700) fails with one line naming it, and the half-made container
    /// goes away.
    @Test func rootfsTheMappedRootCannotReachFailsClearly() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let spec = withUserNamespace(try baseSpec(["true"]))
        let bundle = try makeBundle(spec)  // owned by the host's root, 0700
        defer { bundle.remove() }
        let id = RuntimeHarness.id("userns-noaccess")
        let result = try harness(["run", "-b", bundle.path, id])
        #expect(result.code != 0)
        #expect(result.standardError.contains("bind rootfs \(bundle.rootfs): EACCES"), "\(result.standardError)")
        #expect(!FileSystem.exists("/sys/fs/cgroup/\(id)"))
    }
}
