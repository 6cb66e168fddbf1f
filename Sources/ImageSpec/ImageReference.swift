/// A reference to an image: `[domain[:port]/]path[:tag][@digest]`, normalised
/// the way Docker does (`nginx` → `docker.io/library/nginx:latest`).
public struct ImageReference: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Registry host, with port if any (`docker.io`, `localhost`, `registry:5000`).
    public var domain: String
    /// Repository path within the registry (`library/nginx`, `team/app`).
    public var path: String
    /// Tag, if given; `latest` when neither tag nor digest was.
    public var tag: String?
    /// `sha256:<64 hex>`, if given.
    public var digest: String?

    public static let defaultDomain = "docker.io"
    public static let defaultTag = "latest"

    public init(domain: String, path: String, tag: String?, digest: String?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// `domain/path`: the repository, as the name index keys it.
    public var repository: String { domain + "/" + path }

    /// The full normalised form: `repository[:tag][@digest]`.
    public var description: String {
        var text = repository
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest }
        return text
    }

    /// The short form users typed: `docker.io/library/` and `docker.io/` dropped.
    public var familiarDescription: String {
        var name = repository
        if domain == ImageReference.defaultDomain {
            name =
                path.hasPrefix("library/") && path.split(separator: "/").count == 2
                ? String(path.dropFirst("library/".count)) : path
        }
        if let tag { name += ":" + tag }
        if let digest { name += "@" + digest }
        return name
    }
}

/// Why a reference does not parse.
public struct ImageReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reference: String
    public var reason: String
    public var description: String { "image reference '\(reference)': \(reason)" }
}

extension ImageReference {
    /// Parses and normalises `text`.
    ///
    /// The first component is a registry when it contains `.` or `:` or is
    /// `localhost` (distribution/reference rules); otherwise the reference is
    /// on Docker Hub, where a one-component path gets `library/`. A reference
    /// with neither tag nor digest gets `latest`.
    public init(parsing text: String) throws(ImageReferenceError) {
        func fail(_ reason: String) -> ImageReferenceError {
            ImageReferenceError(reference: text, reason: reason)
        }
        guard !text.isEmpty else { throw fail("is empty") }
        guard text.utf8.count <= 4096 else { throw fail("is longer than 4096 bytes") }
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let value = String(rest[rest.index(after: at)...])
            guard ImageReference.isDigest(value) else {
                throw fail("digest '\(value)' is not sha256:<64 lowercase hex>")
            }
            digest = value
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let value = String(rest[rest.index(after: colon)...])
            guard ImageReference.isTag(value) else {
                throw fail("tag '\(value)' is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
            }
            tag = value
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var domain = ImageReference.defaultDomain
        if components.count > 1, let first = components.first,
            first.contains(".") || first.contains(":") || first == "localhost"
        {
            guard ImageReference.isDomain(first) else { throw fail("registry '\(first)' is not HOST[:PORT]") }
            domain = first
            components.removeFirst()
        }
        if domain == "index.docker.io" { domain = ImageReference.defaultDomain }
        guard !components.isEmpty else { throw fail("has no repository name") }
        for component in components where !ImageReference.isPathComponent(component) {
            throw fail(
                component.isEmpty
                    ? "has an empty path component"
                    : "path component '\(component)' is not lowercase [a-z0-9] joined by '.', '_', '__' or '-'")
        }
        if domain == ImageReference.defaultDomain, components.count == 1 {
            components.insert("library", at: 0)
        }
        if tag == nil, digest == nil { tag = ImageReference.defaultTag }
        self.init(domain: domain, path: components.joined(separator: "/"), tag: tag, digest: digest)
    }

    /// `sha256:` followed by 64 lowercase hex digits.
    public static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.utf8.dropFirst("sha256:".count)
        return hex.count == 64 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func isTag(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 128 else { return false }
        func word(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x5F
        }
        return word(first) && bytes.dropFirst().allSatisfy { word($0) || $0 == 0x2E || $0 == 0x2D }
    }

    /// `[a-z0-9]+` runs joined by one `.`, one or two `_`, or any number of `-`.
    static func isPathComponent(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func alnum(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        var index = 0
        while index < bytes.count {
            if alnum(bytes[index]) { index += 1; continue }
            var end = index
            while end < bytes.count, !alnum(bytes[end]) { end += 1 }
            let separator = String(decoding: bytes[index..<end], as: UTF8.self)
            let isDashes = separator.utf8.allSatisfy { $0 == 0x2D }
            guard separator == "." || separator == "_" || separator == "__" || isDashes else { return false }
            index = end
        }
        return true
    }

    /// A host name (letters, digits, `-`, `.`) or bracketed IPv6, then an optional numeric port.
    static func isDomain(_ text: String) -> Bool {
        var host = Substring(text)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            if after.isEmpty { return true }
            guard after.hasPrefix(":") else { return false }
            let port = after.dropFirst()
            return !port.isEmpty && port.utf8.allSatisfy { (0x30...0x39).contains($0) } && port.count <= 5
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                return false
            }
            host = host[..<colon]
        }
        guard !host.isEmpty else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            func alnum(_ byte: UInt8) -> Bool {
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
            return alnum(first) && alnum(last) && label.utf8.allSatisfy { alnum($0) || $0 == 0x2D }
        }
    }
}
