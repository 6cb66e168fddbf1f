import ArgumentParser

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start containers.",
        discussion: """
            Starts ctr@NAME.service for each NAME (systemd's StartUnit, mode "replace") \
            and waits until each start job has finished, so a container that fails \
            while starting is reported here. Prints each container started; a \
            container already running counts as started.

            Examples:
              swctl start web
              swctl start db web
            """)

    @OptionGroup var containers: ContainerNames

    func run() throws {
        try UnitJobs.run(.start, names: containers.names, context: .live())
    }
}
