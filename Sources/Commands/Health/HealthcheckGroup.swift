import ArgumentParser

/// `swctl healthcheck …`: the containers' health checks (`HealthCmd=`).
struct HealthcheckGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Run a container's health check (HealthCmd=).",
        discussion: """
            A container with HealthCmd= (or a HEALTHCHECK in its image and another \
            Health*= key) is checked every HealthInterval= by ctr-health@NAME.timer, \
            which runs 'swctl healthcheck run NAME'; no process stays between checks. \
            The state (starting, healthy, unhealthy), the failing streak and the last \
            results are in /run/swctl/health/NAME.json and shown by 'swctl ps', \
            'swctl status' and 'swctl inspect'.

            Examples:
              swctl healthcheck run web && echo healthy
            """,
        subcommands: [HealthcheckRun.self])
}
