import UnitFile

/// A named volume declared as `NAME.volume` beside the container
/// definitions (Podman Quadlet's `[Volume]` keys). Containers use it with
/// `Volume=NAME.volume:/path`; it becomes the unit
/// `swctl-volume@NAME.service`, which creates (and mounts) it before them.
public struct VolumeDefinition: Sendable, Equatable {
    /// The file's base name: what `Volume=NAME.volume:` names.
    public var name: String
    public var sourcePath: String
    /// `VolumeName=`: the volume's name in `swctl volume ls`; the file's
    /// base name when unset (Quadlet's `systemd-NAME` prefix is for
    /// podman's own volume list, which swctl does not share).
    public var volumeName: String?
    /// `Device=`: what is mounted at the volume's data directory.
    public var device: String?
    /// `Type=`: the file system type of that mount (`tmpfs`, `nfs`, `ext4`…).
    public var type: String?
    /// `Options=`: the mount options, comma-separated as for mount(8).
    public var options: String?
    /// `Copy=`: the image's content at the mount point is copied into the
    /// volume the first time a container uses it while empty (default yes).
    public var copy: Bool
    /// `User=`, `Group=`: numeric owner of the data directory.
    public var uid: UInt32?
    public var gid: UInt32?
    /// `Label=KEY=VALUE`, in file order.
    public var labels: [NetworkDefinition.Label]
    /// `[Unit]` lines, passed to the volume's unit.
    public var unitSection: [UnitFile.Entry]

    public init(name: String, sourcePath: String) {
        self.name = name
        self.sourcePath = sourcePath
        self.copy = true
        self.labels = []
        self.unitSection = []
    }

    /// The volume's name in the store: `VolumeName=` or the file's name.
    public var displayName: String { volumeName ?? name }

    /// The definition file suffix.
    public static let fileSuffix = ".volume"

    /// `swctl-volume@NAME.service`: the unit that makes the volume.
    public static func serviceName(forFile name: String) -> String { "swctl-volume@\(name).service" }

    /// The volume name a file stands for: its base name without `.volume`.
    public static func name(fromPath path: String) -> String? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard base.hasSuffix(fileSuffix), base.count > fileSuffix.count else { return nil }
        return String(base.dropLast(fileSuffix.count))
    }

    /// Volume names follow the container rule without templates.
    public static func isValidName(_ name: String) -> Bool { ContainerDefinition.isValidPlainName(name) }
}
