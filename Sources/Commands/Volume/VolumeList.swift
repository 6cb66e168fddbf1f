import ArgumentParser
import Engine

/// `swctl volume ls`.
struct VolumeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List named volumes.",
        discussion: """
            Examples:
              swctl volume ls
              swctl volume ls --format json
            """,
        aliases: ["list"])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let volumes: [Volume]
        do { volumes = try currentVolumes().list() } catch { throw CommandFailure(.failure, error.message) }
        let users = currentDefinitions().volumeUsers()
        let out = OutputStream.standardOutput()
        switch format {
        case .json:
            out.write(
                JSONText.array(
                    volumes.map { volume in
                        [
                            (key: "name", value: .string(volume.name)),
                            (key: "driver", value: .string("local")),
                            (key: "mountpoint", value: .string(volume.dataPath)),
                            (key: "containers", value: .integer(Int64(users[volume.name]?.count ?? 0))),
                        ]
                    }))
        case .table:
            let rows = volumes.map { volume in
                [volume.name, "local", users[volume.name]?.joined(separator: ",") ?? "-", volume.dataPath]
            }
            out.write(Table.render(headers: ["NAME", "DRIVER", "CONTAINERS", "MOUNTPOINT"], rows: rows))
        }
        out.flush()
    }
}
