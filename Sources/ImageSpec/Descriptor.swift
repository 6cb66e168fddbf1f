/// A content descriptor: what a blob is, how big, and its digest
/// (image-spec `descriptor.md`).
public struct Descriptor: Codable, Equatable, Sendable {
    public var mediaType: String
    /// `algorithm:hex`, e.g. `sha256:…`.
    public var digest: String
    public var size: Int64
    public var urls: [String]?
    public var annotations: [String: String]?
    /// Set on the entries of an index.
    public var platform: Platform?
    public var artifactType: String?

    public init(
        mediaType: String, digest: String, size: Int64, urls: [String]? = nil,
        annotations: [String: String]? = nil, platform: Platform? = nil, artifactType: String? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
    }
}

extension Descriptor {
    /// The annotation an OCI layout uses to name an image (`org.opencontainers.image.ref.name`).
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"
}
