import ImageSpec

/// What the store knows of one image, for `inspect`: no layer is unpacked
/// and nothing is written to produce it.
public struct ImageSummary: Encodable, Equatable, Sendable {
    /// One layer: the blob as stored and the unpacked content's digest.
    public struct Layer: Encodable, Equatable, Sendable {
        public var digest: String
        public var mediaType: String
        public var size: Int64
        public var diffID: String
    }

    public var reference: String
    /// The digest the name points at (a manifest, or an index).
    public var digest: String
    /// The host platform's manifest.
    public var manifestDigest: String
    public var configDigest: String
    /// Bottom first.
    public var layers: [Layer]
    /// `PORT/PROTO`, sorted.
    public var exposedPorts: [String]?
    public var stopSignal: String?
    public var labels: [String: String]?
}

extension ImageStore {
    /// The digests, layers, exposed ports, stop signal and labels of the
    /// image `reference` names, read from the store without changing it.
    public func describe(_ reference: ImageReference, platform: Platform = .host) throws(ImageStoreError)
        -> ImageSummary
    {
        let digest = try digest(for: reference)
        let (manifestDigest, manifest) = try manifest(digest, platform: platform)
        let config = try document(ImageConfig.self, manifest.config.digest)
        let diffIDs = config.rootfs.diffIDs
        let layers = manifest.layers.enumerated().map { index, layer in
            ImageSummary.Layer(
                digest: layer.digest, mediaType: layer.mediaType, size: layer.size,
                diffID: index < diffIDs.count ? diffIDs[index] : "")
        }
        let ports = config.config?.exposedPortList.map(\.description) ?? []
        let labels = config.config?.labels ?? [:]
        return ImageSummary(
            reference: reference.description, digest: digest, manifestDigest: manifestDigest,
            configDigest: manifest.config.digest, layers: layers, exposedPorts: ports.isEmpty ? nil : ports,
            stopSignal: config.config?.stopSignal.flatMap { $0.isEmpty ? nil : $0 },
            labels: labels.isEmpty ? nil : labels)
    }
}
