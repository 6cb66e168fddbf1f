import ArgumentParser
import Engine

/// `swctl userns ls`.
struct UserNamespaceList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the host ID ranges of UserNS=auto containers.",
        discussion: """
            One line per range: the container, its host IDs (first-last), their number, and \
            whether the container is running.

            Examples:
              swctl userns ls
              swctl userns ls --format json
            """,
        aliases: ["list"])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let entries: [IDRangeTable.Entry]
        do { entries = try currentAllocator().entries() } catch {
            throw CommandFailure(.failure, "userns ls: \(error)")
        }
        let running = entries.isEmpty ? [] : try runningContainerNames(.live(), action: "userns ls")
        let out = OutputStream.standardOutput()
        let listing = UserNamespaceListing(entries: entries, running: running)
        out.write(format == .json ? listing.json : listing.table)
        out.flush()
    }
}

/// The rows of `swctl userns ls`, sorted by name.
struct UserNamespaceListing {
    var entries: [IDRangeTable.Entry]
    var running: Set<String>

    init(entries: [IDRangeTable.Entry], running: Set<String>) {
        self.entries = entries.sorted { $0.name < $1.name }
        self.running = running
    }

    var table: String {
        Table.render(
            headers: ["NAME", "HOST UID RANGE", "SIZE", "IN USE"],
            rows: entries.map { entry in
                [
                    entry.name, "\(entry.start)-\(UInt64(entry.start) + UInt64(entry.size) - 1)", String(entry.size),
                    running.contains(entry.name) ? "yes" : "no",
                ]
            })
    }

    var json: String {
        JSONText.array(
            entries.map { entry in
                [
                    (key: "name", value: .string(entry.name)),
                    (key: "hostStart", value: .integer(Int64(entry.start))),
                    (key: "size", value: .integer(Int64(entry.size))),
                    (key: "inUse", value: .string(running.contains(entry.name) ? "yes" : "no")),
                ]
            })
    }
}
