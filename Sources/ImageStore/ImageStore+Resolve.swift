import ImageSpec
import JSON
import Syscalls

/// An image ready to run: its manifest, configuration and layer directories.
public struct ResolvedImage: Sendable {
    public var reference: String
    /// The digest the name points at (a manifest, or an index for several platforms).
    public var digest: String
    public var manifestDigest: String
    public var manifest: Manifest
    public var config: ImageConfig
    /// Unpacked layer directories, bottom first.
    public var layers: [String]
}

extension Platform {
    /// The platform this binary runs on.
    public static var host: Platform {
        #if arch(x86_64)
            return Platform(architecture: "amd64", os: "linux")
        #elseif arch(arm64)
            return Platform(architecture: "arm64", os: "linux")
        #else
            return Platform(architecture: "unknown", os: "linux")
        #endif
    }
}

extension ImageStore {
    /// Decodes the JSON blob `digest` as `type`.
    public func document<T: Decodable>(_ type: T.Type, _ digest: String) throws(ImageStoreError) -> T {
        let bytes = try content.read(digest)
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch {
            throw ImageStoreError("decode blob \(digest): \(error)")
        }
    }

    /// The manifest for `platform` behind `digest`, following an index.
    public func manifest(_ digest: String, platform: Platform = .host) throws(ImageStoreError) -> (String, Manifest) {
        let probe = try document(MediaTypeProbe.self, digest)
        if probe.manifests != nil || MediaType.isIndex(probe.mediaType ?? "") {
            let index = try document(Index.self, digest)
            guard let chosen = Platform.best(of: index.manifests, for: platform) else {
                let offered = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
                throw ImageStoreError("image \(digest): no manifest for \(platform) (offers \(offered))")
            }
            return (chosen.digest, try document(Manifest.self, chosen.digest))
        }
        return (digest, try document(Manifest.self, digest))
    }

    /// What `reference` names: a digest reference, or a name in the index.
    public func digest(for reference: ImageReference) throws(ImageStoreError) -> String {
        if let digest = reference.digest {
            guard content.contains(digest) else { throw ImageStoreError("image \(reference): not in the store") }
            return digest
        }
        let index = try NameIndex.load(indexPath)
        guard
            let digest = index.digest(repository: reference.repository, tag: reference.tag ?? ImageReference.defaultTag)
        else {
            throw ImageStoreError(
                "image \(reference.familiarDescription): not in the store (swctl image load or import it)")
        }
        return digest
    }

    /// Resolves `reference` to its config and unpacked layers, unpacking any
    /// layer not yet unpacked.
    public func resolve(_ reference: ImageReference, platform: Platform = .host) throws(ImageStoreError)
        -> ResolvedImage
    {
        // Shared: a concurrent `image prune` waits until this is done.
        let storeLock = try lockShared()
        defer { storeLock?.unlock() }
        let digest = try digest(for: reference)
        let (manifestDigest, manifest) = try manifest(digest, platform: platform)
        let config = try document(ImageConfig.self, manifest.config.digest)
        let diffIDs = config.rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw ImageStoreError(
                "image \(reference): \(manifest.layers.count) layers but \(diffIDs.count) diff_ids in the config")
        }
        var layers: [String] = []
        for (layer, diffID) in zip(manifest.layers, diffIDs) {
            layers.append(try unpackLayer(layer, diffID: diffID))
        }
        return ResolvedImage(
            reference: reference.description, digest: digest, manifestDigest: manifestDigest, manifest: manifest,
            config: config, layers: layers)
    }
}

/// Just enough of a document to tell an index from a manifest.
struct MediaTypeProbe: Decodable {
    var mediaType: String?
    var manifests: [Descriptor]?
}
