import ImageSpec
import Syscalls

/// Content-addressed blobs on disk: `<root>/blobs/sha256/<hex>`.
///
/// A blob is only ever visible under its name once its bytes hash to that
/// name: it is written under `<root>/ingest/`, hashed while written, and
/// renamed into place after the digest (and size, when known) match.
public struct ContentStore: Sendable {
    /// The store's directory (`$SWCTL_ROOT/images`).
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public var blobsDirectory: String { root + "/blobs/sha256" }
    public var ingestDirectory: String { root + "/ingest" }

    /// The path of the blob `digest`; throws when it is not `sha256:<64 hex>`,
    /// so a digest read from an archive can never name a path elsewhere.
    public func path(of digest: String) throws(ImageStoreError) -> String {
        guard ImageReference.isDigest(digest) else {
            throw ImageStoreError("blob '\(digest)': not a sha256:<64 lowercase hex> digest")
        }
        return blobsDirectory + "/" + String(digest.dropFirst("sha256:".count))
    }

    /// Whether the blob is present.
    public func contains(_ digest: String) -> Bool {
        guard let path = try? path(of: digest) else { return false }
        return FileSystem.exists(path)
    }

    /// The whole blob.
    public func read(_ digest: String) throws(ImageStoreError) -> [UInt8] {
        let path = try path(of: digest)
        do {
            return try FileSystem.readFile(path)
        } catch {
            throw ImageStoreError("read blob \(digest): \(error)")
        }
    }

    /// Every blob digest in the store.
    public func digests() throws(ImageStoreError) -> [String] {
        guard FileSystem.exists(blobsDirectory) else { return [] }
        do {
            return try FileSystem.listDirectory(blobsDirectory).map { "sha256:" + $0.name }
                .filter(ImageReference.isDigest)
        } catch {
            throw ImageStoreError("list blobs: \(error)")
        }
    }

    /// Removes a blob; absent is fine.
    public func remove(_ digest: String) throws(ImageStoreError) {
        let path = try path(of: digest)
        guard FileSystem.exists(path) else { return }
        do {
            try FileSystem.removeFile(path)
        } catch {
            throw ImageStoreError("remove blob \(digest): \(error)")
        }
    }
}
