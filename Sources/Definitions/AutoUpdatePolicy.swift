/// `AutoUpdate=`: what `swctl auto-update` compares to decide that a
/// container runs an outdated image.
public enum AutoUpdatePolicy: String, Sendable, Equatable, CaseIterable {
    /// The image's digest in its registry differs from the local one: pull, restart.
    case registry
    /// The local tag points at another image than the container was started from: restart.
    case local
}

/// `AutoUpdate=registry|local`, appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let autoUpdate: [ContainerKey] = [
        ContainerKey("AutoUpdate", reset: { $0.autoUpdate = nil }) { definition, value, _ throws(KeyValueError) in
            guard let policy = AutoUpdatePolicy(rawValue: value) else {
                throw KeyValueError("'\(value)' is not an update policy (use registry or local)")
            }
            definition.autoUpdate = policy
        }
    ]
}
