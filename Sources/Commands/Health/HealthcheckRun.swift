import ArgumentParser
import Engine
import Syscalls

/// `swctl healthcheck run NAME`: one check now, as `podman healthcheck run`.
struct HealthcheckRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a container's health check now and record the result.",
        discussion: """
            Runs the check inside the running container (as 'swctl exec', killed \
            after HealthTimeout=), records the result and applies HealthRetries=, \
            HealthStartPeriod= and, when the container turns unhealthy, \
            HealthOnFailure= (kill: SIGKILL to the container's init; restart or \
            stop: the unit). While the startup check (HealthStartupCmd=) has not \
            passed HealthStartupSuccess= times, that check runs instead. With \
            Notify=healthy, the first passing check tells systemd the container is \
            ready. Exit status: 0 when the check passed, 1 when it failed \
            ("unhealthy" is printed), 6 when the container is not running.

            Examples:
              swctl healthcheck run web
            """)

    @Flag(
        help: ArgumentHelp(
            "Run as ctr-health@NAME.service does: repeat the startup check until it passes.",
            visibility: .hidden))
    var scheduled = false

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
    }

    func run() throws {
        var runner = try HealthCheckRunner(name: name, context: SystemContext.live())
        guard let passed = try runner.run(scheduled: scheduled) else { return }
        if !passed {
            if !scheduled {
                let out = OutputStream.standardOutput()
                out.write("unhealthy\n")
                out.flush()
            }
            throw ContainerExit(status: 1)
        }
    }
}
