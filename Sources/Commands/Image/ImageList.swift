import ArgumentParser
import ImageSpec
import ImageStore

/// `swctl image ls`.
struct ImageList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List named images.",
        discussion: """
            Examples:
              swctl image ls
              swctl image ls --format json
            """,
        aliases: ["list"])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let store = currentImageStore()
        let index: NameIndex
        do {
            index = try NameIndex.load(store.indexPath)
        } catch {
            throw imageFailure(error)
        }
        let out = OutputStream.standardOutput()
        let entries = index.entries
        switch format {
        case .json:
            out.write(
                JSONText.array(
                    entries.map { entry in
                        [
                            (key: "repository", value: .string(entry.repository)),
                            (key: "tag", value: .string(entry.tag)),
                            (key: "digest", value: .string(entry.digest)),
                        ]
                    }))
        case .table:
            let rows = entries.map { entry -> [String] in
                // `nginx` rather than `docker.io/library/nginx`, as docker prints it.
                var name = entry.repository
                if var reference = try? ImageReference(parsing: entry.repository) {
                    reference.tag = nil
                    name = reference.familiarDescription
                }
                return [name, entry.tag, String(entry.digest.dropFirst("sha256:".count).prefix(12))]
            }
            out.write(Table.render(headers: ["REPOSITORY", "TAG", "DIGEST"], rows: rows))
        }
        out.flush()
    }
}
