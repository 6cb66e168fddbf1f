import Bundles
import Definitions
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// The escape suite's seccomp, capability, mask and device attacks, run as
/// root on the host (ring 1) inside the spec `swctl prepare` builds for a
/// default definition: each attack must be denied, with the expected cause.
/// The attacks that need cgroup v2 limits or AppArmor run in the VM ring
/// (Tests/rings/vm-checks/40-escape.sh).
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && EscapeProbe.isBuildable,
        "needs root, a private cgroup v2 view, busybox-static and gcc with a static libc: runs under Tests/rings/ring1.sh (make check)"
    ))
struct EscapeSerialTests {
    /// Attack → how a default container must refuse it.
    static let expectedDenials: [(attack: String, denial: String)] = [
        ("mount", "EPERM"), ("umount", "EPERM"), ("unshare-user", "EPERM"), ("unshare-mount", "EPERM"),
        ("clone-newns", "EPERM"), ("clone3", "ENOSYS"), ("keyctl", "EPERM"), ("add_key", "EPERM"),
        ("bpf", "EPERM"), ("open_by_handle_at", "EPERM"), ("mknod-block", "EPERM"), ("mknod-kmsg", "EPERM"),
        ("mknod-mem", "EPERM"), ("write-proc-sys", "EROFS"), ("write-sysrq", "EROFS"), ("write-sys", "EROFS"),
        ("read-kcore", "empty"), ("read-kmsg", "ENOENT"), ("sethostname", "EPERM"), ("init_module", "EPERM"),
        ("finit_module", "EPERM"), ("vsock", "EPERM"), ("personality", "EPERM"),
    ]

    /// The host files some attacks aim at; not every kernel has them.
    static let targets = [
        "write-sysrq": "/proc/sysrq-trigger", "read-kcore": "/proc/kcore",
    ]

    @Test func aDefaultContainerDeniesEveryEscape() throws {
        // A PID of the host side: not in the container's PID namespace.
        let host = Processes.currentID
        let attacks = Self.expectedDenials.map(\.attack) + ["ptrace=\(host)", "kill=\(host)", "raw-socket"]
        let result = try EscapeProbe.run(definition(), attacks: attacks)
        #expect(result.code == 0, "\(result.standardError)")
        for (attack, denial) in Self.expectedDenials {
            // A kernel built without the file (no /proc/kcore without
            // CONFIG_PROC_KCORE) has nothing to attack.
            let absent = Self.targets[attack].map { !FileSystem.exists($0) } ?? false
            #expect(probeValue(result.standardOutput, attack) == "denied:\(absent ? "ENOENT" : denial)", "\(attack)")
        }
        #expect(probeValue(result.standardOutput, "ptrace") == "denied:ESRCH")
        #expect(probeValue(result.standardOutput, "kill") == "denied:ESRCH")
        // Docker's default set keeps NET_RAW (ping works) …
        #expect(probeValue(result.standardOutput, "raw-socket") == "ALLOWED")
    }

    @Test func droppingNetRawDeniesRawSockets() throws {
        let result = try EscapeProbe.run(
            definition { $0.security.dropCapabilities = ["CAP_NET_RAW"] }, attacks: ["raw-socket"])
        #expect(probeValue(result.standardOutput, "raw-socket") == "denied:EPERM", "\(result.standardError)")
    }

    /// The capability-dependent half of the profile: CAP_SYS_ADMIN opens
    /// mount and unshare, as in Docker (and shows the attacks can succeed).
    @Test func addingSysAdminAllowsWhatTheProfileGatesOnIt() throws {
        let result = try EscapeProbe.run(
            definition { $0.security.addCapabilities = ["CAP_SYS_ADMIN"] }, attacks: ["sethostname", "clone3"])
        #expect(probeValue(result.standardOutput, "sethostname") == "ALLOWED", "\(result.standardError)")
        #expect(probeValue(result.standardOutput, "clone3") == "ALLOWED")
    }

    @Test func seccompUnconfinedLetsKeyctlThrough() throws {
        let result = try EscapeProbe.run(
            definition { $0.security.seccompProfile = .unconfined }, attacks: ["keyctl", "personality"])
        #expect(probeValue(result.standardOutput, "keyctl") == "ALLOWED", "\(result.standardError)")
        #expect(probeValue(result.standardOutput, "personality") == "ALLOWED")
    }

