import ArgumentParser
import Engine
import JSON

/// `swctl network inspect NAME…`.
struct NetworkInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show named networks as JSON: definition, bridge, subnet, containers and addresses.",
        discussion: """
            Example:
              swctl network inspect backend | jq -r '.[0].containers[].address'
            """)

    @Argument(help: "Network names.")
    var names: [String]

    func run() throws {
        let networks = currentNetworks()
        var reports: [NetworkReport] = []
        for name in names {
            do { reports.append(try networks.report(name)) } catch {
                throw CommandFailure(.failure, "network inspect: \(error.message)")
            }
        }
        let out = OutputStream.standardOutput()
        do {
            let bytes = try JSONEncoder(outputFormatting: [.prettyPrinted, .sortedKeys]).encode(reports)
            out.write(String(decoding: bytes, as: UTF8.self) + "\n")
        } catch {
            throw CommandFailure(.failure, "network inspect: encode the report: \(error)")
        }
        out.flush()
    }
}
