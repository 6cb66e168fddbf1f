/// `Rootfs=PATH[:O]` (podman's `--rootfs`): a root filesystem directory
/// instead of `Image=`. Without `:O` the container writes into the
/// directory itself, as podman; with `:O` its writes go to an overlay that
/// is thrown away at each stop (what `Image=PATH` always does).
extension ContainerKeys {
    static let rootfs: [ContainerKey] = [
        ContainerKey("Rootfs", reset: resetRootfs) { definition, value, _ throws(KeyValueError) in
            if definition.rootfs == nil && !definition.image.isEmpty {
                throw KeyValueError("conflicts with Image= (a container runs either an image or a directory: keep one)")
            }
            var path = value
            var overlay = false
            if path.hasSuffix(":O") {
                path = String(path.dropLast(2))
                overlay = true
            }
            guard path.hasPrefix("/") else {
                throw KeyValueError(
                    "'\(value)' is not an absolute path to a directory (use e.g. /var/lib/rootfs or /var/lib/rootfs:O)")
            }
            guard !path.contains(":") else {
                throw KeyValueError(
                    "'\(value)': the only option is :O, an overlay over the directory (use e.g. /var/lib/rootfs:O)")
            }
            definition.rootfs = RootfsDirectory(path: path, overlay: overlay)
            definition.image = path
        }
    ]

    @Sendable static func resetRootfs(_ definition: inout ContainerDefinition) {
        if definition.rootfs != nil { definition.image = "" }
        definition.rootfs = nil
    }
}

/// `Rootfs=`.
public struct RootfsDirectory: Sendable, Equatable {
    public var path: String
    /// `:O`: writes go to a fresh overlay layer, not into the directory.
    public var overlay: Bool
    public init(path: String, overlay: Bool) {
        self.path = path
        self.overlay = overlay
    }
}
