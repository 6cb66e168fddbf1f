import ArgumentParser

/// The `swctl` command: containers declared as files, run as systemd services.
public struct Swctl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swctl",
        abstract: "Run containers as systemd services, declared as plain files.",
        discussion: """
            Each container is a definition, /etc/swctl/containers/NAME.container \
            (systemd unit syntax, Podman Quadlet key names), run as the systemd \
            service ctr@NAME.service. State lives in systemd and the journal: swctl \
            talks to systemd over D-Bus and reads logs from the journal.

            Examples:
              systemctl daemon-reload         # after adding or changing a definition
              swctl start web
              swctl ps -a
              swctl logs -f --since 10m web
              swctl status web
              swctl kill -s HUP web
              swctl pause web; swctl unpause web

            Exit status:
            \(SwctlExitCode.allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n"))
            """,
        subcommands: [Prepare.self, Cleanup.self, StopSignal.self],
        groupedSubcommands: [
            CommandGroup(
                name: "Containers",
                subcommands: [
                    Ps.self, Run.self, Status.self, Logs.self, Start.self, Stop.self, Restart.self, Kill.self, Top.self,
                    Port.self, Pause.self, Unpause.self, Inspect.self, Stats.self, Exec.self, Remove.self,
                    ContainerGroup.self, HealthcheckGroup.self,
                ]),
            CommandGroup(name: "Definitions", subcommands: [Validate.self, Generate.self]),
            CommandGroup(name: "Updates", subcommands: [AutoUpdate.self]),
            CommandGroup(name: "Images", subcommands: [ImageGroup.self]),
            CommandGroup(name: "Networks", subcommands: [NetworkGroup.self]),
            CommandGroup(name: "Volumes", subcommands: [VolumeGroup.self]),
            CommandGroup(name: "User namespaces", subcommands: [UserNamespaceGroup.self]),
        ])

    public init() {}
}
