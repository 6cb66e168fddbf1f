/// The version of the OCI runtime specification this model follows.
public let ociSpecVersion = "1.2.0"

/// The root of an OCI bundle's `config.json` (runtime-spec 1.2, `config.md`).
///
/// Field names are the spec's JSON keys; every field the spec marks OPTIONAL is
/// an optional here, so decoding then encoding a document keeps what it said.
public struct Spec: Codable, Equatable, Sendable {
    /// REQUIRED: the spec version the document complies with.
    public var ociVersion: String
    /// The container process; REQUIRED by `start`.
    public var process: Process?
    /// The container's root filesystem.
    public var root: Root?
    /// The container's hostname (needs a UTS namespace).
    public var hostname: String?
    /// The container's NIS domain name (needs a UTS namespace).
    public var domainname: String?
    /// Mounts performed in order, after the root filesystem.
    public var mounts: [Mount]?
    /// Lifecycle hooks.
    public var hooks: Hooks?
    /// Arbitrary metadata.
    public var annotations: [String: String]?
    /// Linux-specific configuration.
    public var linux: Linux?

    public init(
        ociVersion: String = ociSpecVersion, process: Process? = nil, root: Root? = nil,
        hostname: String? = nil, domainname: String? = nil, mounts: [Mount]? = nil,
        hooks: Hooks? = nil, annotations: [String: String]? = nil, linux: Linux? = nil
    ) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.hooks = hooks
        self.annotations = annotations
        self.linux = linux
    }
}

/// `root`: the container's root filesystem.
public struct Root: Codable, Equatable, Sendable {
    /// Path to the root filesystem, absolute or relative to the bundle.
    public var path: String
    /// Make the root filesystem read-only inside the container.
    public var readonly: Bool?

    public init(path: String = "rootfs", readonly: Bool? = nil) {
        self.path = path
        self.readonly = readonly
    }
}
