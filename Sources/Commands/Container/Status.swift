import ArgumentParser
import Systemd

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a container's state, resources and latest log lines.",
        discussion: """
            Shows the unit's state (ActiveState and SubState), since when, its main \
            PID, memory, CPU time and tasks as systemd accounts them ('-' when it \
            does not), the image and definition file, then the latest journal lines \
            of the unit: the container's output, swctl's own messages and systemd's \
            messages about the unit, like 'systemctl status'.

            Examples:
              swctl status web
              swctl status -n 50 web
            """)

    @Option(name: [.customShort("n"), .customLong("lines")], help: "How many log lines to show.")
    var lines = 10

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        if lines < 0 { throw ValidationError("--lines must be 0 or more, not \(lines)") }
    }

    func run() throws {
        let context = SystemContext.live()
        let action = "status \(name)"
        let container = try context.resolve(name, action: action)
        let unit: UnitProperties? = try container.unitPath.map { path throws(CommandFailure) in
            try context.onBus(action) { manager throws(BusError) in try manager.properties(ofUnitAt: path) }
        }
        let remembered: ContainerState? =
            unit == nil ? (try? Journal()).flatMap { try? UnitEndMessage.lastState(of: container.unit, in: $0) } : nil
        let out = OutputStream.standardOutput()
        out.write(
            StatusReport.render(
                name: name, unit: unit, remembered: remembered, definition: container.definition,
                clock: context.clock, confinement: unit.flatMap { runningConfinement(name, $0) },
                health: unit.flatMap { HealthSummary.current(name: name, mainPID: $0.mainPID) }))
        if lines > 0 {
            out.write("\n")
            do {
                let reader = try LogReader(unit: container.unit, selection: .unitMessages)
                try reader.printWindow(LogWindow(tail: lines)) { journal throws(JournalError) in
                    try LogLine.unit(journal, clock: context.clock, to: out)
                }
            } catch {
                out.flush()
                throw CommandFailure(error, while: "\(action): read the journal")
            }
        }
        out.flush()
    }
}
