import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

@testable import Runtime

/// OCI hooks on the built runtime: each hook records its kind, argv,
/// environment, stdin (the state), mount namespace and what it sees of the
/// rootfs into files, so the tests check what a hook author would.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct HooksSerialTests {
    /// The recording hook. Runtime hooks use the host's /bin/sh; the
    /// startContainer copy in the rootfs runs on busybox inside the
    /// container, where the output directory is mounted on /out.
    static let script = """
        #!/bin/sh
        kind=$1
        out=$2
        echo "$kind" >> "$out/order"
        cat > "$out/$kind.stdin"
        echo "$*" > "$out/$kind.argv"
        env | grep -v -e '^PWD=' -e '^SHLVL=' -e '^_=' | sort > "$out/$kind.env"
        readlink /proc/self/ns/mnt > "$out/$kind.mntns"
        readlink /proc/self/ns/pid > "$out/$kind.pidns"
        if [ -e only-in-rootfs ]; then echo yes; else echo no; fi > "$out/$kind.rootfs"
        """

    /// A bundle whose hooks record into `out`, with `extra` hooks appended per kind.
    struct Setup {
        let bundle: TestBundle
        let out: TemporaryDirectory
        let hookPath: String

        /// `extra` gets the output directory.
        init(
            args: [String] = ["true"], extra: (String) -> [HookKind: [Hook]] = { _ in [:] },
            edit: (inout Spec) -> Void = { _ in }
        ) throws {
            out = try TemporaryDirectory("hooks-out")
            chmod(out.path, 0o777)
            var spec = try baseSpec(args)
            spec.mounts?.append(Mount(destination: "/out", type: "bind", source: out.path, options: ["rbind"]))
            bundle = try makeBundle(spec)
            hookPath = out.path + "/hook.sh"
            try out.write("hook.sh", HooksSerialTests.script)
            chmod(hookPath, 0o755)
            try FileSystem.writeFileAtomically(bundle.rootfs + "/hook.sh", text: HooksSerialTests.script)
            chmod(bundle.rootfs + "/hook.sh", 0o755)
            try FileSystem.writeFileAtomically(bundle.rootfs + "/only-in-rootfs", text: "")
            var hooks = Hooks()
            for kind in HookKind.allCases {
                let inContainer = kind == .startContainer
                let hook = Hook(
                    path: inContainer ? "/hook.sh" : hookPath,
                    args: ["hook.sh", kind.rawValue, inContainer ? "/out" : out.path],
                    env: ["PATH=/usr/bin:/bin", "HOOK=\(kind.rawValue)"])
                hooks.set(kind, [hook] + (extra(out.path)[kind] ?? []))
            }
            spec.hooks = hooks
            edit(&spec)
            try bundle.writeConfig(try JSONEncoder().encode(spec))
        }

        func remove() {
            bundle.remove()
            out.remove()
        }

        var order: [String] {
            ((try? FileSystem.readTextFile(out.path + "/order")) ?? "").split(separator: "\n").map(String.init)
        }

        func read(_ kind: HookKind, _ what: String) -> String? {
            try? FileSystem.readTextFile(out.path + "/\(kind.rawValue).\(what)")
        }

        func state(_ kind: HookKind) throws -> State {
            try JSONDecoder().decode(State.self, from: try #require(read(kind, "stdin")))
        }
    }

    /// A hook that records `KIND-failing` into the order file in `out` and fails.
    static func failing(_ kind: HookKind, _ out: String) -> Hook {
        Hook(path: "/bin/sh", args: ["sh", "-c", "echo \(kind.rawValue)-failing >> \(out)/order; exit 1"])
    }

    /// A hook after the failing one (must not run for create-time kinds).
    static func after(_ kind: HookKind, _ out: String) -> Hook {
        Hook(path: "/bin/sh", args: ["sh", "-c", "echo \(kind.rawValue)-after >> \(out)/order"])
    }

    @Test func allSixRunInLifecycleOrderWithTheStateOnStdin() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup()
        defer { setup.remove() }
        let id = RuntimeHarness.id("hooks")
        let pidFile = setup.bundle.path + "/pid"
        // Nothing of the runtime's environment reaches a hook.
        let created = try harness(
            ["create", "--pid-file", pidFile, "-b", setup.bundle.path, id], addingEnvironment: ["LEAK=1"])
        #expect(created.code == 0, "\(created.standardError)")
        #expect(setup.order == ["prestart", "createRuntime", "createContainer"])
        let started = try harness(["start", id], addingEnvironment: ["LEAK=1"])
        #expect(started.code == 0, "\(started.standardError)")
        #expect(setup.order == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart"])
        for _ in 0..<200 where try harness(["state", id]).standardOutput.contains("running") {
            Identity.sleep(milliseconds: 10)
        }
        let deleted = try harness(["delete", id], addingEnvironment: ["LEAK=1"])
        #expect(deleted.code == 0, "\(deleted.standardError)")
        #expect(setup.order == HookKind.allCases.map(\.rawValue))

        let pid = try #require(Int32(try FileSystem.readTextFile(pidFile)))
        let expected: [HookKind: ContainerStatus] = [
            .prestart: .creating, .createRuntime: .creating, .createContainer: .creating, .startContainer: .created,
            .poststart: .running, .poststop: .stopped,
        ]
        for kind in HookKind.allCases {
            let state = try setup.state(kind)
            #expect(state.id == id, "\(kind)")
            #expect(state.bundle == setup.bundle.path, "\(kind)")
            #expect(state.status == expected[kind], "\(kind)")
            // The host's view of the PID (runc gives createContainer and
            // startContainer the PID inside the container instead).
            #expect(state.pid == (kind == .poststop ? nil : pid), "\(kind)")
            let out = kind == .startContainer ? "/out" : setup.out.path
            #expect(setup.read(kind, "argv") == "\(kind.rawValue) \(out)\n", "argv[0] is not passed to $*")
            #expect(setup.read(kind, "env") == "HOOK=\(kind.rawValue)\nPATH=/usr/bin:/bin\n", "\(kind)")
        }
    }

    @Test func createContainerAndStartContainerRunInTheContainersMountNamespace() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup()
        defer { setup.remove() }
        let id = RuntimeHarness.id("hookns")
        let result = try harness(["run", "-b", setup.bundle.path, id])
        #expect(result.code == 0, "\(result.standardError)")
        #expect(setup.order == HookKind.allCases.map(\.rawValue), "run: the same order as create, start, delete")
        let host = try FileSystem.readLink("/proc/self/ns/mnt") + "\n"
        for kind in [HookKind.prestart, .createRuntime, .poststart, .poststop] {
            #expect(setup.read(kind, "mntns") == host, "\(kind) runs in the runtime's namespace")
            #expect(setup.read(kind, "rootfs") == "no\n", "\(kind)")
        }
        let container = try #require(setup.read(.createContainer, "mntns"))
        #expect(container != host)
        #expect(setup.read(.startContainer, "mntns") == container)
        // createContainer: before pivot_root, in the rootfs directory;
        // startContainer: inside the container, whose / is the rootfs.
        #expect(setup.read(.createContainer, "rootfs") == "yes\n")
        #expect(setup.read(.startContainer, "rootfs") == "yes\n")
    }

    @Test(arguments: [HookKind.prestart, .createRuntime, .createContainer])
    func failingCreateHookFailsCreateAndLeavesNothing(kind: HookKind) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let broken = try Setup(extra: { out in [kind: [Self.failing(kind, out), Self.after(kind, out)]] })
        defer { broken.remove() }
        let id = RuntimeHarness.id("hookfail")
        let result = try harness(["create", "-b", broken.bundle.path, id])
        #expect(result.code == 1)
        #expect(result.standardError == "swctl-runtime: \(id): hooks.\(kind.rawValue)[1] (/bin/sh): exit status 1\n")
        // The hooks up to the failing one ran, none after it; poststop ran
        // (the lifecycle goes on at delete), and nothing is left.
        let upTo = HookKind.allCases.prefix { $0 != kind }.map(\.rawValue)
        #expect(broken.order == upTo + [kind.rawValue, "\(kind.rawValue)-failing", "poststop"])
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        #expect(try harness(["state", id]).code == 1)
        let mountinfo = try FileSystem.readTextFile("/proc/self/mountinfo")
        #expect(!mountinfo.contains(broken.bundle.path))
    }

    @Test func failingCreateHookFailsUnderRuncToo() throws {
        let runc = try #require(Ring.runcPath)
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup(extra: { out in [.createRuntime: [Self.failing(.createRuntime, out)]] })
        defer { setup.remove() }
        let id = RuntimeHarness.id("runc-hookfail")
        let result = try Subprocess.run(
            runc, ["--root", harness.state.path + "/runc", "create", "-b", setup.bundle.path, id])
        #expect(result.code == 1)
        #expect(setup.order == ["prestart", "createRuntime", "createRuntime-failing", "poststop"])
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
    }

    @Test func hooksSeeWhatTheySeeUnderRunc() throws {
        let runc = try #require(Ring.runcPath)
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup()
        defer { setup.remove() }
        func collect(_ runtime: String, _ root: String, _ id: String) throws -> [HookKind: State] {
            try? FileSystem.removeTree(setup.out.path + "/order")
            let result = try Subprocess.run(runtime, ["--root", root, "run", "-b", setup.bundle.path, id])
            #expect(result.code == 0, "\(runtime): \(result.standardError)")
            var states: [HookKind: State] = [:]
            for kind in HookKind.allCases { states[kind] = try setup.state(kind) }
            #expect(Set(setup.order) == Set(HookKind.allCases.map(\.rawValue)), "\(runtime): each hook ran once")
            #expect(Array(setup.order.prefix(3)) == ["prestart", "createRuntime", "createContainer"], "\(runtime)")
            #expect(setup.order.last == "poststop", "\(runtime)")
            return states
        }
        let ours = try collect(harness.runtime, harness.state.path, "hookdiff")
        let theirs = try collect(runc, harness.state.path + "/runc", "hookdiff")
        for kind in HookKind.allCases {
            let (a, b) = (try #require(ours[kind]), try #require(theirs[kind]))
            #expect(a.id == b.id && a.bundle == b.bundle, "\(kind)")
            #expect((a.pid == nil) == (b.pid == nil), "\(kind): a pid where runc gives one")
            // runc 1.1 reports `created` to poststart (it runs before
            // startContainer there); the spec's lifecycle says running.
            if kind != .poststart { #expect(a.status == b.status, "\(kind)") }
        }
        for kind in [HookKind.prestart, .createRuntime] {
            #expect(ours[kind]?.pid == ours[.poststart]?.pid, "\(kind): the init's PID on the host")
        }
    }

    @Test func timeoutKillsTheHookAndFailsCreate() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        for kind in [HookKind.createRuntime, .createContainer] {
            let setup = try Setup(extra: { _ in [kind: [Hook(path: "/bin/sleep", args: ["sleep", "30"], timeout: 1)]] })
            defer { setup.remove() }
            let id = RuntimeHarness.id("hooktimeout-\(kind.rawValue)")
            let before = Identity.monotonicNanoseconds()
            let result = try harness(["run", "-b", setup.bundle.path, id])
            let elapsed = (Identity.monotonicNanoseconds() - before) / 1_000_000
            #expect(result.code == 1)
            #expect(
                result.standardError.hasPrefix(
                    "swctl-runtime: \(id): hooks.\(kind.rawValue)[1] (/bin/sleep): killed at its timeout"))
            #expect(elapsed < 10_000, "killed after 1 s, not after the 30 s of sleep")
            #expect(!FileSystem.exists(harness.state.path + "/" + id))
            #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
        }
    }

    @Test func failingStartContainerHookFailsStartAndStopsTheContainer() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup(args: ["sleep", "60"], extra: { _ in [.startContainer: [Hook(path: "/bin/false")]] })
        defer { setup.remove() }
        let id = RuntimeHarness.id("hookstart")
        // The container's stderr is create's: kept in a file to read later.
        let containerErrors = setup.out.path + "/container.stderr"
        let created = try Subprocess.run(
            "/bin/sh",
            [
                "-c",
                "exec \(harness.runtime) --root \(harness.state.path) create -b \(setup.bundle.path) \(id) 2>\(containerErrors)",
            ])
        #expect(created.code == 0)
        let started = try harness(["start", id])
        #expect(started.code == 1)
        #expect(started.standardError.contains("a startContainer hook failed and the container stopped"))
        #expect(
            try FileSystem.readTextFile(containerErrors)
                == "swctl-runtime: \(id): hooks.startContainer[1] (/bin/false): exit status 1\n")
        #expect(!setup.order.contains("poststart"), "the process never started")
        var status = ContainerStatus.running
        for _ in 0..<200 where status != .stopped {
            Identity.sleep(milliseconds: 10)
            status = try JSONDecoder().decode(State.self, from: try harness(["state", id]).standardOutput).status
        }
        #expect(status == .stopped)
        #expect(try harness(["delete", id]).code == 0)
        #expect(setup.order.last == "poststop")
        #expect(!FileSystem.exists("/sys/fs/cgroup/" + id))
    }

    @Test func failingPoststartAndPoststopHooksAreWarnings() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup(extra: { out in
            [
                .poststart: [Self.failing(.poststart, out), Self.after(.poststart, out)],
                .poststop: [Self.failing(.poststop, out), Self.after(.poststop, out)],
            ]
        })
        defer { setup.remove() }
        let id = RuntimeHarness.id("hookwarn")
        #expect(try harness(["create", "-b", setup.bundle.path, id]).code == 0)
        let started = try harness(["start", id])
        #expect(started.code == 0, "\(started.standardError)")
        #expect(
            started.standardError == "swctl-runtime: \(id): hooks.poststart[1] (/bin/sh): exit status 1, continuing\n")
        let deleted = try harness(["delete", "-f", id])
        #expect(deleted.code == 0)
        #expect(
            deleted.standardError == "swctl-runtime: \(id): hooks.poststop[1] (/bin/sh): exit status 1, continuing\n")
        #expect(
            setup.order == [
                "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststart-failing",
                "poststart-after", "poststop", "poststop-failing", "poststop-after",
            ])
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
    }

    @Test func hooksRunForADetachedRunUnderSystemd() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup(args: ["sleep", "60"])
        defer { setup.remove() }
        let socketPath = setup.bundle.path + "/notify"
        let socket = try UnixDatagramSocket(boundTo: socketPath)
        defer { socket.close() }
        try socket.setReceiveTimeout(milliseconds: 10_000)
        let id = RuntimeHarness.id("hooksd")
        let running = try harness.start(
            ["--systemd-cgroup", "run", "--detach", "-b", setup.bundle.path, id],
            addingEnvironment: ["NOTIFY_SOCKET=" + socketPath])
        _ = try socket.receive()
        let barrier = try socket.receive()
        barrier.fd?.close()
        let finished = try running.wait()
        #expect(finished.code == 0, "\(finished.standardError)")
        #expect(setup.order == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart"])
        let pid = try #require(try setup.state(.poststart).pid)
        #expect(try harness(["delete", "-f", id]).code == 0)
        #expect(try Processes.wait(pid) == .signaled(9))
        #expect(setup.order.last == "poststop")
    }

    @Test func runtimeHooksStayInTheRuntimesPIDNamespaceWhenTheContainerJoinsAnother() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let first = try makeBundle(try baseSpec(["sleep", "60"]))
        defer { first.remove() }
        let firstID = RuntimeHarness.id("pidns-owner")
        #expect(try harness(["run", "-d", "--pid-file", first.path + "/pid", "-b", first.path, firstID]).code == 0)
        defer { _ = try? harness(["delete", "-f", firstID]) }
        let owner = try FileSystem.readTextFile(first.path + "/pid")
        let setup = try Setup(edit: { spec in
            let namespaces = spec.linux?.namespaces ?? []
            spec.linux?.namespaces = namespaces.map {
                $0.type == .pid ? Namespace(type: .pid, path: "/proc/\(owner)/ns/pid") : $0
            }
        })
        defer { setup.remove() }
        let result = try harness(["run", "-b", setup.bundle.path, RuntimeHarness.id("pidns-joiner")])
        #expect(result.code == 0, "\(result.standardError)")
        let own = try FileSystem.readLink("/proc/self/ns/pid") + "\n"
        let joined = try FileSystem.readLink("/proc/\(owner)/ns/pid") + "\n"
        for kind in [HookKind.prestart, .createRuntime, .poststart, .poststop] {
            #expect(setup.read(kind, "pidns") == own, "\(kind)")
        }
        #expect(setup.read(.startContainer, "pidns") == joined)
    }

    @Test func hookWithRelativePathIsRefusedBeforeAnythingRuns() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let setup = try Setup(edit: { spec in spec.hooks?.createRuntime = [Hook(path: "hook.sh")] })
        defer { setup.remove() }
        let id = RuntimeHarness.id("hookpath")
        let result = try harness(["run", "-b", setup.bundle.path, id])
        #expect(result.code == 1)
        #expect(
            result.standardError
                == "swctl-runtime: \(id): config.json: hooks.createRuntime[0].path 'hook.sh' is not absolute\n")
        #expect(setup.order.isEmpty)
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
    }
}

