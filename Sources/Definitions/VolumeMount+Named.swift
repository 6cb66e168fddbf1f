extension VolumeMount {
    /// `Volume=NAME:/dst` (a named volume, made on first use) or
    /// `Volume=NAME.volume:/dst` (the volume a `NAME.volume` file declares;
    /// the definition store puts its `VolumeName=` in `volume`). The source
    /// stays empty until `swctl prepare` knows the volume's directory.
    static func named(_ source: String, destination: String) throws(KeyValueError) -> VolumeMount {
        var mount = VolumeMount(source: "", destination: destination)
        if let file = VolumeDefinition.name(fromPath: source), !source.contains("/") {
            guard VolumeDefinition.isValidName(file) else {
                throw KeyValueError("'\(source)' is not NAME.volume (\(ContainerDefinition.nameRule))")
            }
            mount.volume = file
            mount.volumeFile = file
            return mount
        }
        guard VolumeDefinition.isValidName(source) else {
            throw KeyValueError(
                "source '\(source)' is neither an absolute path nor a volume name (\(ContainerDefinition.nameRule); e.g. /srv/www:/var/www or data:/var/lib/data)"
            )
        }
        mount.volume = source
        return mount
    }
}
