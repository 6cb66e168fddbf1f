import Definitions
import UnitFile

/// Quadlet's rewriting of `[Unit]` dependencies: a unit list that names a
/// definition file (`db.container`, `data.volume`, `app.image`) names that
/// file's unit instead (`ctr@db.service`, `swctl-volume@data.service`,
/// `swctl-image@app.service`). A `.network` file has no unit (the first
/// container's `swctl prepare` makes the network): such a word is dropped.
public enum UnitDependencies {
    /// The `[Unit]` keys whose values are unit lists.
    public static let keys: Set<String> = [
        "Requires", "Requisite", "Wants", "BindsTo", "PartOf", "Upholds", "Conflicts", "Before", "After",
        "OnFailure", "OnSuccess", "PropagatesReloadTo", "ReloadPropagatedFrom", "PropagatesStopTo",
        "StopPropagatedFrom", "JoinsNamespaceOf",
    ]

    /// The unit a word of a unit list stands for: the unit of a definition
    /// file, nil for a network file (no unit), the word itself otherwise.
    public static func unit(for word: String) -> String? {
        guard namesDefinitionFile(word), !word.contains("/") else { return word }
        if let name = ContainerDefinition.name(fromPath: word), ContainerDefinition.isValidName(name) {
            return ContainerDefinition.serviceName(forContainer: name)
        }
        if let name = VolumeDefinition.name(fromPath: word), VolumeDefinition.isValidName(name) {
            return VolumeDefinition.serviceName(forFile: name)
        }
        if let name = ImageDefinition.name(fromPath: word), ContainerDefinition.isValidPlainName(name) {
            return ImageDefinition.serviceName(forFile: name)
        }
        if NetworkDefinition.name(fromPath: word) != nil { return nil }
        return word
    }

    /// Whether a word ends like a definition file's name: most words of a
    /// unit list are unit names (`network-online.target`), which only this
    /// cheap test looks at.
    public static func namesDefinitionFile(_ word: String) -> Bool {
        let bytes = word.utf8
        return fileSuffixes.contains { suffix in
            bytes.count > suffix.utf8.count && bytes.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
        }
    }

    private static let fileSuffixes = [
        ContainerDefinition.fileSuffix, VolumeDefinition.fileSuffix, ImageDefinition.fileSuffix,
        NetworkDefinition.fileSuffix,
    ]

    /// `entries` with every unit list rewritten; an entry whose words were
    /// all network files is dropped (an empty value would reset the key).
    public static func rewrite(_ entries: [UnitFile.Entry]) -> [UnitFile.Entry] {
        entries.compactMap { entry in
            guard keys.contains(entry.key), !entry.value.isEmpty else { return entry }
            let words = entry.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let units = words.compactMap(unit(for:))
            guard !units.isEmpty else { return nil }
            var rewritten = entry
            rewritten.value = units.joined(separator: " ")
            return rewritten
        }
    }

    /// What a container's own keys make it depend on: the volume units of
    /// its `Volume=NAME.volume:` mounts and the image unit of
    /// `Image=NAME.image`, each `Requires=` and `After=`.
    static func references(of definition: ContainerDefinition) -> [UnitFile.Entry] {
        var units: [String] = []
        for volume in definition.volumes {
            guard let file = volume.volumeFile else { continue }
            let unit = VolumeDefinition.serviceName(forFile: file)
            if !units.contains(unit) { units.append(unit) }
        }
        if let file = definition.imageFile { units.append(ImageDefinition.serviceName(forFile: file)) }
        return units.flatMap { unit in
            [UnitFile.Entry(key: "Requires", value: unit, line: 0), UnitFile.Entry(key: "After", value: unit, line: 0)]
        }
    }
}
