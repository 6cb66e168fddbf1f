/// The image configuration blob (image-spec `config.md`; the Docker config is
/// a superset with the same keys): platform, run defaults and layer diffIDs.
public struct ImageConfig: Codable, Equatable, Sendable {
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var variant: String?
    /// Defaults for a container run from the image.
    public var config: RunConfig?
    public var rootfs: RootFS
    public var history: [History]?

    public init(
        architecture: String, os: String, variant: String? = nil, config: RunConfig? = nil,
        rootfs: RootFS, created: String? = nil, history: [History]? = nil
    ) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.created = created
        self.author = nil
        self.history = history
    }

    /// The platform the image was built for.
    public var platform: Platform {
        Platform(architecture: architecture, os: os, variant: variant)
    }
}

/// `config` inside an image configuration: how to run the image.
public struct RunConfig: Codable, Equatable, Sendable {
    /// `user`, `uid`, `user:group` or `uid:gid`.
    public var user: String?
    /// Keys are `PORT/PROTO` (`80/tcp`); values are empty objects.
    public var exposedPorts: [String: EmptyObject]?
    /// `KEY=value` entries.
    public var env: [String]?
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var volumes: [String: EmptyObject]?
    public var workingDir: String?
    public var labels: [String: String]?
    /// A signal name (`SIGTERM`) or number.
    public var stopSignal: String?
    /// The Dockerfile's HEALTHCHECK (Docker and buildah images).
    public var healthcheck: ImageHealthcheck? = nil

    enum CodingKeys: String, CodingKey {
        case user = "User"
        case exposedPorts = "ExposedPorts"
        case env = "Env"
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case healthcheck = "Healthcheck"
    }

    public init(
        user: String? = nil, exposedPorts: [String: EmptyObject]? = nil, env: [String]? = nil,
        entrypoint: [String]? = nil, cmd: [String]? = nil, volumes: [String: EmptyObject]? = nil,
        workingDir: String? = nil, labels: [String: String]? = nil, stopSignal: String? = nil
    ) {
        self.user = user
        self.exposedPorts = exposedPorts
        self.env = env
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.volumes = volumes
        self.workingDir = workingDir
        self.labels = labels
        self.stopSignal = stopSignal
    }
}

/// `rootfs`: the uncompressed digests of the layers, bottom first.
public struct RootFS: Codable, Equatable, Sendable {
    /// Always `layers`.
    public var type: String
    public var diffIDs: [String]

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }

    public init(type: String = "layers", diffIDs: [String]) {
        self.type = type
        self.diffIDs = diffIDs
    }
}

/// One entry of the build history.
public struct History: Codable, Equatable, Sendable {
    public var created: String?
    public var createdBy: String?
    public var comment: String?
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created
        case createdBy = "created_by"
        case comment
        case emptyLayer = "empty_layer"
    }

    public init(created: String? = nil, createdBy: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
        self.created = created
        self.createdBy = createdBy
        self.comment = comment
        self.emptyLayer = emptyLayer
    }
}

/// The `{}` used as the value of set-like maps (`ExposedPorts`, `Volumes`).
public struct EmptyObject: Codable, Equatable, Sendable {
    public init() {}

    private struct NoKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        // Any object is accepted: the keys of the enclosing map carry the meaning.
        _ = try decoder.container(keyedBy: NoKey.self)
    }

    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKey.self)
    }
}
