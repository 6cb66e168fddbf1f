import ArgumentParser
import Engine
import Syscalls

/// `swctl stop-signal NAME`: the unit's ExecStop. Sends the stop signal
/// `prepare` recorded (the definition's StopSignal=, else the image's) to
/// the container's init and waits for it to end.
struct StopSignal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop-signal",
        abstract: "Send a container's stop signal to its init (run by ctr@.service).",
        discussion: """
            Run by systemd as ExecStop of ctr@NAME.service with $MAINPID set: reads the stop \
            signal from /run/swctl/bundles/NAME/config.json (annotation \
            org.opencontainers.image.stopSignal), sends it to the container's init and waits \
            until it ends; when systemd's TimeoutStopSec= passes (systemd signals this process) \
            the init gets SIGKILL. Does nothing when there is no main process or the signal is SIGTERM, \
            which systemd's KillSignal= sends next anyway.

            Example:
              MAINPID=1234 swctl stop-signal web
            """,
        shouldDisplay: false)

    @Argument(help: "The container's name.")
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let sender = StopSignalSender(paths: .fromEnvironment(environment))
        do {
            // systemd signals this process (KillSignal=) when TimeoutStopSec=
            // has passed: then the init gets SIGKILL, so the whole stop takes
            // the timeout once, not once here and again after KillSignal=.
            StopSignalInterrupt.install()
            _ = try sender.stop(name: name, mainPID: environment["MAINPID"].flatMap { Int32($0) }) {
                StopSignalInterrupt.requested
            }
        } catch {
            LifecycleLog.error("stop-signal \(error)", container: name)
            throw CommandFailure(.failure, "")
        }
    }
}
