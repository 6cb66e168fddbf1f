import ImageSpec

/// A manifest or index as the registry sent it, with its digest.
public struct FetchedManifest: Sendable {
    public var bytes: [UInt8]
    /// sha256 of `bytes`: the content address the store files it under.
    public var digest: String
    public var mediaType: String
}

extension RegistryClient {
    /// GETs the manifest `reference` (a tag or a digest). Its digest is
    /// computed from the bytes received; when `reference` is a digest (a
    /// pinned pull, or an index entry) the bytes must hash to it, and a
    /// `Docker-Content-Digest` header must agree too.
    public func manifest(_ reference: String) throws(RegistryError) -> FetchedManifest {
        let request = HTTPRequest(
            url: endpoint.manifestURL(reference), headers: [("Accept", RegistryEndpoint.manifestAccept)])
        let response = try send(request)
        guard response.isSuccess else { throw failure(response, "manifest unknown") }
        guard response.body.count < HTTPClient.collectLimit else {
            throw RegistryError(
                "pull \(endpoint.domain)/\(endpoint.repository):\(reference): manifest larger than 8 MiB")
        }
        var hash = SHA256()
        hash.update(response.body)
        let digest = "sha256:" + hash.finalizeHex()
        let separator = ImageReference.isDigest(reference) ? "@" : ":"
        let what = "\(endpoint.domain)/\(endpoint.repository)\(separator)\(reference)"
        if ImageReference.isDigest(reference), digest != reference {
            throw RegistryError("pull \(what): the registry sent a manifest that hashes to \(digest)")
        }
        if let announced = response.header("docker-content-digest"), announced.hasPrefix("sha256:"),
            announced != digest
        {
            throw RegistryError("pull \(what): manifest hashes to \(digest), the registry says \(announced)")
        }
        var mediaType = response.header("content-type") ?? ""
        if let semicolon = mediaType.firstIndex(of: ";") { mediaType = String(mediaType[..<semicolon]) }
        return FetchedManifest(bytes: response.body, digest: digest, mediaType: mediaType)
    }
}
