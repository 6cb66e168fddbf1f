import ArgumentParser

struct Restart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart containers.",
        discussion: """
            Restarts ctr@NAME.service for each NAME (RestartUnit, mode "replace": stops \
            it if it runs, then starts it) and waits for each job.

            Examples:
              swctl restart web
            """)

    @OptionGroup var containers: ContainerNames

    func run() throws {
        try UnitJobs.run(.restart, names: containers.names, context: .live())
    }
}
