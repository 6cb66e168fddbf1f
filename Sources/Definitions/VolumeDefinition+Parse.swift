import UnitFile

/// The outcome of reading one `NAME.volume` file.
public typealias VolumeParseResult = SidecarParseResult<VolumeDefinition>

extension VolumeDefinition {
    /// The `[Volume]` keys swctl reads.
    public static let keys = [
        "VolumeName", "Device", "Type", "Options", "Copy", "User", "Group", "Label", "Driver",
    ]

    /// Quadlet `[Volume]` keys that only make sense for podman, with what
    /// to do instead.
    static let refused: [String: String] = [
        "Image":
            "image-backed volumes are podman's (use Copy=yes, which fills a new volume from the container's image)",
        "PodmanArgs": "there is no podman command line (use the [Volume] keys)",
        "GlobalArgs": "there is no podman command line (use the [Volume] keys)",
        "ContainersConfModule": "swctl reads no containers.conf",
    ]

    /// Reads the text of a volume file: `[Volume]` is checked; `[Unit]` is
    /// passed to the volume's unit; `[Install]` and `X-` sections are
    /// accepted and ignored (the volume starts with its containers).
    public static func parse(text: String, path: String) -> VolumeParseResult {
        let name = Self.name(fromPath: path)
        var reader = SidecarFileReader(
            text: text, path: path, section: "Volume", name: name, article: "a", noun: "volume name")
        var definition = VolumeDefinition(name: name ?? "", sourcePath: path)
        definition.unitSection = reader.unitFile.entries(in: "Unit")
        reader.apply("Volume") { entry throws(KeyValueError) in try definition.apply(entry) }
        if definition.type != nil && definition.device == nil && definition.type != "tmpfs" {
            let line = reader.unitFile.lastEntry("Type", in: "Volume")?.line ?? 1
            reader.report(
                "Type: '\(definition.type ?? "")' needs Device= (what to mount; only tmpfs needs none)", line: line)
        }
        if definition.device != nil && definition.type == nil {
            let line = reader.unitFile.lastEntry("Device", in: "Volume")?.line ?? 1
            reader.report(
                "Device: no Type= (add the file system type, e.g. Type=ext4, or Type=none with Options=bind)",
                line: line)
        }
        let sorted = reader.sortedDiagnostics
        return VolumeParseResult(
            path: path, definition: sorted.containsErrors ? nil : definition, diagnostics: sorted)
    }

    mutating func apply(_ entry: UnitFile.Entry) throws(KeyValueError) {
        let value = entry.value
        switch entry.key {
        case "VolumeName":
            guard Self.isValidName(value) else {
                throw KeyValueError("'\(value)' is not a volume name (\(ContainerDefinition.nameRule))")
            }
            volumeName = value
        case "Device":
            device = value.isEmpty ? nil : value
        case "Type":
            type = value.isEmpty ? nil : value
        case "Options":
            options = value.isEmpty ? nil : value
        case "Copy":
            copy = try ValueParsers.boolean(value)
        case "User":
            uid = try Self.numericID(value, what: "user")
        case "Group":
            gid = try Self.numericID(value, what: "group")
        case "Label":
            if value.isEmpty {
                labels = []
                return
            }
            for word in value.split(separator: " ") {
                let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw KeyValueError("'\(word)' is not KEY=VALUE (e.g. Label=app=web)")
                }
                labels.append(NetworkDefinition.Label(key: String(parts[0]), value: String(parts[1])))
            }
        case "Driver":
            guard value == "local" || value.isEmpty else {
                throw KeyValueError("'\(value)': only the local driver exists in swctl (remove it or use Driver=local)")
            }
        default:
            if let why = Self.refused[entry.key] {
                throw KeyValueError("not supported by swctl: \(why)")
            }
            if entry.key.hasPrefix("X-") { return }
            let hint =
                Suggestion.closest(to: entry.key, among: Self.keys).map { "did you mean \($0)?" }
                ?? "swctl.volume(5) lists the keys"
            throw KeyValueError("unknown key in [Volume] (\(hint))")
        }
    }

    /// A numeric ID: the volume's owner is set before any container's
    /// user database is at hand, so names cannot be resolved.
    static func numericID(_ value: String, what: String) throws(KeyValueError) -> UInt32 {
        guard let id = UInt32(value), id != UInt32.max else {
            throw KeyValueError("'\(value)' is not a numeric \(what) ID (use e.g. 1000; names are not resolved)")
        }
        return id
    }
}