    /// A setuid-root binary run by a non-root user: no_new_privs keeps the
    /// caller's uid; with NoNewPrivileges=no the bit works again.
    @Test(arguments: [true, false])
    func setuidBinaryUnderNoNewPrivileges(noNewPrivileges: Bool) throws {
        let user = ResolvedUser(uid: 1000, gid: 1000, home: "/tmp")
        let result = try EscapeProbe.run(
            definition { $0.security.noNewPrivileges = noNewPrivileges }, user: user, setuid: true,
            attacks: ["whoami"])
        #expect(
            probeValue(result.standardOutput, "euid") == (noNewPrivileges ? "1000" : "0"), "\(result.standardError)")
    }

    /// A non-root user has no capability unless the definition adds it;
    /// an added one is ambient, so it survives the exec of the probe.
    @Test func aNonRootUserGetsOnlyTheAddedCapabilities() throws {
        let user = ResolvedUser(uid: 1000, gid: 1000, home: "/tmp")
        let plain = try EscapeProbe.run(definition(), user: user, attacks: ["raw-socket"])
        #expect(probeValue(plain.standardOutput, "raw-socket") == "denied:EPERM", "\(plain.standardError)")
        let asked = try EscapeProbe.run(
            definition { $0.security.addCapabilities = ["CAP_NET_RAW"] }, user: user, attacks: ["raw-socket"])
        #expect(probeValue(asked.standardOutput, "raw-socket") == "ALLOWED", "\(asked.standardError)")
    }

    /// The default profile is compiled once: the second start reads the
    /// BPF program from the runtime's cache (keyed by the profile's digest).
    @Test func theCompiledDefaultProfileIsCachedForTheNextStart() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let first = try EscapeProbe.run(definition(), attacks: ["keyctl"], harness: harness)
        let cache = harness.state.path + "/.seccomp-cache"
        let files = try FileSystem.listDirectory(cache).map(\.name).filter { $0.hasSuffix(".bpf") }
        #expect(files.count == 1, "\(first.standardError)")
        let second = try EscapeProbe.run(definition(), attacks: ["keyctl"], harness: harness)
        #expect(probeValue(second.standardOutput, "keyctl") == "denied:EPERM", "\(second.standardError)")
        #expect(try FileSystem.listDirectory(cache).map(\.name).filter { $0.hasSuffix(".bpf") } == files)
    }

    private func definition(_ change: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "escape", sourcePath: "/test/escape.container", image: "/unused")
        definition.exec = ["/bin/escape-probe"]
        change(&definition)
        return definition
    }
}

/// Tests/escape/escape-probe.c, built static once per test run.
enum EscapeProbe {
    static let compiler = ["/usr/bin/gcc", "/usr/bin/cc"].first(where: FileSystem.exists)

    static var isBuildable: Bool {
        compiler != nil
            && (FileSystem.exists("/usr/lib/x86_64-linux-gnu/libc.a")
                || FileSystem.exists("/usr/lib/aarch64-linux-gnu/libc.a") || FileSystem.exists("/usr/lib/libc.a"))
    }

    /// The built binary's path (kept for the whole test process).
    static let binary: Result<String, SyscallError> = {
        guard let compiler else { return .failure(SyscallError("find gcc", errno: .noSuchFileOrDirectory)) }
        guard let directory = try? TemporaryDirectory("escape-probe") else {
            return .failure(SyscallError("make a directory for escape-probe", errno: .noSpace))
        }
        let source = FileSystem.parentDirectory(of: #filePath) + "/../escape/escape-probe.c"
        let output = directory.path + "/escape-probe"
        guard let built = try? Subprocess.run(compiler, ["-static", "-O2", "-o", output, source]), built.code == 0
        else { return .failure(SyscallError("gcc -static \(source)", errno: .invalidArgument)) }
        return .success(output)
    }()

    /// Runs the probe with `attacks` as the container's process, in the
    /// spec built for `definition` (the default confinement plus its keys).
    static func run(
        _ definition: ContainerDefinition, user: ResolvedUser = .root, setuid: Bool = false, attacks: [String],
        harness given: RuntimeHarness? = nil
    ) throws -> Subprocess.Result {
        let probe = try binary.get()
        var spec = try buildSpec(SpecInputs(definition: definition, rootfsPath: "rootfs", user: user))
        let command = spec.process?.args ?? []
        spec.process?.args = command + attacks
        // The ring-1 view has no systemd: no machined registration, and a
        // cgroup of the runtime's choosing below the test's own.
        spec.annotations?[machineAnnotation] = nil
        spec.linux?.cgroupsPath = nil
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let target = bundle.rootfs + "/bin/escape-probe"
        try FileSystem.writeFileAtomically(
            target, contents: try FileSystem.readFile(probe), permissions: setuid ? 0o4755 : 0o755)
        let harness = try given ?? RuntimeHarness()
        defer { if given == nil { harness.remove() } }
        return try harness(["run", "-b", bundle.path, RuntimeHarness.id("escape")])
    }
}
