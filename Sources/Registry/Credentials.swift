import JSON
import Syscalls

/// A user name and password for a registry.
public struct Credentials: Equatable, Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `Authorization: Basic …`.
    public var basicAuthorization: String {
        "Basic " + Base64.encode(Array("\(username):\(password)".utf8))
    }
}

/// An auth file in the containers-auth.json(5) / Docker config.json format:
/// `{"auths": {"registry.example:5000": {"auth": base64("user:password")}}}`.
/// Keys may carry a scheme and a path (`https://index.docker.io/v1/`), or a
/// repository namespace (`registry.example/team`), which wins over the
/// registry's own entry for images under it.
public struct AuthFile: Sendable, Equatable {
    public var entries: [String: Credentials]

    private struct Document: Decodable {
        var auths: [String: Entry]?
    }

    private struct Entry: Decodable {
        var auth: String?
        var username: String?
        var password: String?
    }

    /// Parses the file's text; entries without usable credentials are skipped.
    public init(parsing bytes: [UInt8], path: String) throws(RegistryError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: bytes)
        } catch {
            throw RegistryError("read credentials \(path): \(error)")
        }
        var entries: [String: Credentials] = [:]
        for (key, entry) in document.auths ?? [:] {
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Base64.decode(auth), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
                    throw RegistryError("read credentials \(path): auths[\(key)].auth is not base64 of USER:PASSWORD")
                }
                entries[AuthFile.normalise(key)] = Credentials(
                    username: String(decoding: decoded[..<colon], as: UTF8.self),
                    password: String(decoding: decoded[(colon + 1)...], as: UTF8.self))
            } else if let username = entry.username, let password = entry.password {
                entries[AuthFile.normalise(key)] = Credentials(username: username, password: password)
            }
        }
        self.entries = entries
    }

    /// `https://index.docker.io/v1/` → `docker.io`; `http://reg:5000/` → `reg:5000`.
    static func normalise(_ key: String) -> String {
        var text = Substring(key)
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.hasSuffix("/v1") || text.hasSuffix("/v2") { text = text.dropLast(3) }
        switch text {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com": return "docker.io"
        default: return String(text)
        }
    }

    /// The credentials for `repository` (`domain/path`) on `domain`: the
    /// longest matching namespace first, then the registry.
    public func credentials(domain: String, path: String) -> Credentials? {
        var components = path.split(separator: "/").map(String.init)
        while !components.isEmpty {
            if let found = entries[domain + "/" + components.joined(separator: "/")] { return found }
            components.removeLast()
        }
        return entries[domain]
    }
}

extension RegistryConfiguration {
    /// The auth files consulted, in order; the first with an entry for the
    /// registry wins: `$REGISTRY_AUTH_FILE`, podman's per-user runtime file
    /// (`$XDG_RUNTIME_DIR/containers/auth.json`, `/run/containers/0/auth.json`
    /// for root), swctl's own `CONFIG/auth.json` (for services: a file only
    /// root reads), then Docker's `$DOCKER_CONFIG/config.json` or
    /// `~/.docker/config.json`.
    public var authFilePaths: [String] {
        var paths: [String] = []
        if let file = environment["REGISTRY_AUTH_FILE"], !file.isEmpty { paths.append(file) }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            paths.append(runtime + "/containers/auth.json")
        } else if Identity.effectiveUserID == 0 {
            paths.append("/run/containers/0/auth.json")
        }
        paths.append(configRoot + "/auth.json")
        if let docker = environment["DOCKER_CONFIG"], !docker.isEmpty {
            paths.append(docker + "/config.json")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.docker/config.json")
        }
        return paths
    }

    /// The credentials for `domain/path` from the first auth file that has
    /// them; nil when none does. An unreadable or malformed file is an error.
    public func credentials(domain: String, path: String) throws(RegistryError) -> Credentials? {
        for file in authFilePaths where FileSystem.exists(file) {
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.readFile(file)
            } catch {
                throw RegistryError("read credentials \(file): \(error)")
            }
            if let found = try AuthFile(parsing: bytes, path: file).credentials(domain: domain, path: path) {
                return found
            }
        }
        return nil
    }
}
