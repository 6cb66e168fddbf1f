import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// `process.terminal` with `--console-socket`: a receiver like runc's
/// recvtty or podman's conmon takes the pty master, types into the shell
/// and reads what it prints; runc on the same bundle must agree.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct TerminalSerialTests {
    struct Session {
        var name: String
        var output: String
        var exit: Syscalls.ExitStatus
    }

    /// Starts `runtime run -d --console-socket` on the bundle, receives the
    /// master, types `input`, reads until the shell is gone, and waits for
    /// the container's exit (this process is a subreaper meanwhile, so the
    /// detached container becomes its child).
    func session(runtime: String, root: String, bundle: TestBundle, id: String, input: String) throws -> Session {
        let socketPath = bundle.path + "/\(id).sock"
        let listener = try TerminalSocket.listen(at: socketPath)
        defer {
            listener.close()
            try? FileSystem.removeFile(socketPath)
        }
        #expect(ProcessSpawn.setChildSubreaper(true) == nil)
        defer { _ = ProcessSpawn.setChildSubreaper(false) }
        let pidFile = bundle.path + "/pid"
        let started = try Subprocess.run(
            runtime,
            [
                "--root", root, "run", "--detach", "--console-socket", socketPath, "--pid-file", pidFile, "-b",
                bundle.path, id,
            ])
        #expect(started.code == 0, "\(started.standardError)")
        let connection = try listener.accept(timeoutMilliseconds: 10_000)
        defer { connection.close() }
        let (name, master) = try connection.receiveDescriptor()
        defer { master.close() }
        try master.writeAll(Array(input.utf8))
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // EIO once the last holder of the slave (the shell) is gone.
        while try master.waitUntilReadable(timeoutMilliseconds: 10_000) {
            guard let count = try? chunk.withUnsafeMutableBytes({ try master.read(into: $0) }), count > 0 else { break }
            output += chunk[0..<count]
        }
        let pid = try #require(Int32(try FileSystem.readTextFile(pidFile)))
        let exit = try Processes.wait(pid)
        _ = try Subprocess.run(runtime, ["--root", root, "delete", "-f", id])
        return Session(name: name, output: String(decoding: output, as: UTF8.self), exit: exit)
    }

    func terminalSpec() throws -> Spec {
        var spec = try baseSpec(["sh"])
        spec.process?.terminal = true
        spec.process?.consoleSize = ConsoleSize(height: 40, width: 100)
        return spec
    }

    /// Lines the shell printed, without the echo of what was typed.
    func printed(_ output: String) -> [String] {
        output.split(separator: "\r\n").map(String.init).filter { !$0.contains("echo hi") }
    }

    @Test func shellOnTheTerminalAnswersLikeUnderRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try terminalSpec())
        defer { bundle.remove() }
        let input = "echo hi; tty; stty size; ls -l /dev/console | cut -c1; exit 3\n"
        let ours = try session(
            runtime: harness.runtime, root: harness.state.path, bundle: bundle, id: RuntimeHarness.id("tty"),
            input: input)
        #expect(ours.name == "/dev/ptmx")
        #expect(ours.exit == .exited(3))
        let lines = printed(ours.output)
        #expect(lines.contains("hi"))
        #expect(lines.contains("/dev/pts/0"))
        #expect(lines.contains("40 100"), "process.consoleSize")
        #expect(lines.contains("c"), "/dev/console is the pty")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + RuntimeHarness.id("tty")))

        if let runc = Ring.runcPath {
            let theirs = try session(
                runtime: runc, root: harness.state.path + "/runc", bundle: bundle, id: RuntimeHarness.id("runc-tty"),
                input: input)
            #expect(theirs.name == ours.name)
            #expect(theirs.exit == ours.exit)
            #expect(printed(theirs.output).filter { !$0.isEmpty } == lines.filter { !$0.isEmpty })
        }
    }

    /// Runs `runtime run` in the foreground with a terminal of its own (a
    /// host pty as its stdio, as in an interactive shell), waits for the
    /// container's prompt, types `input` and collects the output.
    func foregroundSession(runtime: String, root: String, bundle: TestBundle, id: String, input: String) throws
        -> (output: String, code: Int32)
    {
        let master = try Terminal.openMaster("/dev/ptmx").get()
        defer { Terminal.close(master) }
        if let error = Terminal.unlock(master) { throw SyscallError("unlock pty", errno: error) }
        let slave = try Terminal.openPeer(master).get()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, target) }
        let arguments = [runtime, "--root", root, "run", "-b", bundle.path, id]
        let argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, runtime, &actions, nil, base, environ)
        }
        Terminal.close(slave)
        guard spawned == 0 else { throw SyscallError("spawn \(runtime)", errno: Errno(rawValue: spawned)) }
        let reader = FileDescriptor(rawValue: master)
        var output: [UInt8] = []
        var typed = false
        var status: Syscalls.ExitStatus?
        for _ in 0..<200 where status == nil {
            if try Poll.readable([reader], timeoutMilliseconds: 50)[0], let bytes = reader.readSome() {
                output += bytes
            }
            if !typed, String(decoding: output, as: UTF8.self).contains("/ # ") {
                try reader.writeAll(Array(input.utf8))
                typed = true
            }
            status = try Processes.poll(pid)
        }
        while try Poll.readable([reader], timeoutMilliseconds: 0)[0], let bytes = reader.readSome() { output += bytes }
        if status == nil {
            try? Processes.kill(pid, signal: 9)
            status = try Processes.wait(pid)
        }
        let code: Int32
        switch status {
        case .exited(let value): code = value
        case .signaled(let signal): code = 128 + signal
        case nil: code = -1
        }
        return (String(decoding: output, as: UTF8.self), code)
    }

    @Test func foregroundRunRelaysTheTerminalLikeRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let bundle = try makeBundle(try terminalSpec())
        defer { bundle.remove() }
        let input = "echo hi; tty; stty size; exit 3\r"
        let id = RuntimeHarness.id("fgtty")
        let ours = try foregroundSession(
            runtime: harness.runtime, root: harness.state.path, bundle: bundle, id: id, input: input)
        #expect(ours.code == 3, "\(ours.output)")
        let lines = printed(ours.output)
        #expect(lines.contains("hi"))
        #expect(lines.contains("/dev/pts/0"))
        #expect(lines.contains("40 100"), "process.consoleSize, as the runtime's own terminal has no size")
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        if let runc = Ring.runcPath {
            let theirs = try foregroundSession(
                runtime: runc, root: harness.state.path + "/runc", bundle: bundle, id: RuntimeHarness.id("runc-fgtty"),
                input: input)
            #expect(theirs.code == ours.code, "\(theirs.output)")
            // runc gives the container's terminal its own size even when
            // that is 0x0, so `stty size` is left out of the comparison.
            let expected = ["hi", "/dev/pts/0"]
            #expect(printed(theirs.output).filter(expected.contains) == lines.filter(expected.contains))
        }
    }

    @Test func terminalRulesMatchRunc() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let withTerminal = try makeBundle(try terminalSpec())
        defer { withTerminal.remove() }
        let without = try makeBundle(try baseSpec(["true"]))
        defer { without.remove() }
        let socket = withTerminal.path + "/unused.sock"
        let listener = try TerminalSocket.listen(at: socket)
        defer { listener.close() }
        let cases: [(String, [String], TestBundle, String)] = [
            ("create-no-socket", ["create"], withTerminal, "a detached container needs --console-socket"),
            ("detach-no-socket", ["run", "-d"], withTerminal, "a detached container needs --console-socket"),
            ("socket-no-terminal", ["create", "--console-socket", socket], without, "--console-socket"),
            ("socket-foreground", ["run", "--console-socket", socket], withTerminal, "--console-socket"),
        ]
        for (name, verb, bundle, message) in cases {
            let id = RuntimeHarness.id(name)
            let ours = try harness(verb + ["-b", bundle.path, id])
            #expect(ours.code != 0, "\(name)")
            #expect(ours.standardError.contains(message), "\(name): \(ours.standardError)")
            #expect(!FileSystem.exists(harness.state.path + "/" + id), "\(name): nothing left")
            #expect(!FileSystem.exists("/sys/fs/cgroup/" + id), "\(name): nothing left")
            if let runc = Ring.runcPath {
                let theirs = try Subprocess.run(
                    runc, ["--root", harness.state.path + "/runc"] + verb + ["-b", bundle.path, "runc-" + id])
                #expect(theirs.code != 0, "\(name) under runc")
            }
        }
    }
}
