/// `LogDriver=`, `LogOpt=`: the container's output goes to the journal
/// through the unit's stdout and stderr, so the journal is the log. The
/// drivers and options that say so are accepted; the rest refused.
/// Appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let logging: [ContainerKey] = [
        ContainerKey("LogDriver", reset: { _ in }) { _, value, _ throws(KeyValueError) in
            guard value == "journald" || value == "passthrough" else {
                throw KeyValueError(
                    "'\(value)': the container's output always goes to the journal, through the unit (use journald or passthrough, or remove the key; read it with swctl logs or journalctl -u ctr@NAME)"
                )
            }
        },
        ContainerKey("LogOpt", list: true, reset: { $0.logTag = nil }) { definition, value, _ throws(KeyValueError) in
            guard let equals = value.firstIndex(of: "="), value[..<equals] == "tag" else {
                let name = value.split(separator: "=", maxSplits: 1).first.map(String.init) ?? value
                throw KeyValueError(
                    "'\(name)': the journal keeps the log, so only tag= (the SyslogIdentifier=) applies (remove it; set journald limits in journald.conf)"
                )
            }
            let tag = String(value[value.index(after: equals)...])
            guard !tag.isEmpty, tag.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                throw KeyValueError("'\(value)': the tag must be a word without spaces (use e.g. tag=web)")
            }
            definition.logTag = tag
        },
    ]
}
