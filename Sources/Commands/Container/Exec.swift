import ArgumentParser
import Bundles
import Glibc
import Syscalls
import Systemd

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside a running container.",
        discussion: """
            The command runs in all of the container's namespaces and in its \
            cgroup (so systemd accounts for it and 'swctl stop' ends it), with \
            the container's capabilities, seccomp filter, AppArmor profile, \
            no_new_privs, environment and user unless overridden. Its exit \
            status is exec's (126: could not be run, 127: not found).

            Without -i the command's standard input is /dev/null; with -t it \
            gets a new terminal (a pty in the container) relayed to this one \
            in raw mode, window size included.

            Examples:
              swctl exec web cat /etc/hostname
              swctl exec -it web sh
              swctl exec -u nobody -w /tmp -e DEBUG=1 web env
              swctl exec -d web /usr/local/bin/warm-cache
            """)

    @Flag(name: .shortAndLong, help: "Keep standard input open.")
    var interactive = false

    @Flag(name: .shortAndLong, help: "Give the command a terminal.")
    var tty = false

    @Flag(name: .shortAndLong, help: "Leave the command running in the background.")
    var detach = false

    @Option(
        name: .shortAndLong, help: "User (name or UID, optionally :group) to run as, from the container's /etc/passwd.")
    var user: String?

    @Option(name: .shortAndLong, help: "Working directory inside the container.")
    var workdir: String?

    @Option(name: .shortAndLong, help: "Environment variable NAME=VALUE (repeatable).")
    var env: [String] = []

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        guard !command.isEmpty else { throw ValidationError("name the command to run") }
        if detach && tty { throw ValidationError("--detach and --tty: a detached command has no terminal to use") }
        for entry in env where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--env: '\(entry)' is not NAME=VALUE")
        }
        if let workdir, !workdir.hasPrefix("/") {
            throw ValidationError("--workdir: '\(workdir)' is not an absolute path")
        }
    }

    func run() throws {
        let context = SystemContext.live()
        let action = "exec \(name)"
        let unit = try context.runningUnit(name, action: action)
        guard let runtime = ChildProcess.ownDirectory().map({ $0 + "/swctl-runtime" }) else {
            throw CommandFailure(.failure, "\(action): cannot find swctl-runtime next to swctl")
        }
        var arguments = [runtime, "exec"]
        if tty { arguments.append("--tty") }
        if detach { arguments.append("--detach") }
        if let user {
            let resolved = try resolve(user, mainPID: unit.mainPID, action: action)
            arguments += ["--user", "\(resolved.uid):\(resolved.gid)"]
            if !resolved.additionalGids.isEmpty {
                arguments += resolved.additionalGids.flatMap { ["--additional-gids", String($0)] }
            }
        }
        if let workdir { arguments += ["--cwd", workdir] }
        arguments += env.flatMap { ["--env", $0] }
        arguments += [name] + command
        if !interactive && !tty {
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if null >= 0 {
                dup2(null, STDIN_FILENO)
                close(null)
            }
        }
        // The runtime takes over this process: its exit status is the command's.
        let failure = ChildProcess.replaceCurrentProcess(with: runtime, arguments: arguments)
        throw CommandFailure(.failure, "\(action): \(failure)")
    }

    /// `USER[:GROUP]` by name or number, from the container's own files
    /// (reached through its init's root, so links resolve inside it).
    private func resolve(_ spec: String, mainPID: UInt32, action: String) throws(CommandFailure) -> ResolvedUser {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let root = "/proc/\(mainPID)/root"
        let passwd = (try? FileSystem.readTextFile(root + "/etc/passwd")).map(parsePasswd) ?? []
        let groups = (try? FileSystem.readTextFile(root + "/etc/group")).map(parseGroup) ?? []
        do {
            return try resolveUser(
                user: parts.first, group: parts.count > 1 ? parts[1] : nil, passwd: passwd, groups: groups)
        } catch {
            throw CommandFailure(.failure, "\(action): --user \(spec): \(error.description)")
        }
    }
}
