import ArgumentParser
import Engine

/// `swctl volume inspect NAME…`.
struct VolumeInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show named volumes as JSON: mount point, options, labels and the containers that use them.",
        discussion: """
            Example:
              swctl volume inspect data | jq -r '.[0].mountpoint'
            """)

    @Argument(help: "Volume names.")
    var names: [String]

    func run() throws {
        let store = currentVolumes()
        let users = currentDefinitions().volumeUsers()
        var objects: [[(key: String, value: JSONText.Value)]] = []
        for name in names {
            guard let volume = store.volume(name) else {
                throw CommandFailure(.failure, "volume inspect: no such volume: \(name)")
            }
            let options = volume.options
            let labels = options.labels.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            objects.append([
                (key: "name", value: .string(volume.name)),
                (key: "driver", value: .string("local")),
                (key: "mountpoint", value: .string(volume.dataPath)),
                (key: "copy", value: .string(options.copy ? "yes" : "no")),
                (key: "uid", value: .optional(options.uid)),
                (key: "gid", value: .optional(options.gid)),
                (key: "device", value: .optional(options.device)),
                (key: "type", value: .optional(options.type)),
                (key: "options", value: .optional(options.mountOptions)),
                (key: "mounted", value: .string(VolumeStore.isMountPoint(volume.dataPath) ? "yes" : "no")),
                (key: "labels", value: .string(labels)),
                (key: "definition", value: .optional(options.sourcePath)),
                (key: "containers", value: .string((users[volume.name] ?? []).joined(separator: ","))),
            ])
        }
        let out = OutputStream.standardOutput()
        out.write(JSONText.array(objects))
        out.flush()
    }
}
