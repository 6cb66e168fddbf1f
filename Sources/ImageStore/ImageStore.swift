import ImageSpec
import Syscalls

/// The image store under `$SWCTL_ROOT/images`: content-addressed blobs, the
/// name index, and unpacked layers that overlayfs mounts as lower dirs.
///
/// ```
/// images/blobs/sha256/<hex>     manifests, configs, compressed layers
/// images/index.json             repository → tag → manifest digest (flock: index.json.lock)
/// images/layers/<diffID hex>/   one unpacked layer, whiteouts in overlayfs form
/// ```
public struct ImageStore: Sendable {
    public let root: String
    public let content: ContentStore

    /// The store under a state root (`StatePaths.persistentRoot`).
    public init(stateRoot: String) {
        root = stateRoot + "/images"
        content = ContentStore(root: root)
    }

    public var indexPath: String { root + "/index.json" }
    public var layersDirectory: String { root + "/layers" }

    /// The directory of the unpacked layer `diffID`.
    public func layerPath(_ diffID: String) throws(ImageStoreError) -> String {
        guard ImageReference.isDigest(diffID) else {
            throw ImageStoreError("layer '\(diffID)': not a sha256:<64 lowercase hex> digest")
        }
        return layersDirectory + "/" + String(diffID.dropFirst("sha256:".count))
    }
}
