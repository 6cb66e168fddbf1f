import ArgumentParser
import Systemd

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Freeze all processes of containers.",
        discussion: """
            Freezes every process of each container with the cgroup freezer, \
            through systemd (FreezeUnit), as 'docker pause' does: the processes \
            stay in memory and get no CPU time until 'swctl unpause'. The unit stays \
            active; 'swctl ps' shows it as "Up 3 minutes (Paused)". A container \
            that is not running is an error (exit status 6), one already paused \
            too (exit status 1).

            Examples:
              swctl pause web
              swctl pause web db
              swctl unpause web
            """)

    @OptionGroup var containers: ContainerNames

    func run() throws {
        try UnitFreezer.apply(.freeze, to: containers.names)
    }
}

struct Unpause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpause",
        abstract: "Resume the processes of paused containers.",
        discussion: """
            Thaws every process of each container that 'swctl pause' froze, \
            through systemd (ThawUnit), as 'docker unpause' does. A container \
            that is not running is an error (exit status 6), one that is not \
            paused too (exit status 1).

            Examples:
              swctl unpause web
              swctl unpause web db
            """)

    @OptionGroup var containers: ContainerNames

    func run() throws {
        try UnitFreezer.apply(.thaw, to: containers.names)
    }
}

/// What `pause` and `unpause` share: one freezer operation per container,
/// each reported on its own line, the first failure's exit status at the end.
enum UnitFreezer {
    enum Operation {
        case freeze
        case thaw

        var verb: String { self == .freeze ? "pause" : "unpause" }
    }

    static func apply(_ operation: Operation, to names: [String]) throws {
        let context = SystemContext.live()
        try ContainerNames.each(names) { name throws(CommandFailure) in try apply(operation, to: name, context) }
    }

    private static func apply(
        _ operation: Operation, to name: String, _ context: SystemContext
    ) throws(CommandFailure) {
        let action = "\(operation.verb) \(name)"
        let container = try context.resolve(name, action: action)
        let notRunning = CommandFailure(.notRunning, "\(action): container is not running")
        guard let path = container.unitPath else { throw notRunning }
        let state = try context.onBus(action) { manager throws(BusError) in
            ContainerState(unit: try manager.properties(ofUnitAt: path))
        }
        switch (operation, state) {
        case (.freeze, .running), (.thaw, .paused):
            break
        case (.freeze, .paused):
            throw CommandFailure(.failure, "\(action): container is already paused")
        case (.thaw, .running):
            throw CommandFailure(.failure, "\(action): container is not paused")
        default:
            throw notRunning
        }
        try context.onBus(action) { manager throws(BusError) in
            switch operation {
            case .freeze: try manager.freezeUnit(container.unit)
            case .thaw: try manager.thawUnit(container.unit)
            }
        }
    }
}
