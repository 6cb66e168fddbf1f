/// The names of stored images: repository → tag → manifest digest (the
/// manifest or index blob a name resolves to).
public struct NameIndex: Codable, Equatable, Sendable {
    /// Keyed by the normalised repository (`localhost/web`, `docker.io/library/nginx`).
    public var repositories: [String: [String: String]]

    public init(repositories: [String: [String: String]] = [:]) {
        self.repositories = repositories
    }

    /// The digest `repository:tag` names, if any.
    public func digest(repository: String, tag: String) -> String? {
        repositories[repository]?[tag]
    }

    /// Points `repository:tag` at `digest`, replacing what it named before.
    public mutating func set(repository: String, tag: String, digest: String) {
        repositories[repository, default: [:]][tag] = digest
    }

    /// Removes `repository:tag`; returns the digest it named.
    @discardableResult
    public mutating func remove(repository: String, tag: String) -> String? {
        let digest = repositories[repository]?.removeValue(forKey: tag)
        if repositories[repository]?.isEmpty == true { repositories[repository] = nil }
        return digest
    }

    /// Every `(repository, tag, digest)`, sorted by repository then tag.
    public var entries: [(repository: String, tag: String, digest: String)] {
        repositories.keys.sorted().flatMap { repository in
            (repositories[repository] ?? [:]).keys.sorted().map { tag in
                (repository, tag, repositories[repository]?[tag] ?? "")
            }
        }
    }

    /// Whether any name still points at `digest`.
    public func isNamed(_ digest: String) -> Bool {
        repositories.values.contains { $0.values.contains(digest) }
    }
}
