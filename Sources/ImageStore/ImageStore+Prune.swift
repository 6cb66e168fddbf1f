import ImageSpec
import JSON
import Syscalls

/// What `ImageStore.prune` should keep besides the named images.
public struct PruneOptions: Sendable, Equatable {
    /// Also remove the names of images that no reference in `inUse` names
    /// (`swctl image prune -a`); without it only unnamed content goes.
    public var all: Bool
    /// The images container definitions use (`Image=`): never removed,
    /// whether named by tag or pinned by digest.
    public var inUse: [ImageReference]

    public init(all: Bool = false, inUse: [ImageReference] = []) {
        self.all = all
        self.inUse = inUse
    }
}

/// What a prune removed.
public struct PruneReport: Sendable, Equatable {
    /// Names removed (with `all`), `repository:tag`.
    public var untagged: [String] = []
    /// Blob digests removed (manifests, configs, compressed layers).
    public var deletedBlobs: [String] = []
    /// Unpacked layers removed, by diffID.
    public var deletedLayers: [String] = []
    /// Bytes of file content freed.
    public var reclaimedBytes: Int64 = 0

    public init() {}
}

extension ImageStore {
    /// Removes what no image needs: blobs and unpacked layers not reachable
    /// from a name in the index or from an image `options.inUse` names,
    /// layers left half-unpacked and blobs left half-written by a crash. With `options.all` it
    /// first removes the names of images no definition uses. A layer that
    /// a mounted overlay uses (a running container whose image was renamed
    /// or removed) is kept, as `mountinfo` shows it.
    ///
    /// Holds the store lock exclusively (so load, import, pull and start
    /// wait) and the name index lock (so `tag` and `rm` wait) throughout.
    public func prune(_ options: PruneOptions, mountinfo: String? = nil) throws(ImageStoreError) -> PruneReport {
        try withExclusiveLock { () throws(ImageStoreError) -> PruneReport in
            try NameIndex.update(indexPath) { (index: inout NameIndex) throws(ImageStoreError) -> PruneReport in
                try prune(
                    &index, options, mountinfo: mountinfo ?? (try? FileSystem.readTextFile("/proc/self/mountinfo")))
            }
        }
    }

