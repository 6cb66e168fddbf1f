import OCI
import Testing

@testable import Runtime

@Suite struct InitSequenceTests {
    @Test(arguments: [
        ("sh", "/usr/bin:/bin", ["/usr/bin/sh", "/bin/sh"]),
        ("sh", "/opt/x/:", ["/opt/x/sh", "sh"]),
        ("/bin/true", "/usr/bin", ["/bin/true"]),
        ("./run", "/usr/bin", ["./run"]),
    ])
    func executableCandidatesFollowExecvp(command: String, path: String, expected: [String]) {
        #expect(InitSequence.executableCandidates(command, path: path) == expected)
    }

    @Test func sysctlNamesBecomeProcPaths() throws {
        #expect(try InitSequence.sysctlPath("net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward")
        #expect(throws: RuntimeError.invalidSpec("linux.sysctl: 'net..x' is not a sysctl name")) {
            try InitSequence.sysctlPath("net..x")
        }
        #expect(throws: RuntimeError.self) { try InitSequence.sysctlPath("a/../b") }
    }

    @Test func defaultPathWhenEnvironmentHasNone() {
        #expect(InitSequence.executableCandidates("ls", path: nil).first == "/usr/local/sbin/ls")
    }

    private func spec(_ edit: (inout Spec) -> Void = { _ in }) -> Spec {
        var spec = Spec(
            process: Process(args: ["/bin/true"]), root: Root(path: "/nonexistent-rootfs"),
            linux: Linux(namespaces: [Namespace(type: .mount), Namespace(type: .pid)]))
        edit(&spec)
        return spec
    }

    @Test func stepsAreInSetupOrder() throws {
        let sequence = try InitSequence(
            spec: spec {
                $0.hostname = "web"
                $0.linux?.namespaces?.append(Namespace(type: .uts))
                $0.mounts = [Mount(destination: "/proc", type: "proc", source: "proc")]
                $0.linux?.maskedPaths = ["/proc/kcore"]
                $0.process?.user = User(uid: 1000, gid: 1000, additionalGids: [5])
                $0.process?.capabilities = Capabilities(
                    bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"])
                $0.process?.noNewPrivileges = true
            }, bundle: "/b")
        let order = sequence.descriptions.filter { !$0.hasPrefix("create device") && !$0.hasPrefix("symlink") }
        #expect(
            order == [
                "wait for the runtime", "set umask", "set hostname web", "make / rslave",
                "bind rootfs /nonexistent-rootfs",
                "open rootfs /nonexistent-rootfs", "mount proc on /proc", "pivot_root to /nonexistent-rootfs",
                "mask /proc/kcore", "drop bounding capabilities", "prctl PR_SET_KEEPCAPS", "setgroups [5]",
                "setgid 1000", "setuid 1000", "prctl PR_SET_KEEPCAPS", "set capabilities", "raise ambient capabilities",
                "set umask", "change directory to /", "prctl PR_SET_NO_NEW_PRIVS", "close inherited descriptors",
                "reset signals", "exec /bin/true",
            ])
        #expect(sequence.cloneNamespaces == [.mount, .pid, .uts])
    }

    @Test func namespacedSysctlsAndPersonalityBecomeSteps() throws {
        let sequence = try InitSequence(
            spec: spec {
                $0.linux?.namespaces? += [Namespace(type: .ipc), Namespace(type: .uts)]
                $0.linux?.sysctl = ["kernel.shmmax": "1", "kernel.domainname": "d"]
                $0.linux?.personality = Personality(domain: "LINUX32")
            }, bundle: "/b")
        #expect(sequence.descriptions.contains("set sysctl kernel.shmmax=1"))
        #expect(sequence.descriptions.contains("set sysctl kernel.domainname=d"))
        #expect(sequence.descriptions.contains("set personality LINUX32"))
    }

    @Test func seccompCacheKeyFollowsTheProfile() throws {
        let cache = SeccompCache(root: "/run/x")
        let deny = Seccomp(
            defaultAction: "SCMP_ACT_ALLOW", syscalls: [Seccomp.Syscall(names: ["mkdir"], action: "SCMP_ACT_KILL")])
        var other = deny
        other.syscalls?[0].names = ["rmdir"]
        let path = try #require(cache.path(for: deny))
        #expect(path.hasPrefix("/run/x/.seccomp-cache/") && path.hasSuffix(".bpf"))
        #expect(path.utf8.count == "/run/x/.seccomp-cache/".utf8.count + 64 + 4)
        #expect(cache.path(for: deny) == path)
        #expect(cache.path(for: other) != path)
    }

    @Test func seccompIsCompiledBeforeCloneAndLoadedLast() throws {
        let filter = Seccomp(
            defaultAction: "SCMP_ACT_ERRNO", syscalls: [Seccomp.Syscall(names: ["read"], action: "SCMP_ACT_ALLOW")])
        let late = try InitSequence(
            spec: spec {
                $0.process?.noNewPrivileges = true
                $0.linux?.seccomp = filter
            }, bundle: "/b")
        #expect(late.descriptions.suffix(2) == ["load seccomp filter", "exec /bin/true"])
        // Without no_new_privs loading needs CAP_SYS_ADMIN: before the capabilities go.
        let early = try InitSequence(spec: spec { $0.linux?.seccomp = filter }, bundle: "/b")
        let load = try #require(early.descriptions.firstIndex(of: "load seccomp filter"))
        let setuid = try #require(early.descriptions.firstIndex { $0.hasPrefix("setuid") })
        #expect(load < setuid)
        #expect(throws: RuntimeError.seccomp(.unknownAction("SCMP_ACT_BOOM"))) {
            try InitSequence(spec: spec { $0.linux?.seccomp = Seccomp(defaultAction: "SCMP_ACT_BOOM") }, bundle: "/b")
        }
        let vax = Seccomp(defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_VAX"])
        #expect(throws: RuntimeError.seccomp(.unknownArchitecture("SCMP_ARCH_VAX"))) {
            try InitSequence(spec: spec { $0.linux?.seccomp = vax }, bundle: "/b")
        }
    }

    @Test func cgroupNamespaceIsUnsharedAfterPlacement() throws {
        let sequence = try InitSequence(
            spec: spec { $0.linux?.namespaces?.append(Namespace(type: .cgroup)) }, bundle: "/b")
        #expect(!sequence.cloneNamespaces.contains(.cgroup))
        #expect(sequence.descriptions.prefix(2) == ["wait for the runtime", "unshare cgroup namespace"])
    }

    /// Each case breaks one thing in an otherwise valid spec.
    static func broken(_ name: String) -> (inout Spec) -> Void {
        switch name {
        case "no process": return { $0.process = nil }
        case "no args": return { $0.process?.args = [] }
        case "no mount namespace": return { $0.linux?.namespaces = [Namespace(type: .pid)] }
        case "user namespace": return { $0.linux?.namespaces?.append(Namespace(type: .user)) }
        case "hostname without uts": return { $0.hostname = "x" }
        case "relative destination": return { $0.mounts = [Mount(destination: "tmp", type: "tmpfs")] }
        case "unknown rlimit": return { $0.process?.rlimits = [Rlimit(type: "RLIMIT_BOGUS", hard: 1, soft: 1)] }
        case "unknown propagation": return { $0.linux?.rootfsPropagation = "sideways" }
        case "duplicate namespace": return { $0.linux?.namespaces?.append(Namespace(type: .pid)) }
        case "host sysctl": return { $0.linux?.sysctl = ["vm.swappiness": "10"] }
        case "net sysctl without netns": return { $0.linux?.sysctl = ["net.ipv4.ip_forward": "1"] }
        case "ipc sysctl without ipcns": return { $0.linux?.sysctl = ["fs.mqueue.msg_max": "20"] }
        case "unknown personality": return { $0.linux?.personality = Personality(domain: "LINUX64") }
        case "personality flags": return { $0.linux?.personality = Personality(domain: "LINUX", flags: ["X"]) }
        default: return { $0.process?.capabilities = Capabilities(bounding: ["CAP_FLY"]) }
        }
    }

    @Test(arguments: [
        ("no process", "config.json: process is missing"),
        ("no args", "config.json: process.args is empty"),
        ("no mount namespace", "config.json: linux.namespaces: a new mount namespace is required"),
        ("user namespace", "config.json: linux.uidMappings: a new user namespace needs at least one range"),
        ("hostname without uts", "config.json: hostname needs a uts namespace"),
        ("relative destination", "config.json: mount destination 'tmp' is not absolute"),
        ("unknown rlimit", "config.json: process.rlimits: unknown resource RLIMIT_BOGUS"),
        ("unknown propagation", "config.json: linux.rootfsPropagation: unknown value 'sideways'"),
        ("unknown capability", "capability CAP_FLY: unknown name"),
        ("duplicate namespace", "config.json: linux.namespaces: pid is listed twice"),
        ("host sysctl", "config.json: linux.sysctl: 'vm.swappiness' is not in a separate kernel namespace"),
        (
            "net sysctl without netns",
            "config.json: linux.sysctl: 'net.ipv4.ip_forward' needs its own network namespace"
        ),
        ("ipc sysctl without ipcns", "config.json: linux.sysctl: 'fs.mqueue.msg_max' needs its own ipc namespace"),
        ("unknown personality", "config.json: linux.personality: unknown domain LINUX64"),
        ("personality flags", "config.json: linux.personality: flags are not supported yet"),
    ])
    func invalidSpecsAreRefusedBeforeClone(name: String, message: String) {
        #expect {
            try InitSequence(spec: spec(Self.broken(name)), bundle: "/b")
        } throws: { error in
            (error as? RuntimeError)?.description == message
        }
    }
}
