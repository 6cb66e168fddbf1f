import Registry
import Syscalls
import TestSupport
import Testing

@Suite struct RegistryConfigurationTests {
    @Test(arguments: [
        ("localhost:5000", true), ("localhost", true), ("127.0.0.1:5000", true), ("127.1.2.3", true),
        ("[::1]:5000", true), ("registry.example:5000", false), ("docker.io", false), ("128.0.0.1:80", false),
        ("localhost.example:5000", false),
    ])
    func allowsPlainHTTPOnlyOnLoopback(_ domain: String, _ allowed: Bool) {
        #expect(RegistryConfiguration().allowsPlainHTTP(domain) == allowed)
    }

    @Test func allowsPlainHTTPForARegistryListedAsInsecure() throws {
        let text = """
            # registries.conf
            unqualified-search-registries = ["docker.io"]

            [[registry]]
            location = "registry.lan:5000"
            insecure = true

            [[registry]]
            location = 'secure.lan'
            insecure = false
            """
        let insecure = try RegistryConfiguration.parseInsecureRegistries(text, path: "registries.conf")
        #expect(insecure == ["registry.lan:5000"])
        let configuration = RegistryConfiguration(insecureRegistries: insecure)
        #expect(configuration.allowsPlainHTTP("registry.lan:5000"))
        #expect(!configuration.allowsPlainHTTP("secure.lan"))
        #expect(!configuration.allowsPlainHTTP("registry.lan"))
    }

    @Test func reportsABadLineWithItsNumber() {
        #expect(throws: RegistryError("r.conf:2: insecure must be true or false")) {
            try RegistryConfiguration.parseInsecureRegistries("[[registry]]\ninsecure = yes\n", path: "r.conf")
        }
        #expect(throws: RegistryError("r.conf:1: 'oops' is not KEY = VALUE")) {
            try RegistryConfiguration.parseInsecureRegistries("oops\n", path: "r.conf")
        }
    }

    @Test func looksForCredentialsInTheDocumentedOrder() {
        let configuration = RegistryConfiguration(
            configRoot: "/etc/swctl",
            environment: ["REGISTRY_AUTH_FILE": "/a.json", "XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"])
        #expect(
            configuration.authFilePaths == [
                "/a.json", "/run/user/1000/containers/auth.json", "/etc/swctl/auth.json", "/home/u/.docker/config.json",
            ])
    }

    @Test func findsTheCAOfARegistryInCertsD() throws {
        try TemporaryDirectory.with("certs") { directory in
            try directory.write("certs.d/reg.lan:5000/ca.crt", "PEM")
            let configuration = RegistryConfiguration(configRoot: directory.path)
            #expect(configuration.caFile(for: "reg.lan:5000") == directory.path + "/certs.d/reg.lan:5000/ca.crt")
            #expect(configuration.caFile(for: "reg.lan") == nil)
        }
    }

    @Test func mapsDockerHubToItsAPIHost() {
        #expect(RegistryEndpoint.pingURL(domain: "docker.io", scheme: "https") == "https://registry-1.docker.io/v2/")
        let endpoint = RegistryEndpoint(
            domain: "localhost:5000", repository: "team/app", baseURL: "http://localhost:5000", caFile: nil,
            authorization: nil)
        #expect(endpoint.manifestURL("1") == "http://localhost:5000/v2/team/app/manifests/1")
        #expect(endpoint.blobURL("sha256:ab") == "http://localhost:5000/v2/team/app/blobs/sha256:ab")
    }
}

@Suite struct AuthFileTests {
    private let document = """
        {"auths": {
            "https://index.docker.io/v1/": {"auth": "aHViOnNlY3JldA=="},
            "registry.lan:5000": {"auth": "dXNlcjpwQHNzOndvcmQ="},
            "registry.lan:5000/team": {"username": "teamuser", "password": "tp"},
            "empty.lan": {}
        }}
        """

    @Test func decodesUserAndPasswordWithAColonInThePassword() throws {
        let file = try AuthFile(parsing: Array(document.utf8), path: "auth.json")
        #expect(
            file.credentials(domain: "registry.lan:5000", path: "other/app")
                == Credentials(username: "user", password: "p@ss:word"))
    }

    @Test func prefersTheLongestNamespace() throws {
        let file = try AuthFile(parsing: Array(document.utf8), path: "auth.json")
        #expect(file.credentials(domain: "registry.lan:5000", path: "team/app")?.username == "teamuser")
    }

    @Test func normalisesDockerHubKeys() throws {
        let file = try AuthFile(parsing: Array(document.utf8), path: "auth.json")
        #expect(file.credentials(domain: "docker.io", path: "library/busybox")?.username == "hub")
        #expect(file.credentials(domain: "empty.lan", path: "x") == nil)
        #expect(file.credentials(domain: "unknown.lan", path: "x") == nil)
    }

    @Test func rejectsAnAuthThatIsNotUserColonPassword() {
        #expect(throws: RegistryError("read credentials a.json: auths[r].auth is not base64 of USER:PASSWORD")) {
            try AuthFile(parsing: Array(#"{"auths": {"r": {"auth": "bm9jb2xvbg=="}}}"#.utf8), path: "a.json")
        }
    }

    @Test func buildsTheBasicHeader() {
        #expect(Credentials(username: "user", password: "pass").basicAuthorization == "Basic dXNlcjpwYXNz")
    }
}
