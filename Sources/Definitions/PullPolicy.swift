import ImageSpec

/// `Pull=`: when `swctl prepare` fetches `Image=` from its registry, as
/// Podman Quadlet's key (`podman run --pull`).
public enum PullPolicy: String, Sendable, Equatable, CaseIterable {
    /// Pull only when the image is not in the store (the default).
    case missing
    /// Pull at every start; a pull of an unchanged image fetches only its
    /// manifest, so this costs one round trip.
    case always
    /// Never pull: a missing image fails the start.
    case never
    /// Podman's "pull if the registry's image is newer": the same as
    /// `always` here, since a pull downloads only what the store lacks.
    case newer
}

extension PullPolicy {
    /// The `Pull=` key's parser.
    static func parse(_ value: String) throws(KeyValueError) -> PullPolicy {
        guard let policy = PullPolicy(rawValue: value.lowercased()) else {
            throw KeyValueError("'\(value)' is not a pull policy (use missing, always, never or newer)")
        }
        return policy
    }

    /// The `[Container]` key.
    static let key = ContainerKey("Pull", reset: { $0.pull = .missing }) { definition, value, _ throws(KeyValueError) in
        definition.pull = try PullPolicy.parse(value)
    }
}

extension ContainerDefinition {
    /// Whether `swctl prepare` may pull `Image=` from a registry: a reference
    /// (not a directory path) outside the local `localhost/` namespace, with
    /// a `Pull=` other than `never`. Such a container needs the network
    /// up before it starts.
    public var mayPullImage: Bool {
        guard pull != .never, !image.hasPrefix("/"), let reference = try? ImageReference(parsing: image) else {
            return false
        }
        return reference.domain != "localhost"
    }
}
