extension TmpfsMount {
    /// tmpfs mount options `Tmpfs=` accepts; those in `optionsWithValue`
    /// need `=VALUE`.
    public static let knownOptions: [String] = [
        "ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "noatime", "atime", "relatime",
        "norelatime", "strictatime", "nostrictatime", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks",
    ]
    static let knownOptionSet = Set(knownOptions)
    static let optionsWithValue: Set<String> = ["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks"]

    /// Parses `DST[:OPTIONS]`, options comma-separated (`/tmp:size=64M,mode=1777`).
    public static func parse(_ value: String) throws(KeyValueError) -> TmpfsMount {
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts[0].hasPrefix("/") else {
            throw KeyValueError("'\(parts[0])' is not an absolute path (use e.g. /tmp or /tmp:size=64M)")
        }
        var mount = TmpfsMount(destination: parts[0])
        guard parts.count == 2 else { return mount }
        for option in parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let pieces = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pieces[0])
            guard knownOptionSet.contains(name) else {
                throw KeyValueError(
                    "unknown option '\(option)' in '\(value)' (use a comma-separated list of \(knownOptions.joined(separator: ", ")))"
                )
            }
            let needsValue = optionsWithValue.contains(name)
            if needsValue != (pieces.count == 2) {
                throw KeyValueError(
                    needsValue
                        ? "option '\(name)' in '\(value)' needs a value (use e.g. \(name)=\(example(name)))"
                        : "option '\(name)' in '\(value)' takes no value (use \(name) alone)")
            }
            if pieces.count == 2, !isValid(String(pieces[1]), for: name) {
                throw KeyValueError(
                    "'\(pieces[1])' is not a valid \(name) in '\(value)' (use e.g. \(name)=\(example(name)))")
            }
            mount.options.append(option)
        }
        return mount
    }

    private static func example(_ option: String) -> String {
        switch option {
        case "size": "64M"
        case "mode": "1777"
        case "nr_inodes", "nr_blocks": "10k"
        default: "0"
        }
    }

    /// What the kernel's tmpfs accepts: sizes as memparse (digits and an
    /// optional k/m/g/t/p/e) or a percentage, modes in octal, numeric ids.
    private static func isValid(_ value: String, for option: String) -> Bool {
        let digits = { (text: Substring) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        switch option {
        case "mode":
            return !value.isEmpty && value.utf8.count <= 4 && value.utf8.allSatisfy { $0 >= 48 && $0 <= 55 }
        case "uid", "gid":
            return digits(value[...])
        default:
            var text = value[...]
            if option == "size", text.hasSuffix("%") { return digits(text.dropLast()) }
            if let last = text.last, "kKmMgGtTpPeE".contains(last) { text = text.dropLast() }
            return digits(text)
        }
    }
}
