import ImageSpec
import ImageStore
import Registry
import Syscalls
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ProxySettingsTests {
    @Test func lowerCaseWinsAndUpperCaseCountsToo() {
        let both = ProxySettings(environment: ["http_proxy": "http://a:1", "HTTP_PROXY": "http://b:2"])
        #expect(both.http == "http://a:1")
        let upper = ProxySettings(environment: ["HTTP_PROXY": "http://b:2", "HTTPS_PROXY": "http://c:3"])
        #expect(upper.proxy(for: "http://r:5000/v2/") == "http://b:2")
        #expect(upper.proxy(for: "https://r/v2/") == "http://c:3")
    }

    @Test func allProxyIsTheFallbackAndNothingMeansDirect() {
        let all = ProxySettings(environment: ["all_proxy": "socks5h://s:1080", "https_proxy": ""])
        #expect(all.proxy(for: "https://r/v2/") == "socks5h://s:1080")
        #expect(ProxySettings(environment: [:]).proxy(for: "https://r/v2/") == "")
        #expect(ProxySettings(environment: ["NO_PROXY": "localhost,.corp"]).noProxy == "localhost,.corp")
    }
}

/// Pulls through a real forward proxy (a small python3 one that logs each
/// request) from the loopback registry, with the proxy named the ways an
/// admin names it.
@Suite(
    .serialized,
    .enabled(
        if: RegistryFixture.isAvailable && FileSystem.exists("/usr/bin/python3"),
        "needs root, docker-registry, skopeo, umoci, python3 (scripts/deps.sh); runs in make test as root and in CI"
    ))
final class ProxyPullTests {
    let registry: RegistryFixture
    let proxyURL: String
    let log: String

    init() throws {
        registry = try RegistryFixture.shared(.plain)
        let directory = registry.directory + "/proxy-\(Processes.currentID)-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.makeDirectories(directory)
        log = directory + "/requests.log"
        let portFile = directory + "/port"
        let script = FileSystem.parentDirectory(of: #filePath) + "/Fixtures/forward-proxy.py"
        _ = try Subprocess.start("/usr/bin/python3", [script, log, "\(Processes.currentID)", portFile])
        var port: String?
        for _ in 0..<100 {
            if let text = try? FileSystem.readTextFile(portFile), !text.isEmpty {
                port = text
                break
            }
            usleep(50_000)
        }
        guard let port else { throw SyscallError("start the forward proxy", errno: .wouldBlock) }
        proxyURL = "http://127.0.0.1:\(port)"
    }

    private func pull(_ name: String, environment: [String: String]) throws -> PulledImage {
        let (state, config) = try registry.scratch(name)
        let configuration = try registry.configuration(config, environment: ["HOME": "/nonexistent"].merging(environment) { $1 })
        let puller = ImagePuller(store: ImageStore(stateRoot: state), configuration: configuration, platform: .host)
        return try puller.pull(try ImageReference(parsing: "\(registry.domain)/multi:1"))
    }

    private var requests: [String] {
        ((try? FileSystem.readTextFile(log)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func httpProxyCarriesThePull() throws {
        let pulled = try pull("proxy-lower", environment: ["http_proxy": proxyURL])
        #expect(pulled.layerCount == 4)
        let seen = requests
        #expect(seen.contains("GET http://\(registry.domain)/v2/"))
        #expect(seen.contains { $0.hasPrefix("GET http://\(registry.domain)/v2/multi/manifests/1") })
        #expect(seen.filter { $0.contains("/blobs/sha256:") }.count >= 5)  // config and 4 layers
    }

    @Test func upperCaseHTTPProxyIsHonouredAsDockerDoes() throws {
        let before = requests.count
        _ = try pull("proxy-upper", environment: ["HTTP_PROXY": proxyURL])
        #expect(requests.count > before)
    }

    @Test func noProxyGoesDirect() throws {
        let before = requests.count
        let pulled = try pull("proxy-bypass", environment: ["http_proxy": proxyURL, "NO_PROXY": "127.0.0.1"])
        #expect(pulled.layerCount == 4)
        #expect(requests.count == before)
    }
}
