import ArgumentParser
import Definitions
import Engine

/// `swctl volume create NAME`.
struct VolumeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a named volume.",
        discussion: """
            Makes /var/lib/swctl/volumes/NAME/_data. Fails when the volume exists.

            Examples:
              swctl volume create data
              swctl volume create --label app=db --uid 999 --gid 999 pgdata
            """)

    @Option(name: .customLong("label"), help: "A label KEY=VALUE (repeatable).")
    var labels: [String] = []

    @Option(help: "Numeric owner of the data directory.")
    var uid: UInt32?

    @Option(help: "Numeric group of the data directory.")
    var gid: UInt32?

    @Flag(help: "Do not copy the image's content into the volume when a container first uses it.")
    var noCopy = false

    @Argument(help: "The volume's name.")
    var name: String

    func run() throws {
        var options = VolumeOptions()
        for label in labels {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CommandFailure(.usage, "volume create: --label '\(label)' is not KEY=VALUE")
            }
            options.labels.append(NetworkDefinition.Label(key: String(parts[0]), value: String(parts[1])))
        }
        options.uid = uid
        options.gid = gid
        options.copy = !noCopy
        do { try currentVolumes().create(name, options: options) } catch {
            throw CommandFailure(.failure, error.message)
        }
        let out = OutputStream.standardOutput()
        out.line(name)
        out.flush()
    }
}
