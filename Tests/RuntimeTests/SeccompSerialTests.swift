import OCI
import Syscalls
import TestSupport
import Testing

@testable import Runtime

/// Seccomp filters from `linux.seccomp`, observed by the process, under
/// swctl-runtime and under runc on the same bundle.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"
    ))
struct SeccompSerialTests {
    private static let mkdirNames = ["mkdir", "mkdirat"]

    @Test(arguments: [true, false])
    func deniedSyscallFailsWithTheConfiguredErrno(noNewPrivileges: Bool) throws {
        var spec = try baseSpec([
            "sh", "-c",
            "grep '^Seccomp:' /proc/self/status | tr -d '\\t' | sed 's/:/=/'; mkdir /tmp/a 2>&1; echo done=$?",
        ])
        spec.process?.noNewPrivileges = noNewPrivileges
        spec.linux?.seccomp = Seccomp(
            defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
            syscalls: [
                Seccomp.Syscall(
                    names: Self.mkdirNames + ["no_such_syscall"], action: "SCMP_ACT_ERRNO", errnoRet: 13)
            ])
        let (ours, runc) = try runUnderBoth(spec, name: "errno\(noNewPrivileges)")
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(probeValue(ours.standardOutput, "Seccomp") == "2")
        #expect(
            ours.standardOutput.contains("mkdir: can't create directory '/tmp/a': Permission denied"))
        #expect(probeValue(ours.standardOutput, "done") == "1")
        #expect(runc.code == ours.code, "\(runc.standardError)")
        #expect(runc.standardOutput == ours.standardOutput)
    }

    @Test func defaultErrnoForWhatIsNotAllowed() throws {
        // An allowlist without mkdir: it falls through to the default action.
        var spec = try baseSpec(["sh", "-c", "echo start=ok; mkdir /tmp/b 2>&1; echo b=$?"])
        spec.mounts?.append(
            Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid"]))
        spec.linux?.seccomp = Seccomp(
            defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: 1,
            syscalls: [Seccomp.Syscall(names: Self.allButMkdir, action: "SCMP_ACT_ALLOW")])
        let (ours, runc) = try runUnderBoth(spec, name: "default")
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(probeValue(ours.standardOutput, "start") == "ok")
        #expect(
            ours.standardOutput.contains(
                "mkdir: can't create directory '/tmp/b': Operation not permitted"))
        #expect(probeValue(ours.standardOutput, "b") == "1")
        #expect(runc.standardOutput == ours.standardOutput, "\(runc.standardError)")
    }

    /// kill(2) is denied for signals 10 and 12 only: conditions on the
    /// same argument are alternatives (runc's rule), other signals pass.
    @Test func argumentConditionsSelectCalls() throws {
        var spec = try baseSpec([
            "sh", "-c",
            "for s in 0 10 12 28; do kill -$s $$ 2>/dev/null; echo sig$s=$?; done",
        ])
        spec.linux?.seccomp = Seccomp(
            defaultAction: "SCMP_ACT_ALLOW",
            syscalls: [
                Seccomp.Syscall(
                    names: ["kill"], action: "SCMP_ACT_ERRNO", errnoRet: 1,
                    args: [
                        Seccomp.Arg(index: 1, value: 10, op: "SCMP_CMP_EQ"),
                        Seccomp.Arg(index: 1, value: 12, op: "SCMP_CMP_EQ"),
                    ])
            ])
        let (ours, runc) = try runUnderBoth(spec, name: "conditions")
        #expect(ours.code == 0, "\(ours.standardError)")
        for (signal, status) in [(0, "0"), (10, "1"), (12, "1"), (28, "0")] {
            #expect(probeValue(ours.standardOutput, "sig\(signal)") == status, "signal \(signal)")
        }
        #expect(runc.standardOutput == ours.standardOutput, "\(runc.standardError)")
    }

    /// A second start takes the program from the cache, not from
    /// libseccomp: a cached program planted for the profile is what runs.
    @Test func repeatedStartUsesTheCachedProgram() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        var spec = try baseSpec(["sh", "-c", "mkdir /tmp/a 2>&1"])
        let denied = { (errno: UInt32) in
            Seccomp(
                defaultAction: "SCMP_ACT_ALLOW",
                syscalls: [
                    Seccomp.Syscall(names: Self.mkdirNames, action: "SCMP_ACT_ERRNO", errnoRet: errno)
                ])
        }
        spec.linux?.seccomp = denied(13)
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let first = try harness(["run", "-b", bundle.path, RuntimeHarness.id("cache1")])
        #expect(first.standardOutput.contains("Permission denied"), "\(first.standardError)")

        let cache = SeccompCache(root: harness.state.path)
        let path = try #require(cache.path(for: denied(13)))
        let stored = try FileSystem.readFile(path)
        #expect(stored.count % 8 == 0 && !stored.isEmpty)
        #expect(stored == (try InitSequence.compileSeccomp(denied(13))).bytes)

        try FileSystem.writeFileAtomically(
            path, contents: try InitSequence.compileSeccomp(denied(1)).bytes)
        let second = try harness(["run", "-b", bundle.path, RuntimeHarness.id("cache2")])
        #expect(second.standardOutput.contains("Operation not permitted"), "\(second.standardError)")
    }

    @Test func killActionKillsTheProcess() throws {
        var spec = try baseSpec(["sh", "-c", "exec uname"])
        spec.linux?.seccomp = Seccomp(
            defaultAction: "SCMP_ACT_ALLOW",
            syscalls: [Seccomp.Syscall(names: ["uname"], action: "SCMP_ACT_KILL_PROCESS")])
        let (ours, runc) = try runUnderBoth(spec, name: "kill")
        #expect(ours.code == 128 + 31, "SIGSYS; \(ours.standardError)")
        #expect(ours.standardOutput.isEmpty)
        #expect(runc.code == ours.code)
    }

    @Test func unknownActionIsRefusedBeforeAnythingRuns() throws {
        var spec = try baseSpec(["true"])
        spec.linux?.seccomp = Seccomp(defaultAction: "SCMP_ACT_EXPLODE")
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(spec)
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("badaction")])
        #expect(result.code == 1)
        #expect(
            result.standardError.contains("linux.seccomp: seccomp action SCMP_ACT_EXPLODE: unknown"))
    }

    /// Syscalls busybox sh, mkdir and the runtimes' last steps (runc's Go
    /// runtime included) use.
    static let allButMkdir = [
        "access", "arch_prctl", "brk", "capget", "capset", "chdir", "close", "close_range", "dup2",
        "dup3",
        "execve", "exit", "exit_group", "fcntl", "fstat", "newfstatat", "statx", "fork", "vfork",
        "clone", "clone3",
        "getcwd", "getdents64", "getegid", "geteuid", "getgid", "getpgrp", "getpid", "getppid",
        "getuid", "ioctl",
        "lseek", "mmap", "mprotect", "munmap", "open", "openat", "pipe", "pipe2", "prctl", "read",
        "readlink",
        "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "set_tid_address", "setgid", "setgroups",
        "setuid",
        "stat", "lstat", "umask", "uname", "wait4", "write", "writev", "chmod", "fchmod", "fchmodat",
        "set_robust_list", "rseq", "prlimit64", "getrandom", "futex", "poll", "ppoll", "select",
        "pselect6",
        "fstatfs", "statfs", "gettid", "tgkill", "sched_yield", "nanosleep", "madvise", "sigaltstack",
        "epoll_create1", "epoll_ctl", "epoll_pwait", "epoll_wait", "getrlimit", "setrlimit", "mlock",
        "fchdir",
        "kill", "rt_sigtimedwait", "sched_getaffinity", "clock_gettime", "clock_nanosleep",
        "gettimeofday",
    ]
}
