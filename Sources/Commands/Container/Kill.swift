import ArgumentParser
import Systemd

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Send a signal to containers.",
        discussion: """
            Sends SIGNAL to each container's init, the unit's main process \
            (KillUnit with "main"), as 'docker kill' does; what happens next is \
            the unit's business (Restart=, …). SIGNAL is a name (KILL, SIGKILL, \
            term) or a number; the default is KILL. A container that is not \
            running is an error (exit status 6).

            Examples:
              swctl kill web
              swctl kill -s HUP web
              swctl kill --signal SIGTERM db web
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("The signal to send (name or number).", valueName: "signal"))
    var signal = "KILL"

    @OptionGroup var containers: ContainerNames

    func validate() throws {
        guard Signals.number(for: signal) != nil else {
            throw ValidationError("'\(signal)' is not a signal (use a name like TERM or SIGHUP, or a number)")
        }
    }

    func run() throws {
        guard let number = Signals.number(for: signal) else {
            throw CommandFailure(.usage, "'\(signal)' is not a signal")
        }
        let context = SystemContext.live()
        try ContainerNames.each(containers.names) { name throws(CommandFailure) in try kill(name, number, context) }
    }

    private func kill(_ name: String, _ number: Int32, _ context: SystemContext) throws(CommandFailure) {
        let action = "kill \(name)"
        let container = try context.resolve(name, action: action)
        let notRunning = CommandFailure(.notRunning, "\(action): container is not running")
        guard let path = container.unitPath else { throw notRunning }
        let sent = try context.onBus(action) { manager throws(BusError) in
            guard ContainerState(unit: try manager.properties(ofUnitAt: path)).isRunning else { return false }
            do throws(BusError) {
                try manager.killUnit(container.unit, whom: "main", signal: number)
            } catch  where error.isNoSuchProcess {
                return false
            }
            return true
        }
        if !sent { throw notRunning }
    }
}
