import Syscalls

/// Where the registry client reads its configuration, and the rules it
/// applies to a registry host:
///
/// - `CONFIG/registries.conf`: registries reachable over plain HTTP, in the
///   subset of containers-registries.conf(5) v2 that says so:
///   `[[registry]]` tables with `location = "host:port"` and `insecure = true`.
/// - `CONFIG/certs.d/HOST[:PORT]/ca.crt`: the CA that signs that registry's
///   certificate (Docker's convention), trusted for that registry only.
/// - `CONFIG/auth.json`: credentials (see `Credentials`).
///
/// CONFIG is `/etc/swctl`, moved by `SWCTL_CONFIG` (tests).
public struct RegistryConfiguration: Sendable, Equatable {
    public var configRoot: String
    /// Hosts (`host[:port]`) listed as insecure.
    public var insecureRegistries: Set<String>
    /// The environment the auth file lookup reads (`REGISTRY_AUTH_FILE`, `HOME`, …).
    public var environment: [String: String]

    public init(
        configRoot: String = "/etc/swctl", insecureRegistries: Set<String> = [], environment: [String: String] = [:]
    ) {
        self.configRoot = configRoot
        self.insecureRegistries = insecureRegistries
        self.environment = environment
    }

    /// The configuration for this process: `SWCTL_CONFIG` or /etc/swctl,
    /// with its registries.conf read (an unreadable file is an error; an
    /// absent one is no insecure registry).
    public static func load(environment: [String: String]) throws(RegistryError) -> RegistryConfiguration {
        let root = environment["SWCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/swctl"
        let path = root + "/registries.conf"
        var insecure: Set<String> = []
        if FileSystem.exists(path) {
            do {
                insecure = try parseInsecureRegistries(try FileSystem.readTextFile(path), path: path)
            } catch let error as RegistryError {
                throw error
            } catch {
                throw RegistryError("read \(path): \(error)")
            }
        }
        return RegistryConfiguration(configRoot: root, insecureRegistries: insecure, environment: environment)
    }

    /// The `location`s of `[[registry]]` tables with `insecure = true`.
    public static func parseInsecureRegistries(_ text: String, path: String) throws(RegistryError) -> Set<String> {
        var result: Set<String> = []
        var location: String?
        var insecure = false
        var inRegistry = false
        func flush() {
            if inRegistry, insecure, let location { result.insert(location) }
            location = nil
            insecure = false
        }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            line = line.drop { $0 == " " || $0 == "\t" }
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                flush()
                inRegistry = line == "[[registry]]"
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw RegistryError("\(path):\(number + 1): '\(line)' is not KEY = VALUE")
            }
            let key = line[..<equals].trimmingSpaces
            var value = line[line.index(after: equals)...].trimmingSpaces
            guard inRegistry else { continue }
            switch key {
            case "location":
                guard value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote
                else {
                    throw RegistryError(
                        "\(path):\(number + 1): location must be a quoted string, e.g. \"registry.lan:5000\"")
                }
                value = value.dropFirst().dropLast()
                location = String(value)
            case "insecure":
                guard value == "true" || value == "false" else {
                    throw RegistryError("\(path):\(number + 1): insecure must be true or false")
                }
                insecure = value == "true"
            default:
                continue
            }
        }
        flush()
        return result
    }

    /// Whether plain HTTP may be used for `domain`: a loopback name or
    /// address (localhost, 127.0.0.0/8, ::1) or a registry listed as insecure.
    public func allowsPlainHTTP(_ domain: String) -> Bool {
        if insecureRegistries.contains(domain) { return true }
        return RegistryConfiguration.isLoopback(host: RegistryConfiguration.host(of: domain))
    }

    /// The host of `host[:port]` or `[v6]:port`, brackets removed.
    public static func host(of domain: String) -> String {
        if domain.hasPrefix("["), let close = domain.firstIndex(of: "]") {
            return String(domain[domain.index(after: domain.startIndex)..<close])
        }
        if let colon = domain.lastIndex(of: ":"), domain.firstIndex(of: ":") == colon {
            return String(domain[..<colon])
        }
        return domain
    }

    public static func isLoopback(host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `certs.d/DOMAIN/ca.crt` when it exists.
    public func caFile(for domain: String) -> String? {
        let path = "\(configRoot)/certs.d/\(domain)/ca.crt"
        return FileSystem.exists(path) ? path : nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
