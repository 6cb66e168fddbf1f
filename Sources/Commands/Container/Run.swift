import ArgumentParser
import Engine
import Syscalls

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command in a new container, as docker run does.",
        discussion: """
            Writes a transient definition /run/swctl/containers/NAME.container \
            from the options (each maps to a definition key: -p to PublishPort=, \
            -e to Environment=, -v to Volume=, --network to Network=, …), has \
            systemd load it and starts ctr@NAME.service. So the container is a \
            unit like any other: 'swctl ps', 'swctl logs', 'journalctl -u \
            ctr@NAME' and 'systemctl' all see it. The definition lasts until \
            'swctl rm NAME' or the next boot (it is under /run).

            In the foreground (no -d), run prints the container's output and \
            exits with its status (128+N when signal N killed it); SIGINT and \
            SIGTERM are passed to the container. With -t the container gets a \
            terminal relayed to this one (-it for an interactive shell). \
            Without --name, a name like brave-otter is made up. --rm removes the \
            definition once the container has stopped, however it stops. \
            Status 125 means the container could not be made or started.

            Examples:
              swctl run --rm busybox echo hello
              swctl run -d --name web -p 8080:80 localhost/web:1
              swctl run -it --rm busybox sh
              swctl run --rm -e MODE=test -v /srv/data:/data:ro busybox ls /data
            """)

    @Flag(name: .shortAndLong, help: "Start the container in the background and print its name.")
    var detach = false

    @Option(help: "The container's name (default: a generated one).")
    var name: String?

    @Flag(help: "Remove the container's definition when it stops.")
    var rm = false

    @Flag(name: .shortAndLong, help: "Keep standard input open (with -t).")
    var interactive = false

    @Flag(name: .shortAndLong, help: "Give the container a terminal.")
    var tty = false

    @Option(name: .shortAndLong, help: "Publish a port, [[IP:]HOSTPORT:]CONTAINERPORT[/PROTO] (PublishPort=).")
    var publish: [String] = []

    @Option(name: .shortAndLong, help: "Environment variable NAME=VALUE (Environment=).")
    var env: [String] = []

    @Option(help: "Read environment variables from a file (EnvironmentFile=).")
    var envFile: [String] = []

    @Option(name: .shortAndLong, help: "Bind mount SRC:DST[:OPTIONS] (Volume=).")
    var volume: [String] = []

    @Option(help: "Mount a tmpfs at PATH[:OPTIONS] (Tmpfs=).")
    var tmpfs: [String] = []

    @Option(help: "Network mode or network name (Network=).")
    var network: [String] = []

    @Option(help: "Replace the image's entrypoint (Entrypoint=).")
    var entrypoint: String?

    @Option(name: .shortAndLong, help: "Working directory inside the container (WorkingDir=).")
    var workdir: String?

    @Option(name: .shortAndLong, help: "USER[:GROUP], names or numbers (User=, Group=).")
    var user: String?

    @Option(help: "The container's host name (HostName=).")
    var hostname: String?

    @Flag(help: "Mount the root file system read-only (ReadOnly=).")
    var readOnly = false

    @Option(name: .shortAndLong, help: "Memory limit, e.g. 256M (Memory=).")
    var memory: String?

    @Option(help: "CPU limit, e.g. 1.5 (CPUs=).")
    var cpus: String?

    @Option(help: "Maximum number of processes (PidsLimit=).")
    var pidsLimit: String?

    @Option(help: "When to pull the image: missing, always, never (Pull=).")
    var pull: String?

    @Option(help: "Add a capability (AddCapability=).")
    var capAdd: [String] = []

    @Option(help: "Drop a capability, or ALL (DropCapability=).")
    var capDrop: [String] = []

    @Argument(help: "The image: a reference from 'swctl image ls' or a root file system directory.")
    var image: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (default: the image's).")
    var command: [String] = []

    func validate() throws {
        if let name, let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        if detach && tty { throw ValidationError("--detach and --tty: a detached container has no terminal to use") }
        if interactive && !tty {
            throw ValidationError(
                "-i without -t: a container's standard input is not connected; use -it for a terminal, or 'swctl exec -i'"
            )
        }
    }

    var request: RunRequest {
        RunRequest(
            image: image, command: command, entrypoint: entrypoint, terminal: tty, remove: rm, environment: env,
            environmentFiles: envFile, volumes: volume, tmpfs: tmpfs, publish: publish, networks: network,
            workdir: workdir, user: user, hostname: hostname, readOnly: readOnly, memory: memory, cpus: cpus,
            pidsLimit: pidsLimit, pull: pull, addCapabilities: capAdd, dropCapabilities: capDrop)
    }

    func run() throws {
        let context = SystemContext.live()
        let paths = StatePaths.fromEnvironment(ProcessEnvironment.current())
        let chosen: String
        if let name {
            chosen = name
            if (try? context.catalog.definition(named: name)) != nil {
                throw CommandFailure(.runFailed, "run: the name '\(name)' is in use: 'swctl rm \(name)' or pick another")
            }
        } else {
            chosen = GeneratedName.make(isTaken: { (try? context.catalog.definition(named: $0)) != nil })
        }
        let session = RunSession(request: request, name: chosen, detach: detach, context: context, paths: paths)
        let status = try session.run()
        if status != 0 { throw ContainerExit(status: status) }
    }
}
