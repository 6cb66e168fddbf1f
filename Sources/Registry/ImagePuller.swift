import ImageSpec
import ImageStore
import JSON
import Syscalls

/// What a pull stored.
public struct PulledImage: Sendable, Equatable {
    /// The reference as normalised (`localhost:5000/app:1`).
    public var reference: String
    /// What the name now points at: the index for a multi-platform image,
    /// else the manifest (the digest `docker pull` prints).
    public var digest: String
    /// The manifest for this platform.
    public var manifestDigest: String
    public var layerCount: Int
    /// Layer blobs fetched over the network by this pull (others were present).
    public var downloadedLayers: Int
}

/// `swctl image pull`: a manifest (via an index when the image has several
/// platforms), its config and layers from a registry into the image store;
/// layers are downloaded and unpacked on several threads at once.
public struct ImagePuller: Sendable {
    public var store: ImageStore
    public var configuration: RegistryConfiguration
    public var platform: Platform
    /// Layers downloaded at once.
    public var parallelDownloads: Int

    public init(
        store: ImageStore, configuration: RegistryConfiguration, platform: Platform = .host, parallelDownloads: Int = 4
    ) {
        self.store = store
        self.configuration = configuration
        self.platform = platform
        self.parallelDownloads = max(1, parallelDownloads)
    }

    private struct Probe: Decodable {
        var mediaType: String?
        var manifests: [Descriptor]?
        var layers: [Descriptor]?
    }

    /// Pulls `reference`, names it (when it has a tag) and returns what was stored.
    @discardableResult
    public func pull(_ reference: ImageReference, observer: any PullObserver = SilentPullObserver())
        throws(RegistryError) -> PulledImage
    {
        let subject = "pull \(reference.familiarDescription)"
        // Shared with loads, imports and starts; `image prune` waits for it.
        let lock: FileLock?
        do { lock = try store.lockShared() } catch { throw RegistryError("\(subject): \(error)") }
        defer { lock?.unlock() }
        let client = try RegistryClient.connect(reference, configuration: configuration)
        let top = try client.manifest(reference.digest ?? reference.tag ?? ImageReference.defaultTag)
        var manifestBytes = top.bytes
        var manifestDigest = top.digest
        var documents = [top]
        let probe = try decode(Probe.self, top.bytes, subject, "manifest \(top.digest)")
        let isIndex = probe.manifests != nil || MediaType.isIndex(probe.mediaType ?? top.mediaType)
        if isIndex {
            let index = try decode(Index.self, top.bytes, subject, "index \(top.digest)")
            guard let chosen = Platform.best(of: index.manifests, for: platform) else {
                let offered = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
                throw RegistryError("\(subject): no image for \(platform) (the index offers \(offered))")
            }
            let platformManifest = try client.manifest(chosen.digest)
            manifestBytes = platformManifest.bytes
            manifestDigest = platformManifest.digest
            documents.append(platformManifest)
        }
        let manifest = try decode(Manifest.self, manifestBytes, subject, "manifest \(manifestDigest)")
        guard manifest.layers.allSatisfy({ MediaType.layerCompression($0.mediaType) != nil }) else {
            let types = manifest.layers.map(\.mediaType).filter { MediaType.layerCompression($0) == nil }
            throw RegistryError("\(subject): layer media type \(types.joined(separator: ", ")) is not an image layer")
        }

        // The config first (small; its diff_ids name the unpacked layers).
        do {
            try client.fetchBlob(manifest.config, into: store.content)
        }
        let config: ImageConfig
        do {
            config = try store.document(ImageConfig.self, manifest.config.digest)
        } catch {
            throw RegistryError("\(subject): \(error)")
        }
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw RegistryError(
                "\(subject): the manifest has \(manifest.layers.count) layers, the config \(config.rootfs.diffIDs.count) diff_ids"
            )
        }
        var unique: [(layer: Descriptor, diffID: String)] = []
        var seen: Set<String> = []
        for (layer, diffID) in zip(manifest.layers, config.rootfs.diffIDs) where seen.insert(diffID).inserted {
            unique.append((layer, diffID))
        }
        observer.resolved(
            reference: reference.description, manifestDigest: manifestDigest, layers: unique.map(\.layer))

        let downloaded = try fetchLayers(unique, client: client, observer: observer)

        // Documents last: a name never points at an image whose layers are missing.
        for document in documents {
            do {
                try store.content.ingest(document.bytes, expected: document.digest)
            } catch {
                throw RegistryError("\(subject): \(error)")
            }
        }
        if let tag = reference.tag {
            do {
                try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
                    index.set(repository: reference.repository, tag: tag, digest: top.digest)
                }
            } catch {
                throw RegistryError("\(subject): \(error)")
            }
        }
        return PulledImage(
            reference: reference.description, digest: top.digest, manifestDigest: manifestDigest,
            layerCount: manifest.layers.count, downloadedLayers: downloaded)
    }

    /// Downloads and unpacks the layers on up to `parallelDownloads` threads,
    /// each with its own connection; returns how many were downloaded.
    private func fetchLayers(
        _ layers: [(layer: Descriptor, diffID: String)], client: RegistryClient, observer: any PullObserver
    ) throws(RegistryError) -> Int {
        struct Work: Sendable {
            var layer: Descriptor
            var diffID: String
        }
        let queue = WorkQueue(layers.map { Work(layer: $0.layer, diffID: $0.diffID) })
        let downloads = Counter()
        let endpoint = client.endpoint
        let (store, configuration) = (self.store, self.configuration)
        WorkerThreads.run(count: min(parallelDownloads, layers.count)) { _ in
            let worker: RegistryClient
            do throws(RegistryError) {
                worker = try RegistryClient(
                    endpoint: endpoint, configuration: configuration,
                    subject: "pull \(endpoint.domain)/\(endpoint.repository)")
            } catch {
                queue.fail(error)
                return
            }
            while let work = queue.take() {
                do throws(RegistryError) {
                    let digest = work.layer.digest
                    let total = work.layer.size
                    let fetched = try worker.fetchBlob(work.layer, into: store.content) { bytes in
                        observer.progress(digest: digest, bytes: bytes, total: total)
                    }
                    if fetched { downloads.increment() }
                    observer.finished(digest: digest, state: fetched ? .downloaded : .present)
                    do {
                        try store.unpackLayer(work.layer, diffID: work.diffID)
                    } catch {
                        throw RegistryError("pull \(endpoint.domain)/\(endpoint.repository): \(error)")
                    }
                    observer.finished(digest: digest, state: .unpacked)
                } catch {
                    queue.fail(error)
                }
            }
        }
        if let error = queue.firstError { throw error }
        return downloads.value
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ subject: String, _ what: String)
        throws(RegistryError) -> T
    {
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch {
            throw RegistryError("\(subject): \(what): \(error)")
        }
    }
}
