import ImageSpec

/// `AutoUpdate=`: what `swctl auto-update` compares to decide that a
/// container runs an outdated image.
public enum AutoUpdatePolicy: String, Sendable, Equatable, CaseIterable {
    /// The image's digest in its registry differs from the local one: pull, restart.
    case registry
    /// The local tag points at another image than the container was started from: restart.
    case local

    /// Why this policy cannot update a container whose `Image=` is `image`;
    /// nil when it can: a directory and a pinned digest never change, and a
    /// `localhost/` name has no registry to ask.
    public func problem(withImage image: String) -> String? {
        if image.hasPrefix("/") {
            return "\(rawValue) needs an image with a tag, and Image= is a directory (use Image=REGISTRY/NAME:TAG)"
        }
        guard let reference = try? ImageReference(parsing: image) else { return nil }
        if reference.digest != nil {
            return "\(rawValue) follows a tag, and '\(image)' is pinned to a digest (use a tag, e.g. :latest)"
        }
        if self == .registry && reference.domain == "localhost" {
            return "registry needs an image from a registry, and '\(image)' is a local name (use AutoUpdate=local)"
        }
        return nil
    }
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
