import Glibc
import Syscalls
import TestSupport
import Testing

/// Debian's podman, if installed.
private let podmanPath = ["/usr/bin/podman", "/usr/local/bin/podman"].first { FileSystem.exists($0) }

/// podman as a real client of the runtime (`podman --runtime swctl-runtime`):
/// conmon drives create/start/state/kill/delete the way it drives runc or
/// crun, and what a podman user sees (output, exit codes, `ps` status,
/// `stop` timing out into SIGKILL, errors) must be right.
///
/// cgroupfs manager (systemd's driver is covered in the systemd box), vfs
/// storage and no network, so it needs nothing but the ring-1 view; the
/// pids limit is off because this host's cgroup2 mount has no controllers
/// (the VM ring has them).
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && podmanPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and podman: runs under Tests/rings/ring1.sh (make check)"
    ))
struct PodmanClientSerialTests {
    /// A podman with all its state in temporary directories, using the built runtime.
    struct Podman {
        let home: TemporaryDirectory
        let runtime: String

        init() throws {
            guard let runtime = BuiltProducts.runtime() else {
                throw SyscallError("find swctl-runtime (build it)", errno: .noSuchFileOrDirectory)
            }
            self.runtime = runtime
            home = try TemporaryDirectory("podman")
        }

        func callAsFunction(_ arguments: [String]) throws -> Subprocess.Result {
            try Subprocess.run(
                podmanPath ?? "podman",
                [
                    "--root", home.path + "/root", "--runroot", home.path + "/run", "--tmpdir", home.path + "/tmp",
                    "--cgroup-manager=cgroupfs", "--storage-driver=vfs", "--events-backend=none", "--runtime",
                    runtime,
                ] + arguments)
        }

        /// `podman run` with the settings every test here needs.
        func run(_ arguments: [String]) throws -> Subprocess.Result {
            try self(["run", "--network=none", "--pids-limit=0"] + arguments)
        }

        /// Imports a busybox root filesystem as `localhost/bb:1`.
        func importBusybox() throws {
            let rootfs = home.path + "/rootfs"
            try FileSystem.makeDirectories(rootfs)
            try Busybox.makeRootfs(at: rootfs)
            let tarball = home.path + "/bb.tar"
            let tar = try Subprocess.run("/bin/tar", ["-C", rootfs, "-cf", tarball, "."])
            // 1: "file changed as we read it": busybox is a hard link to the
            // host's, whose ctime other suites' links change meanwhile.
            #expect(tar.code == 0 || tar.code == 1, "\(tar.standardError)")
            let imported = try self(["import", tarball, "localhost/bb:1"])
            #expect(imported.code == 0, "\(imported.standardError)")
        }

        func remove() {
            _ = try? self(["rm", "--all", "--force"])
            // Storage leaves read-only layers behind; podman's own reset removes them.
            _ = try? self(["system", "reset", "--force"])
            home.remove()
        }
    }

    @Test func runShowsOutputAndExitCode() throws {
        let podman = try Podman()
        defer { podman.remove() }
        try podman.importBusybox()
        let result = try podman.run([
            "--rm", "localhost/bb:1", "sh", "-c", "echo hello from podman; id -u; hostname; exit 3",
        ])
        #expect(result.code == 3, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "hello from podman")
        #expect(lines.dropFirst().first == "0")
        #expect(lines.count == 3)
    }

    @Test func aMissingCommandIsReportedByCreate() throws {
        let podman = try Podman()
        defer { podman.remove() }
        try podman.importBusybox()
        let result = try podman.run(["--rm", "localhost/bb:1", "no-such-command"])
        // podman maps "not found" from the runtime to 127, as with runc.
        #expect(result.code == 127)
        #expect(result.standardError.contains("exec no-such-command (PATH "), "\(result.standardError)")
        #expect(result.standardError.contains("ENOENT"))
    }

    @Test func detachedContainerIsUpThenStopEscalatesToKill() throws {
        let podman = try Podman()
        defer { podman.remove() }
        try podman.importBusybox()
        // PID 1 ignores SIGTERM without a handler: stop must escalate.
        let started = try podman.run(["-d", "--name", "sleeper", "localhost/bb:1", "sleep", "100"])
        #expect(started.code == 0, "\(started.standardError)")
        let up = try podman(["ps", "--format", "{{.Names}} {{.Status}}"])
        #expect(up.standardOutput.hasPrefix("sleeper Up"), "\(up.standardOutput)")

        let stopped = try podman(["stop", "-t", "1", "sleeper"])
        #expect(stopped.code == 0, "\(stopped.standardError)")
        let after = try podman(["ps", "-a", "--format", "{{.Names}} {{.Status}}"])
        #expect(after.standardOutput.hasPrefix("sleeper Exited (137)"), "\(after.standardOutput)")
        #expect(try podman(["rm", "sleeper"]).code == 0)
        #expect(!FileSystem.exists("/run/swctl-runtime/" + started.standardOutput.trimmingSuffixNewline))
    }

    @Test func execRunsAProcessInTheContainer() throws {
        let podman = try Podman()
        defer { podman.remove() }
        try podman.importBusybox()
        let started = try podman.run(["-d", "--name", "target", "localhost/bb:1", "sleep", "100"])
        #expect(started.code == 0, "\(started.standardError)")
        let hostname = try podman(["exec", "target", "hostname"])
        #expect(hostname.code == 0, "\(hostname.standardError)")
        // podman names the container's host after its ID.
        #expect(started.standardOutput.hasPrefix(hostname.standardOutput.trimmingSuffixNewline))
        let options = try podman([
            "exec", "-u", "65534", "-w", "/tmp", "-e", "A=b", "target", "sh", "-c", "echo $(id -u) $(pwd) $A; exit 4",
        ])
        #expect(options.code == 4, "\(options.standardError)")
        #expect(options.standardOutput == "65534 /tmp b\n")
        let missing = try podman(["exec", "target", "no-such-command"])
        #expect(missing.code == 127, "\(missing.standardError)")
    }

    @Test func stopDeliversSigtermToAHandler() throws {
        let podman = try Podman()
        defer { podman.remove() }
        try podman.importBusybox()
        let started = try podman.run([
            "-d", "--name", "trapper", "localhost/bb:1", "sh", "-c",
            "trap 'exit 7' TERM; echo ready; while :; do sleep 0.1; done",
        ])
        #expect(started.code == 0, "\(started.standardError)")
        // The handler is in place once the shell has said so.
        for _ in 0..<100 where try podman(["logs", "trapper"]).standardOutput != "ready\n" {
            Identity.sleep(milliseconds: 20)
        }
        #expect(try podman(["stop", "-t", "10", "trapper"]).code == 0)
        let after = try podman(["ps", "-a", "--format", "{{.Names}} {{.Status}}"])
        #expect(after.standardOutput.hasPrefix("trapper Exited (7)"), "\(after.standardOutput)")
    }
}

extension String {
    fileprivate var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
