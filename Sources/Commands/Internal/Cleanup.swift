import ArgumentParser
import Engine
import Syscalls

/// `swctl cleanup NAME`: the unit's ExecStopPost. Undoes `prepare` and the
/// runtime's state; idempotent, so it also runs after crashes.
struct Cleanup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Undo what prepare made for a container (run by ctr@.service).",
        discussion: """
            Run by systemd as ExecStopPost of ctr@NAME.service, also after a crash: unmounts the \
            root filesystem, removes the bundle and the writable layer and the runtime's state. \
            Running it twice is fine.

            Example:
              swctl cleanup web
            """,
        shouldDisplay: false)

    @Argument(help: "The container's name.")
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let runtime = ChildProcess.ownDirectory().map { $0 + "/swctl-runtime" }
        do {
            try Cleaner(paths: .fromEnvironment(environment), runtimePath: runtime).cleanup(name: name)
        } catch {
            LifecycleLog.error("cleanup \(error)", container: name)
            throw CommandFailure(.failure, "")
        }
    }
}
