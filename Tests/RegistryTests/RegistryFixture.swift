import Registry
import Synchronization
import Syscalls
import TestSupport

/// A docker-registry on loopback with test images pushed, made by
/// `Fixtures/registry-fixture.sh` (plain HTTP, TLS with a private CA, or
/// TLS with htpasswd basic auth) in a temporary directory under /tmp. One
/// per mode serves the whole test run; when the test process exits the
/// script's watchdog stops it and removes the directory.
final class RegistryFixture: Sendable {
    enum Mode: String { case plain, tls, auth, token }

    let directory: String
    let port: Int
    var domain: String { "127.0.0.1:\(port)" }
    var layout: String { directory + "/oci" }

    static let script = FileSystem.parentDirectory(of: #filePath) + "/Fixtures/registry-fixture.sh"

    /// Every tool the fixture script runs, and root (the store unpacks
    /// layers with their owners).
    static var isAvailable: Bool {
        Ring.isRoot
            && [
                "/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/umoci", "/usr/bin/openssl",
                "/usr/bin/htpasswd",
                "/usr/bin/jq", "/usr/bin/curl", "/bin/busybox",
            ].allSatisfy(FileSystem.exists)
    }

    /// The token service (`token` mode) signs its JWTs with python3-cryptography.
    static var hasTokenService: Bool {
        isAvailable && (try? Subprocess.run("/usr/bin/env", ["python3", "-c", "import cryptography"]))?.code == 0
    }

    static func shared(_ mode: Mode) throws -> RegistryFixture {
        try cache.withLock { fixtures in
            if let fixture = fixtures[mode.rawValue] { return fixture }
            let fixture = try RegistryFixture(mode)
            fixtures[mode.rawValue] = fixture
            return fixture
        }
    }

    private static let cache = Mutex<[String: RegistryFixture]>([:])
    private static let counter = Mutex(0)

    private init(_ mode: Mode) throws {
        let temporary = try TemporaryDirectory("registry")
        directory = temporary.path
        let result = try Subprocess.run(
            "/bin/bash", [Self.script, "up", directory, mode.rawValue, "\(Processes.currentID)"])
        guard result.code == 0, let port = Int(result.standardOutput.split(separator: "\n").last ?? "") else {
            temporary.remove()
            throw SyscallError("registry fixture: \(result.standardError)", errno: .invalidArgument)
        }
        self.port = port
    }

    /// A fresh directory for one test's store and configuration.
    func scratch(_ name: String) throws -> (state: String, config: String) {
        let number = Self.counter.withLock { count in
            count += 1
            return count
        }
        let base = "\(directory)/tests/\(name)-\(number)"
        try FileSystem.makeDirectories(base + "/config")
        return (base + "/state", base + "/config")
    }

    /// The configuration a pull uses: CONFIG at `config`, no auth file outside it.
    func configuration(_ config: String, environment: [String: String] = ["HOME": "/nonexistent"]) throws
        -> RegistryConfiguration
    {
        try RegistryConfiguration.load(environment: ["SWCTL_CONFIG": config].merging(environment) { $1 })
    }

    /// Trusts the fixture's CA for its registry (`certs.d/HOST:PORT/ca.crt`).
    func installCA(in config: String) throws {
        try FileSystem.makeDirectories("\(config)/certs.d/\(domain)")
        try FileSystem.writeFileAtomically(
            "\(config)/certs.d/\(domain)/ca.crt", contents: try FileSystem.readFile(directory + "/ca.crt"),
            permissions: 0o644)
    }

    /// Writes `CONFIG/auth.json` (or `file`) with `user:password` for the registry.
    func writeCredentials(user: String, password: String, to file: String) throws {
        let auth = Base64.encode(Array("\(user):\(password)".utf8))
        try FileSystem.writeFileAtomically(file, text: #"{"auths": {"\#(domain)": {"auth": "\#(auth)"}}}"#)
    }

    /// The blob `digest` of the pushed layout.
    func layoutBlob(_ digest: String) throws -> [UInt8] {
        try FileSystem.readFile(layout + "/blobs/sha256/" + digest.dropFirst("sha256:".count))
    }
}
