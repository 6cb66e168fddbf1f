extension VolumeMount {
    /// Bind-mount options `Volume=` accepts after the second colon; `ro` and
    /// `rw` set `readOnly`, the rest are kept in order in `options`.
    public static let knownOptions: [String] = [
        "ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "bind", "rbind",
        "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable",
        "idmap", "U",
    ]
    static let knownOptionSet = Set(knownOptions)

    /// SELinux relabelling options, accepted for files written for Podman
    /// and ignored: swctl does not relabel.
    static let relabelOptions: Set<String> = ["z", "Z"]

    /// Parses `SRC:DST[:OPTIONS]`. Warnings (ignored options) go to
    /// `warnings`.
    public static func parse(_ value: String, warnings: inout [String]) throws(KeyValueError) -> VolumeMount {
        let parts = value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw KeyValueError("'\(value)' is not SRC:DST[:OPTIONS] (use e.g. /srv/www:/var/www:ro)")
        }
        guard parts[1].hasPrefix("/") else {
            throw KeyValueError("destination '\(parts[1])' is not an absolute path (use e.g. /srv/www:/var/www)")
        }
        var mount =
            parts[0].hasPrefix("/")
            ? VolumeMount(source: parts[0], destination: parts[1]) : try named(parts[0], destination: parts[1])
        guard parts.count == 3 else { return mount }
        var sawReadOnly = false
        var sawReadWrite = false
        for option in parts[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            switch option {
            case "ro": sawReadOnly = true
            case "rw": sawReadWrite = true
            case _ where relabelOptions.contains(option):
                warnings.append("option '\(option)' in '\(value)' ignored (swctl does not relabel for SELinux)")
            case _ where knownOptionSet.contains(option):
                mount.options.append(option)
            default:
                throw KeyValueError(
                    "unknown option '\(option)' in '\(value)' (use a comma-separated list of \(knownOptions.joined(separator: ", ")))"
                )
            }
        }
        if sawReadOnly && sawReadWrite {
            throw KeyValueError("both ro and rw in '\(value)' (use one of them)")
        }
        mount.readOnly = sawReadOnly
        return mount
    }
}
