import ArgumentParser
import Engine

/// `swctl network ls`.
struct NetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List named networks.",
        discussion: """
            Examples:
              swctl network ls
              swctl network ls --format json
            """,
        aliases: ["list"])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let (reports, errors) = currentNetworks().list()
        let out = OutputStream.standardOutput()
        switch format {
        case .json:
            out.write(
                JSONText.array(
                    reports.map { report in
                        [
                            (key: "name", value: .string(report.name)),
                            (key: "driver", value: .string(report.driver)),
                            (key: "subnet", value: .optional(report.subnet)),
                            (key: "internal", value: .string(report.internal ? "yes" : "no")),
                            (key: "bridge", value: .optional(report.bridge)),
                            (key: "containers", value: .integer(Int64(report.containers.count))),
                        ]
                    }))
        case .table:
            let rows = reports.map { report in
                [
                    report.name, report.driver, report.subnet ?? "auto", report.internal ? "yes" : "no",
                    String(report.containers.count),
                ]
            }
            out.write(Table.render(headers: ["NAME", "DRIVER", "SUBNET", "INTERNAL", "CONTAINERS"], rows: rows))
        }
        out.flush()
        if !errors.isEmpty {
            let err = OutputStream.standardError()
            for error in errors { err.line("swctl: network ls: \(error)") }
            err.flush()
            throw CommandFailure(.failure, "network ls: \(errors.count) network file(s) could not be read")
        }
    }
}
