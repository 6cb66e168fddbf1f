import ArgumentParser

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop containers.",
        discussion: """
            Stops ctr@NAME.service for each NAME (StopUnit, mode "replace") and waits \
            for each stop job: the container's init gets SIGTERM, everything left \
            SIGKILL after the unit's stop timeout (TimeoutStopSec=, 10 s by \
            default), as 'docker stop' does. A paused container is unpaused first, \
            so it can act on SIGTERM. Stopping a stopped container succeeds.

            Examples:
              swctl stop web
              swctl stop db web
            """)

    @OptionGroup var containers: ContainerNames

    func run() throws {
        try UnitJobs.run(.stop, names: containers.names, context: .live())
    }
}
