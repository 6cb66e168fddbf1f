import ImageSpec

/// Where one repository's API lives and how to reach it: the base URL
/// (scheme chosen by `RegistryClient.connect`), the CA file, and the
/// `Authorization` value for pulling from it. Shared by the download
/// threads of one pull.
public struct RegistryEndpoint: Sendable, Equatable {
    public var domain: String
    public var repository: String
    /// `https://registry.example:5000` (or `http://…` for a plain-HTTP registry).
    public var baseURL: String
    public var caFile: String?
    public var authorization: String?

    public init(domain: String, repository: String, baseURL: String, caFile: String?, authorization: String?) {
        self.domain = domain
        self.repository = repository
        self.baseURL = baseURL
        self.caFile = caFile
        self.authorization = authorization
    }

    /// The host the API is served on: Docker Hub's names map to its registry host.
    public static func apiHost(for domain: String) -> String {
        domain == ImageReference.defaultDomain ? "registry-1.docker.io" : domain
    }

    /// `/v2/` on `scheme`.
    public static func pingURL(domain: String, scheme: String) -> String {
        "\(scheme)://\(apiHost(for: domain))/v2/"
    }

    public func manifestURL(_ reference: String) -> String {
        "\(baseURL)/v2/\(repository)/manifests/\(reference)"
    }

    public func blobURL(_ digest: String) -> String {
        "\(baseURL)/v2/\(repository)/blobs/\(digest)"
    }

    /// The media types a manifest request accepts: both index kinds and both
    /// single-platform manifest kinds (OCI and Docker schema2).
    public static let manifestAccept = [
        MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest,
    ].joined(separator: ", ")
}

/// Percent-encoding for query values (RFC 3986 unreserved characters kept).
enum URLQuery {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }

    /// `base?name=value&…`, or `base&…` when base has a query already.
    static func append(_ base: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return base }
        let query = items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
        return base + (base.contains("?") ? "&" : "?") + query
    }
}
