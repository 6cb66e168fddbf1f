import ArgumentParser
import Engine
import Syscalls

struct Port: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port",
        abstract: "List a running container's published ports.",
        discussion: """
            One line per published port, as 'docker port' prints them: the \
            container's port and protocol, then the host address and port that \
            lead to it (0.0.0.0: every address of the host, 127.0.0.1 \
            included). With PORT[/PROTO] only that port's host side is printed. \
            A container that is not running is an error (exit status 6).

            Examples:
              swctl port web
              swctl port web 80/tcp
              curl http://$(swctl port web 80 | head -n 1)/
            """)

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    @Argument(help: "Only this container port (PORT or PORT/tcp, PORT/udp).")
    var port: String?

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        if let port, Self.parseFilter(port) == nil {
            throw ValidationError("'\(port)' is not PORT[/tcp|/udp] (e.g. 80 or 53/udp)")
        }
    }

    func run() throws {
        let context = SystemContext.live()
        _ = try context.runningUnit(name, action: "port \(name)")
        let paths = StatePaths.fromEnvironment(ProcessEnvironment.current())
        var bindings = PublishedPorts.all(paths: paths)[name] ?? []
        let out = OutputStream.standardOutput()
        if let port, let filter = Self.parseFilter(port) {
            bindings = bindings.filter { $0.containerPort == filter.port && $0.transport == filter.transport }
            guard !bindings.isEmpty else {
                throw CommandFailure(
                    .failure, "port \(name): no public port \(filter.port)/\(filter.transport) published")
            }
            for binding in bindings { out.line("\(binding.hostAddress):\(binding.hostPort)") }
        } else {
            for binding in bindings { out.line(binding.portLine) }
        }
        out.flush()
    }

    static func parseFilter(_ text: String) -> (port: UInt16, transport: String)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let port = UInt16(parts[0]), port > 0 else { return nil }
        let transport = parts.count == 2 ? String(parts[1]) : "tcp"
        guard transport == "tcp" || transport == "udp" else { return nil }
        return (port, transport)
    }
}