    private func prune(_ index: inout NameIndex, _ options: PruneOptions, mountinfo: String?) throws(ImageStoreError)
        -> PruneReport
    {
        var report = PruneReport()
        // Digests the definitions use: by name if the store has it, or pinned.
        var usedDigests: Set<String> = []
        for reference in options.inUse {
            if let digest = reference.digest {
                usedDigests.insert(digest)
            } else if let digest = index.digest(
                repository: reference.repository, tag: reference.tag ?? ImageReference.defaultTag)
            {
                usedDigests.insert(digest)
            }
        }
        if options.all {
            for entry in index.entries where !usedDigests.contains(entry.digest) {
                index.remove(repository: entry.repository, tag: entry.tag)
                report.untagged.append("\(entry.repository):\(entry.tag)")
            }
        }
        let roots = Set(index.entries.map(\.digest)).union(usedDigests)
        let (blobs, diffIDs) = try reachable(from: roots.sorted())
        let mounted = ImageStore.mountedLayers(mountinfo ?? "")

        for digest in try content.digests().sorted() where !blobs.contains(digest) {
            let size = (try? FileSystem.status(try content.path(of: digest), followSymlinks: false))??.size ?? 0
            try content.remove(digest)
            report.deletedBlobs.append(digest)
            report.reclaimedBytes += size
        }
        let entries: [DirectoryEntry]
        do {
            entries = FileSystem.exists(layersDirectory) ? try FileSystem.listDirectory(layersDirectory) : []
        } catch {
            throw ImageStoreError("prune: list \(layersDirectory): \(error)")
        }
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            let path = layersDirectory + "/" + entry.name
            let diffID = "sha256:" + entry.name
            // Nobody unpacks while the lock is held exclusively: an `.unpack-` dir is a crash's leftover.
            let stale = entry.name.hasPrefix(".unpack-")
            let unused =
                ImageReference.isDigest(diffID) && !diffIDs.contains(diffID) && !mounted.contains(entry.name)
            guard stale || unused else { continue }
            let size = ImageStore.contentSize(path)
            do {
                try FileSystem.removeTree(path)
            } catch {
                throw ImageStoreError("prune: remove layer \(path): \(error)")
            }
            if unused { report.deletedLayers.append(diffID) }
            report.reclaimedBytes += size
        }
        report.reclaimedBytes += try removeAbandonedIngests()
        return report
    }

    /// Removes what interrupted loads and imports left in `ingest/`: files
    /// named `<pid>-<clock>` (`ContentStore.ingest`) whose process is gone.
    /// Others (a pull's resumable `.partial` downloads) stay.
    private func removeAbandonedIngests() throws(ImageStoreError) -> Int64 {
        guard FileSystem.exists(content.ingestDirectory) else { return 0 }
        let entries: [DirectoryEntry]
        do {
            entries = try FileSystem.listDirectory(content.ingestDirectory)
        } catch {
            throw ImageStoreError("prune: list \(content.ingestDirectory): \(error)")
        }
        var freed: Int64 = 0
        for entry in entries where entry.kind == .regular {
            let parts = entry.name.split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), UInt64(parts[1]) != nil, !Processes.exists(pid)
            else { continue }
            let path = content.ingestDirectory + "/" + entry.name
            let size = ImageStore.contentSize(path)
            do {
                try FileSystem.removeFile(path)
            } catch {
                throw ImageStoreError("prune: remove \(path): \(error)")
            }
            freed += size
        }
        return freed
    }

    /// Every blob and diffID the documents `roots` lead to: an index's
    /// manifests (those present: other platforms may never have been
    /// fetched), a manifest's config and layers, a config's diffIDs.
    func reachable(from roots: [String]) throws(ImageStoreError) -> (blobs: Set<String>, diffIDs: Set<String>) {
        var blobs: Set<String> = []
        var diffIDs: Set<String> = []
        var pending = roots
        while let digest = pending.popLast() {
            guard content.contains(digest), blobs.insert(digest).inserted else { continue }
            let probe: MediaTypeProbe
            do { probe = try document(MediaTypeProbe.self, digest) } catch {
                throw ImageStoreError("prune: read image \(digest): \(error.message) (nothing removed)")
            }
            if let manifests = probe.manifests {
                pending += manifests.map(\.digest)
                continue
            }
            let manifest: Manifest
            do { manifest = try document(Manifest.self, digest) } catch {
                throw ImageStoreError("prune: read manifest \(digest): \(error.message) (nothing removed)")
            }
            blobs.insert(manifest.config.digest)
            blobs.formUnion(manifest.layers.map(\.digest))
            if content.contains(manifest.config.digest) {
                let config: ImageConfig
                do { config = try document(ImageConfig.self, manifest.config.digest) } catch {
                    throw ImageStoreError(
                        "prune: read config \(manifest.config.digest): \(error.message) (nothing removed)")
                }
                diffIDs.formUnion(config.rootfs.diffIDs)
            }
        }
        return (blobs, diffIDs)
    }

    /// The hex names of layer directories that mounted overlays use as
    /// lower dirs (`…/layers/<64 hex>` in their mount options).
    static func mountedLayers(_ mountinfo: String) -> Set<String> {
        var names: Set<String> = []
        for line in mountinfo.split(separator: "\n") where line.contains(" - overlay ") {
            var rest = Substring(line)
            while let range = rest.firstRange(of: "/layers/") {
                let candidate = rest[range.upperBound...].prefix(64)
                if candidate.count == 64, candidate.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                    names.insert(String(candidate))
                }
                rest = rest[range.upperBound...]
            }
        }
        return names
    }

    /// The bytes of file content under `path` (a blob or a layer tree).
    static func contentSize(_ path: String) -> Int64 {
        guard let status = (try? FileSystem.status(path, followSymlinks: false)) ?? nil else { return 0 }
        guard status.kind == .directory else { return status.kind == .regular ? status.size : 0 }
        let entries = (try? FileSystem.listDirectory(path)) ?? []
        return entries.reduce(0) { $0 + contentSize(path + "/" + $1.name) }
    }
}
