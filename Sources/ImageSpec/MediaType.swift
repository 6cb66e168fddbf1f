/// Media types of the documents and layers an image is made of: the OCI
/// image-spec ones and their Docker schema2 equivalents, which registries and
/// `docker save` still produce.
public enum MediaType {
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    public static let ociLayoutHeader = "application/vnd.oci.layout.header.v1+json"

    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerForeignLayerGzip =
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"

    /// Whether `type` names a list of per-platform manifests.
    public static func isIndex(_ type: String) -> Bool {
        type == ociIndex || type == dockerManifestList
    }

    /// Whether `type` names a single-platform manifest.
    public static func isManifest(_ type: String) -> Bool {
        type == ociManifest || type == dockerManifest
    }

    /// How a layer blob of media type `type` is compressed, or nil when the
    /// type is not a layer this store can unpack.
    public static func layerCompression(_ type: String) -> LayerCompression? {
        switch type {
        case ociLayer, "application/vnd.oci.image.layer.nondistributable.v1.tar":
            return .uncompressed
        case ociLayerGzip, dockerLayerGzip, dockerForeignLayerGzip,
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip":
            return .gzip
        case ociLayerZstd, "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd":
            return .zstd
        default:
            return nil
        }
    }
}

/// How a layer tarball is compressed.
public enum LayerCompression: String, Sendable, Equatable {
    case uncompressed, gzip, zstd
}
