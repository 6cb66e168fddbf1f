/// One entry of `mounts` (runtime-spec `config.md#mounts`).
public struct Mount: Codable, Equatable, Sendable {
    /// Absolute path of the mount point inside the container.
    public var destination: String
    /// Device name, file or directory to mount; `none` or absent for pseudo filesystems.
    public var source: String?
    /// Mount options (fstab style: `ro`, `nosuid`, `rbind`, `mode=755`, …).
    public var options: [String]?
    /// Filesystem type (`proc`, `tmpfs`, `bind`, …).
    public var type: String?
    /// User ID mappings for an idmapped mount.
    public var uidMappings: [IDMapping]?
    /// Group ID mappings for an idmapped mount.
    public var gidMappings: [IDMapping]?

    public init(
        destination: String, type: String? = nil, source: String? = nil, options: [String]? = nil,
        uidMappings: [IDMapping]? = nil, gidMappings: [IDMapping]? = nil
    ) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
    }
}