extension Hooks {
    fileprivate mutating func set(_ kind: HookKind, _ hooks: [Hook]) {
        switch kind {
        case .prestart: prestart = hooks
        case .createRuntime: createRuntime = hooks
        case .createContainer: createContainer = hooks
        case .startContainer: startContainer = hooks
        case .poststart: poststart = hooks
        case .poststop: poststop = hooks
        }
    }
}

/// Where hooks and the terminal sit in the init, and how hooks run and
/// fail, without root (ring 0).
@Suite struct HookPlacementTests {
    private func spec(_ edit: (inout Spec) -> Void = { _ in }) -> Spec {
        var spec = Spec(
            process: Process(args: ["/bin/true"]), root: Root(path: "/nonexistent-rootfs"),
            linux: Linux(namespaces: [Namespace(type: .mount)]))
        spec.mounts = [Mount(destination: "/proc", type: "proc", source: "proc")]
        spec.linux?.maskedPaths = ["/proc/kcore"]
        spec.hooks = Hooks(
            createRuntime: [Hook(path: "/r")], createContainer: [Hook(path: "/c")], startContainer: [Hook(path: "/s")])
        edit(&spec)
        return spec
    }

    @Test func createHooksWaitBeforePivotRootAndTheTerminalFollowsIt() throws {
        let directory = try TemporaryDirectory("console")
        defer { directory.remove() }
        let listener = try TerminalSocket.listen(at: directory.path + "/s")
        defer { listener.close() }
        let terminal = InitTerminal(
            socket: try TerminalSocket.connect(to: directory.path + "/s"), path: directory.path + "/s",
            size: ConsoleSize(height: 24, width: 80))
        defer { terminal.close() }
        let specification = spec { $0.process?.terminal = true }
        let hooks = try #require(try InitHooks(specification.hooks, id: "web", waitsForStart: false))
        defer { hooks.close() }
        let sequence = try InitSequence(spec: specification, bundle: "/b", hooks: hooks, terminal: terminal)
        let order = sequence.descriptions.filter { !$0.hasPrefix("create device") && !$0.hasPrefix("symlink") }
        let pivot = try #require(order.firstIndex(of: "pivot_root to /nonexistent-rootfs"))
        #expect(
            Array(order[(pivot - 3)...(pivot + 6)]) == [
                "mount proc on /proc", "wait for the prestart and createRuntime hooks", "hooks.createContainer[0] (/c)",
                "pivot_root to /nonexistent-rootfs", "open a pty on /dev/ptmx in the container",
                "set the terminal size to 24 rows, 80 columns", "bind the pty onto /dev/console",
                "send the pty master to the console socket \(directory.path)/s",
                "make the pty the controlling terminal and stdio", "mask /proc/kcore",
            ])
        #expect(Array(order.suffix(2)) == ["hooks.startContainer[0] (/s)", "exec /bin/true"])
    }

    @Test func withoutHooksOrTerminalNothingIsAdded() throws {
        #expect(try InitHooks(Hooks(poststart: [Hook(path: "/p")]), id: "web", waitsForStart: true) == nil)
        let sequence = try InitSequence(spec: spec { $0.hooks = nil }, bundle: "/b")
        #expect(!sequence.descriptions.contains { $0.contains("hook") || $0.contains("pty") })
    }

    @Test(arguments: [
        (Hook(path: "bin/x"), "hooks.poststop[0].path 'bin/x' is not absolute"),
        (Hook(path: "/x", timeout: 0), "hooks.poststop[0].timeout 0 is not a positive number of seconds"),
    ])
    func invalidHooksAreRefused(hook: Hook, message: String) {
        #expect(throws: RuntimeError.invalidSpec(message)) {
            try Hooks.validate(Hooks(poststop: [hook]))
        }
    }

    @Test func terminalNeedsASocketWhenDetachedAndTheSocketNeedsATerminal() throws {
        let terminal = Process(terminal: true, args: ["sh"])
        let plain = Process(args: ["sh"])
        #expect(throws: RuntimeError.self) {
            try ConsoleRequest(socketPath: nil, detached: true).terminal(for: terminal)
        }
        #expect(throws: RuntimeError.self) { try ConsoleRequest(socketPath: "/s", detached: true).terminal(for: plain) }
        #expect(throws: RuntimeError.self) {
            try ConsoleRequest(socketPath: "/s", detached: false).terminal(for: terminal)
        }
        #expect(try ConsoleRequest(socketPath: nil, detached: true).terminal(for: plain) == nil)
        // In the foreground the runtime relays the terminal itself.
        let foreground = ConsoleRequest(socketPath: nil, detached: false)
        defer { foreground.close() }
        let relayed = try #require(try foreground.terminal(for: terminal))
        relayed.close()
        #expect(foreground.relayEnd != nil)
    }

    @Test func aHookReadsTheStateAndOnlyItsOwnEnvironment() throws {
        let directory = try TemporaryDirectory("hookrun")
        defer { directory.remove() }
        let state = State(id: "web", status: .creating, pid: 42, bundle: "/b")
        try HookRunner.run(
            .createRuntime,
            [
                Hook(
                    path: "/bin/sh", args: ["sh", "-c", "cat > \(directory.path)/stdin; env > \(directory.path)/env"],
                    env: ["ONLY=this"]),
                Hook(path: "/bin/sh", args: ["sh", "-c", "cat > \(directory.path)/again"]),
            ], state: state)
        let document = #"{"ociVersion":"\#(ociSpecVersion)","id":"web","status":"creating","pid":42,"bundle":"/b"}"#
        #expect(try FileSystem.readTextFile(directory.path + "/stdin") == document)
        #expect(try FileSystem.readTextFile(directory.path + "/again") == document, "each hook reads it all")
        let environment = try FileSystem.readTextFile(directory.path + "/env").split(separator: "\n")
        #expect(environment.contains("ONLY=this"))
        #expect(!environment.contains { $0.hasPrefix("HOME=") || $0.hasPrefix("PATH=") })
    }

    @Test func aFailingHookIsNamedWithItsStatusAndOutput() {
        let state = State(id: "web", status: .creating, pid: 42, bundle: "/b")
        #expect(
            throws: RuntimeError.hook("hooks.prestart[1] (/bin/sh): exit status 3, output: no network / giving up")
        ) {
            try HookRunner.run(
                .prestart,
                [
                    Hook(path: "/bin/true"),
                    Hook(path: "/bin/sh", args: ["sh", "-c", "echo no network; echo giving up >&2; exit 3"]),
                ], state: state)
        }
        #expect(
            throws: RuntimeError.hook("hooks.prestart[0] (/nonexistent): start: ENOENT (no such file or directory)")
        ) {
            try HookRunner.run(.prestart, [Hook(path: "/nonexistent")], state: state)
        }
    }

    @Test func aHookIsKilledAtItsTimeout() {
        let state = State(id: "web", status: .creating, pid: 42, bundle: "/b")
        let before = Identity.monotonicNanoseconds()
        #expect(throws: RuntimeError.hook("hooks.createRuntime[0] (/bin/sleep): killed at its timeout of 1 s")) {
            try HookRunner.run(
                .createRuntime, [Hook(path: "/bin/sleep", args: ["sleep", "30"], timeout: 1)], state: state)
        }
        #expect((Identity.monotonicNanoseconds() - before) / 1_000_000 < 5_000)
    }
}
