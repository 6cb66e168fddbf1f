import ImageSpec
import JSON
import Syscalls

/// One image an archive brought in.
public struct LoadedImage: Equatable, Sendable {
    /// The names given to it (may be empty: reachable by digest only).
    public var names: [String]
    public var digest: String
}

/// `manifest.json` of a `docker save` archive.
struct DockerArchiveEntry: Decodable {
    var config: String
    var repoTags: [String]?
    var layers: [String]

    enum CodingKeys: String, CodingKey {
        case config = "Config"
        case repoTags = "RepoTags"
        case layers = "Layers"
    }
}

extension ImageStore {
    /// Loads a `docker save` archive or an OCI image layout archive (plain,
    /// gzip or zstd tar). Every file goes through the content store (an OCI blob
    /// must hash to its name); names come from `RepoTags` or the
    /// `org.opencontainers.image.ref.name` annotation (a bare tag there is
    /// applied to `name`, else to `localhost/<value>`). Layers of the host
    /// platform are unpacked before a name is written.
    public func load(archive path: String, name: ImageReference? = nil) throws(ImageStoreError) -> [LoadedImage] {
        // Shared: a concurrent `image prune` waits until this is done.
        let storeLock = try lockShared()
        defer { storeLock?.unlock() }
        var files: [String: String] = [:]  // member path → digest
        var links: [String: String] = [:]  // member path → link target (docker-archive layer.tar)
        var metadata: [String: [UInt8]] = [:]
        let metadataNames: Set<String> = ["manifest.json", "index.json", "oci-layout", "repositories"]
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path)
        } catch {
            throw ImageStoreError("load \(path): \(error)")
        }
        defer { fd.close() }
        do {
            let raw: TarReader.Source = { try fd.read(into: $0) }
            var magic = [UInt8](repeating: 0, count: 4)
            let peeked = try magic.withUnsafeMutableBytes { try fd.read(into: $0) }
            var replay = Array(magic[0..<peeked])
            let replaying: TarReader.Source = { buffer in
                if !replay.isEmpty {
                    let count = min(buffer.count, replay.count)
                    for index in 0..<count { buffer[index] = replay[index] }
                    replay.removeFirst(count)
                    return count
                }
                return try raw(buffer)
            }
            let source = try LayerCompression.detect(magic[0..<peeked]).decompressing(replaying)
            var reader = TarReader(source: source)
            while let entry = try reader.next() {
                let member = entry.path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
                switch entry.kind {
                case .symbolicLink:
                    links[member] = entry.linkName
                case .file where metadataNames.contains(member):
                    guard entry.size <= 16 << 20 else { throw ImageStoreError("load \(path): \(member) is too large") }
                    var bytes = [UInt8](repeating: 0, count: Int(entry.size))
                    var filled = 0
                    while filled < bytes.count {
                        let count = try bytes.withUnsafeMutableBytes { raw in
                            try reader.readContent(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                        }
                        if count == 0 { break }
                        filled += count
                    }
                    metadata[member] = bytes
                case .file:
                    var expected: String?
                    if member.hasPrefix("blobs/sha256/") {
                        expected = "sha256:" + member.dropFirst("blobs/sha256/".count)
                    }
                    files[member] = try content.ingest(expected: expected, expectedSize: entry.size) { buffer in
                        try reader.readContent(into: buffer)
                    }
                default:
                    continue
                }
            }
        } catch let error as ImageStoreError {
            throw error
        } catch {
            throw ImageStoreError("load \(path): \(error)")
        }

        var loaded: [LoadedImage] = []
        if let manifestJSON = metadata["manifest.json"] {
            let entries: [DockerArchiveEntry]
            do {
                entries = try JSONDecoder().decode([DockerArchiveEntry].self, from: manifestJSON)
            } catch {
                throw ImageStoreError("load \(path): manifest.json: \(error)")
            }
            for entry in entries {
                let digest = try dockerManifest(entry, files: files, links: links, archive: path)
                let names = (entry.repoTags ?? []).compactMap { try? ImageReference(parsing: $0) }
                loaded.append(try register(digest, names: names))
            }
        } else if let indexJSON = metadata["index.json"] {
            let index: Index
            do {
                index = try JSONDecoder().decode(Index.self, from: indexJSON)
            } catch {
                throw ImageStoreError("load \(path): index.json: \(error)")
            }
            for descriptor in index.manifests {
                var names: [ImageReference] = []
                if let value = descriptor.annotations?[Descriptor.refNameAnnotation] {
                    if value.contains("/") || value.contains(":") || name == nil,
                        let reference = try? ImageReference(
                            parsing: value.contains("/") || value.contains(":") ? value : "localhost/" + value)
                    {
                        names.append(reference)
                    } else if var reference = name {
                        reference.tag = value
                        reference.digest = nil
                        names.append(reference)
                    }
                } else if let name {
                    names.append(name)
                }
                loaded.append(try register(descriptor.digest, names: names))
            }
        } else {
            throw ImageStoreError("load \(path): neither manifest.json (docker save) nor index.json (OCI layout)")
        }
        return loaded
    }

    /// Writes an OCI manifest for one `docker save` entry and returns its digest.
    private func dockerManifest(
        _ entry: DockerArchiveEntry, files: [String: String], links: [String: String], archive: String
    ) throws(ImageStoreError) -> String {
        func blob(_ member: String) throws(ImageStoreError) -> String {
            var current = member
            for _ in 0..<8 {
                if let digest = files[current] { return digest }
                guard let target = links[current] else { break }
                let directory = current.split(separator: "/").dropLast()
                var parts: [Substring] = Array(directory)
                for part in target.split(separator: "/") {
                    if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
                }
                current = parts.joined(separator: "/")
            }
            throw ImageStoreError("load \(archive): manifest.json names '\(member)', which the archive does not hold")
        }
        let configDigest = try blob(entry.config)
        var layers: [Descriptor] = []
        for member in entry.layers {
            let digest = try blob(member)
            let bytes = try content.read(digest)
            layers.append(
                Descriptor(
                    mediaType: LayerCompression.detect(bytes.prefix(4)).layerMediaType, digest: digest,
                    size: Int64(bytes.count)))
        }
        let configSize = Int64(try content.read(configDigest).count)
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: configSize), layers: layers)
        do {
            return try content.ingest(try JSONEncoder().encode(manifest))
        } catch let error as ImageStoreError {
            throw error
        } catch {
            throw ImageStoreError("load \(archive): encode manifest: \(error)")
        }
    }

    /// Unpacks the host platform's layers of `digest`, then names it.
    func register(_ digest: String, names: [ImageReference]) throws(ImageStoreError) -> LoadedImage {
        let (_, manifest) = try manifest(digest)
        let config = try document(ImageConfig.self, manifest.config.digest)
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw ImageStoreError(
                "image \(digest): \(manifest.layers.count) layers but \(config.rootfs.diffIDs.count) diff_ids")
        }
        for (layer, diffID) in zip(manifest.layers, config.rootfs.diffIDs) {
            try unpackLayer(layer, diffID: diffID)
        }
        try NameIndex.update(indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
            for name in names {
                index.set(repository: name.repository, tag: name.tag ?? ImageReference.defaultTag, digest: digest)
            }
        }
        return LoadedImage(names: names.map(\.description), digest: digest)
    }
}
