import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// `exec` into a running container, next to `runc exec` into the same
/// bundle: the new process must see the container's world (namespaces,
/// cgroup, hostname, mounts) under the container's confinement (capability
/// sets, seccomp, no_new_privs), with the options' changes.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct ExecSerialTests {
    /// A long-running container under both runtimes on one bundle.
    struct Pair {
        let harness: RuntimeHarness
        let bundle: TestBundle
        let runc: String
        let ours: String
        let theirs: String

        init(_ spec: Spec, name: String) throws {
            harness = try RuntimeHarness()
            bundle = try makeBundle(spec)
            runc = try #require(Ring.runcPath)
            ours = RuntimeHarness.id("exec-ours-" + name)
            theirs = RuntimeHarness.id("exec-runc-" + name)
            let started = try harness(["run", "-d", "-b", bundle.path, ours])
            #expect(started.code == 0, "\(started.standardError)")
            let runcStarted = try Subprocess.run(
                runc, ["--root", harness.state.path + "/runc", "run", "-d", "-b", bundle.path, theirs])
            #expect(runcStarted.code == 0, "\(runcStarted.standardError)")
        }

        /// `exec OPTIONS… ID COMMAND…` under each runtime.
        func exec(_ options: [String], _ command: [String]) throws -> (ours: Subprocess.Result, runc: Subprocess.Result)
        {
            let mine = try harness(["exec"] + options + [ours] + command)
            let theirs = try Subprocess.run(
                runc, ["--root", harness.state.path + "/runc", "exec"] + options + [self.theirs] + command)
            return (mine, theirs)
        }

        func remove() {
            _ = try? harness(["delete", "-f", ours])
            _ = try? Subprocess.run(runc, ["--root", harness.state.path + "/runc", "delete", "-f", theirs])
            bundle.remove()
            harness.remove()
        }
    }

    private func longRunning() throws -> Spec {
        var spec = try baseSpec(["sleep", "100"])
        spec.hostname = "execbox"
        spec.process?.env = ["PATH=/bin", "FOO=from-spec"]
        spec.process?.noNewPrivileges = true
        return spec
    }

    @Test func execSeesTheContainerAsRuncExecDoes() throws {
        let pair = try Pair(try longRunning(), name: "probe")
        defer { pair.remove() }
        let probe = probeScript + "\necho seccomp=$(grep '^Seccomp:' /proc/$$/status | tr -d '\\t')"
        let (ours, runc) = try pair.exec([], ["sh", "-c", probe])
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(runc.code == 0, "\(runc.standardError)")
        for key in [
            "hostname", "ids", "cwd", "foo", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "links",
            "seccomp",
        ] {
            #expect(probeValue(ours.standardOutput, key) == probeValue(runc.standardOutput, key), "\(key)")
        }
        #expect(probeValue(ours.standardOutput, "hostname") == "execbox")
        #expect(probeValue(ours.standardOutput, "foo") == "from-spec")
        #expect(Set(probeMounts(ours.standardOutput)) == Set(probeMounts(runc.standardOutput)))
        // A new process in the container's PID namespace: not its init.
        #expect(probeValue(ours.standardOutput, "pid") != "1")
    }

    @Test func execJoinsEveryNamespaceAndTheCgroupOfTheInit() throws {
        let pair = try Pair(try longRunning(), name: "ns")
        defer { pair.remove() }
        let state = try JSONDecoder().decode(State.self, from: try pair.harness(["state", pair.ours]).standardOutput)
        let initPID = try #require(state.pid)
        let result = try pair.harness([
            "exec", "-d", "--pid-file", pair.harness.state.path + "/exec.pid", pair.ours, "sleep", "30",
        ])
        #expect(result.code == 0, "\(result.standardError)")
        let pidText = try FileSystem.readTextFile(pair.harness.state.path + "/exec.pid")
        let execPID = try #require(Int32(pidText))
        for kind in ["pid", "net", "mnt", "ipc", "uts", "cgroup"] {
            let initNamespace = try FileSystem.readLink("/proc/\(initPID)/ns/\(kind)")
            let execNamespace = try FileSystem.readLink("/proc/\(execPID)/ns/\(kind)")
            #expect(initNamespace == execNamespace, "\(kind)")
        }
        let initCgroup = try FileSystem.readTextFile("/proc/\(initPID)/cgroup").split(separator: "\n").last
        let execCgroup = try FileSystem.readTextFile("/proc/\(execPID)/cgroup").split(separator: "\n").last
        #expect(initCgroup == execCgroup)
    }

    /// The container's seccomp filter applies to exec'd processes too: here
    /// mkdir fails with EPERM and chmod with ENOSYS, as in the container.
    @Test func execIsUnderTheContainersSeccompFilter() throws {
        var spec = try longRunning()
        spec.linux?.seccomp = Seccomp(
            defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
            syscalls: [
                Seccomp.Syscall(names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 1),
                Seccomp.Syscall(names: ["chmod", "fchmodat"], action: "SCMP_ACT_ERRNO", errnoRet: 38),
            ])
        let pair = try Pair(spec, name: "seccomp")
        defer { pair.remove() }
        let script =
            "grep '^Seccomp:' /proc/self/status | tr -d '\\t'; mkdir /tmp/x 2>&1; chmod 600 /etc/passwd 2>&1; true"
        let (ours, runc) = try pair.exec([], ["sh", "-c", script])
        #expect(ours.standardOutput.hasPrefix("Seccomp:2\n"), "\(ours.standardOutput)")
        #expect(ours.standardOutput.contains("Operation not permitted"))
        #expect(ours.standardOutput.contains("Function not implemented"))
        #expect(ours.standardOutput == runc.standardOutput)
    }

    @Test func optionsChangeUserCwdAndEnvironmentAsInRunc() throws {
        let pair = try Pair(try longRunning(), name: "options")
        defer { pair.remove() }
        let options = ["--user", "1000:1000", "--cwd", "/tmp", "--env", "FOO=changed", "--env", "BAR=new"]
        let (ours, runc) = try pair.exec(options, ["sh", "-c", "echo $(id -u):$(id -g) $(pwd) $FOO $BAR"])
        #expect(ours.standardOutput == "1000:1000 /tmp changed new\n", "\(ours.standardError)")
        #expect(ours.standardOutput == runc.standardOutput)
    }

    @Test func exitCodeAndSignalsPassThrough() throws {
        let pair = try Pair(try longRunning(), name: "exit")
        defer { pair.remove() }
        let (ours, runc) = try pair.exec([], ["sh", "-c", "exit 42"])
        #expect(ours.code == 42)
        #expect(runc.code == 42)
        let killed = try pair.harness(["exec", pair.ours, "sh", "-c", "kill -9 $$"])
        #expect(killed.code == 137)
    }

    @Test func aMissingCommandIs127AndAStoppedContainerOneClearLine() throws {
        let pair = try Pair(try longRunning(), name: "errors")
        defer { pair.remove() }
        let missing = try pair.harness(["exec", pair.ours, "nosuch"])
        #expect(missing.code == 127, "as a shell: not found")
        #expect(
            missing.standardError
                == "swctl-runtime: \(pair.ours): exec nosuch (PATH /bin): ENOENT (no such file or directory)\n")
        _ = try pair.harness(["kill", pair.ours, "KILL"])
        for _ in 0..<100 {
            let state = try JSONDecoder().decode(
                State.self, from: try pair.harness(["state", pair.ours]).standardOutput)
            if state.status == .stopped { break }
            Identity.sleep(milliseconds: 10)
        }
        let stopped = try pair.harness(["exec", pair.ours, "true"])
        #expect(stopped.code == 1)
        #expect(stopped.standardError.hasSuffix("is not running\n"), "\(stopped.standardError)")
    }

    @Test func aProcessFileReplacesTheProcess() throws {
        let pair = try Pair(try longRunning(), name: "process")
        defer { pair.remove() }
        let process = Process(
            user: User(uid: 65534, gid: 65534), args: ["sh", "-c", "echo $(id -u) $GREETING"],
            env: ["PATH=/bin", "GREETING=hello"], cwd: "/")
        let file = pair.harness.state.path + "/process.json"
        try FileSystem.writeFileAtomically(file, contents: try JSONEncoder().encode(process), permissions: 0o644)
        let (ours, runc) = try pair.exec(["--process", file], [])
        #expect(ours.standardOutput == "65534 hello\n", "\(ours.standardError)")
        #expect(ours.standardOutput == runc.standardOutput)
    }
}
