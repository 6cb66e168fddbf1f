import ImageSpec

/// What a pull reports while it runs, for a progress display. Called from
/// the download threads: implementations synchronise themselves.
public protocol PullObserver: Sendable {
    /// The manifest is known: these layers (unique, bottom first) are needed.
    func resolved(reference: String, manifestDigest: String, layers: [Descriptor])
    /// `bytes` of `total` of blob `digest` are in the store's ingest area.
    func progress(digest: String, bytes: Int64, total: Int64)
    /// A layer is complete: `state` says whether it was downloaded or present.
    func finished(digest: String, state: LayerPullState)
}

public enum LayerPullState: String, Sendable {
    /// The blob was in the store already.
    case present = "Already exists"
    /// Downloaded (or resumed) and verified.
    case downloaded = "Downloaded"
    /// Unpacked into its layer directory.
    case unpacked = "Pull complete"
}

/// Reports nothing.
public struct SilentPullObserver: PullObserver {
    public init() {}
    public func resolved(reference: String, manifestDigest: String, layers: [Descriptor]) {}
    public func progress(digest: String, bytes: Int64, total: Int64) {}
    public func finished(digest: String, state: LayerPullState) {}
}
