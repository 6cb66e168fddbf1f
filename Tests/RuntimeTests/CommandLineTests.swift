import OCI
import Testing

@testable import Runtime

@Suite struct CommandLineTests {
    @Test func runWithEveryOption() throws {
        let invocation = try Invocation.parse([
            "--root", "/run/x", "--log=/tmp/log", "--log-format", "json", "--systemd-cgroup",
            "run", "-b", "/b", "--detach", "--pid-file=/p", "--preserve-fds", "2", "web",
        ])
        var global = GlobalOptions()
        global.root = "/run/x"
        global.log = "/tmp/log"
        global.logFormat = .json
        global.systemdCgroup = true
        #expect(invocation.global == global)
        #expect(
            invocation.verb == .run(RunOptions(id: "web", bundle: "/b", detach: true, pidFile: "/p", preserveFDs: 2)))
    }

    @Test func unitFileCommandLine() throws {
        let invocation = try Invocation.parse(
            ["--systemd-cgroup", "run", "--detach", "--bundle", "/run/swctl/bundles/web", "web"])
        #expect(invocation.global.root == "/run/swctl-runtime")
        #expect(invocation.verb == .run(RunOptions(id: "web", bundle: "/run/swctl/bundles/web", detach: true)))
    }

    @Test(arguments: [
        (["state", "web"], Verb.state(id: "web")),
        (["kill", "web"], .kill(id: "web", signal: 15, all: false)),
        (["kill", "web", "KILL"], .kill(id: "web", signal: 9, all: false)),
        (["kill", "--all", "web", "SIGHUP"], .kill(id: "web", signal: 1, all: true)),
        (["kill", "web", "10"], .kill(id: "web", signal: 10, all: false)),
        (["delete", "web"], .delete(id: "web", force: false)),
        (["delete", "-f", "web"], .delete(id: "web", force: true)),
        (["delete", "--force", "web"], .delete(id: "web", force: true)),
        (["features"], .features),
        (
            ["create", "-b", "/b", "--pid-file", "/p", "web"],
            .create(RunOptions(id: "web", bundle: "/b", pidFile: "/p"))
        ),
        (["start", "web"], .start(id: "web")),
        (
            ["create", "--console-socket", "/s", "web"],
            .create(RunOptions(id: "web", consoleSocket: "/s"))
        ),
        (["--help"], .help),
    ])
    func verbs(arguments: [String], verb: Verb) throws {
        #expect(try Invocation.parse(arguments).verb == verb)
    }

    @Test(arguments: [
        ([], "missing verb"),
        (["--root"], "--root needs a value"),
        (["--log-format", "xml", "state", "a"], "--log-format: 'xml' is not text or json"),
        (["--bogus", "state", "a"], "unknown option --bogus"),
        (["frobnicate"], "unknown verb frobnicate"),
        (["run"], "run: missing container id"),
        (["run", "a", "b"], "run: unexpected argument b"),
        (["run", "--tty", "a"], "run: unknown option --tty"),
        (["kill", "web", "SIGNOPE"], "kill: 'SIGNOPE' is not a signal"),
        (["state"], "state: missing container id"),
        (["exec", "a"], "exec: name a command or give --process FILE"),
        (["exec", "--user", "bob", "a", "true"], "exec: --user: 'bob' is not UID[:GID] (numbers)"),
        (["exec", "--env", "NOEQUALS", "a", "true"], "exec: --env: 'NOEQUALS' is not NAME=VALUE"),
        (["pause", "a"], "pause: not supported yet"),
        (["create", "--detach", "a"], "create: unknown option --detach"),
        (["create", "a", "--console-socket"], "--console-socket needs a value"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            try Invocation.parse(arguments)
        } throws: { error in
            guard case RuntimeError.usage(let text) = error else { return false }
            return text.hasPrefix(message)
        }
    }

    @Test(arguments: ["web", "ctr-1.2_x+y", "A", "web@blue"])
    func acceptsRuncIDs(id: String) throws {
        try StateStore.validate(id)
    }

    @Test(arguments: ["", ".", "..", ".seccomp-cache", "a/b", "a b", "ünï"])
    func rejectsIDsThatAreNotFileNames(id: String) {
        #expect(throws: RuntimeError.invalidID(id)) { try StateStore.validate(id) }
    }
}

@Suite struct ExecCommandLineTests {
    @Test func everythingAfterTheIDIsTheCommand() throws {
        let invocation = try Invocation.parse([
            "exec", "-t", "--cwd", "/tmp", "-e", "A=1", "--user", "1000:100", "-g", "5", "--pid-file", "/p", "web",
            "sh", "-c", "ls -l", "--not-ours",
        ])
        var expected = ExecOptions(id: "web")
        expected.tty = true
        expected.cwd = "/tmp"
        expected.env = ["A=1"]
        expected.user = (1000, 100)
        expected.additionalGids = [5]
        expected.pidFile = "/p"
        expected.command = ["sh", "-c", "ls -l", "--not-ours"]
        #expect(invocation.verb == .exec(expected))
    }

    @Test func theContainersProcessWithTheOptionsApplied() throws {
        let base = Process(
            user: User(uid: 0, gid: 0), args: ["sleep", "100"], env: ["PATH=/bin", "A=old"], cwd: "/",
            capabilities: Capabilities(bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"]))
        var options = ExecOptions(id: "web")
        options.command = ["env"]
        options.env = ["A=new", "B=2"]
        options.user = (1000, nil)
        options.capabilities = ["CAP_NET_RAW"]
        let process = try options.process(base: base, fromFile: nil)
        #expect(process.args == ["env"])
        #expect(process.env == ["PATH=/bin", "A=new", "B=2"])
        #expect(process.user.uid == 1000)
        #expect(process.user.gid == 0, "the container's group stays without :GID")
        #expect(process.capabilities?.bounding == ["CAP_KILL", "CAP_NET_RAW"])
        #expect(process.capabilities?.effective == ["CAP_KILL", "CAP_NET_RAW"])
        #expect(process.terminal == false)
    }
}
