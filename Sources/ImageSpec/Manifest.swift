/// A single-platform image manifest (OCI or Docker schema2): a config blob and
/// the layers, bottom first.
public struct Manifest: Codable, Equatable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociManifest, config: Descriptor,
        layers: [Descriptor], annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = nil
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}
