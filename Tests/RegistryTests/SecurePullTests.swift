import ImageSpec
import ImageStore
import Registry
import Syscalls
import TestSupport
import Testing

/// A registry behind TLS with a private CA: trusted only through
/// `certs.d/HOST:PORT/ca.crt`.
@Suite(
    .enabled(
        if: RegistryFixture.isAvailable,
        "needs root, docker-registry, skopeo, umoci, openssl, apache2-utils, jq, curl, busybox-static (scripts/deps.sh); runs in make test as root and in CI"
    ))
struct TLSPullTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.tls) }

    @Test func refusesAnUntrustedCertificateAndSaysWhereTheCAGoes() throws {
        let (state, config) = try registry.scratch("untrusted")
        let puller = ImagePuller(store: ImageStore(stateRoot: state), configuration: try registry.configuration(config))
        let reference = try ImageReference(parsing: "\(registry.domain)/multi:1")
        #expect(
            performing: { try puller.pull(reference) },
            throws: { error in
                let text = "\(error)"
                return text.contains("certificate") && text.contains("certs.d/\(registry.domain)/ca.crt")
            })
    }

    @Test func pullsWithTheRegistrysCAInCertsD() throws {
        let (state, config) = try registry.scratch("trusted")
        try registry.installCA(in: config)
        let puller = ImagePuller(store: ImageStore(stateRoot: state), configuration: try registry.configuration(config))
        let pulled = try puller.pull(try ImageReference(parsing: "\(registry.domain)/multi:1"))
        #expect(pulled.layerCount == 4)
    }
}

/// TLS plus htpasswd basic auth, credentials from an auth.json.
@Suite(
    .enabled(
        if: RegistryFixture.isAvailable,
        "needs root, docker-registry, skopeo, umoci, openssl, apache2-utils, jq, curl, busybox-static (scripts/deps.sh); runs in make test as root and in CI"
    ))
struct AuthPullTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.auth) }

    /// Pulls multi:1 with the CA trusted and `prepare` run on the test's config directory.
    private func pull(
        _ name: String, environment: [String: String] = ["HOME": "/nonexistent"],
        prepare: (String) throws -> Void = { _ in }
    ) throws -> PulledImage {
        let (state, config) = try registry.scratch(name)
        try registry.installCA(in: config)
        try prepare(config)
        let puller = ImagePuller(
            store: ImageStore(stateRoot: state),
            configuration: try registry.configuration(config, environment: environment))
        return try puller.pull(try ImageReference(parsing: "\(registry.domain)/multi:1"))
    }

    @Test func saysAuthenticationIsRequiredWhenNoFileHasCredentials() throws {
        let domain = registry.domain
        #expect(
            performing: { try pull("anonymous") },
            throws: { error in
                guard let error = error as? RegistryError else { return false }
                return error.status == 401
                    && error.message.hasPrefix(
                        "pull \(domain)/multi:1: \(domain) requires authentication and no credentials for it were found"
                    )
            })
    }

    @Test func saysAuthenticationFailedForAWrongPassword() throws {
        #expect(
            performing: {
                try pull("wrong") {
                    try registry.writeCredentials(user: "puller", password: "wrong", to: $0 + "/auth.json")
                }
            },
            throws: { error in
                guard let error = error as? RegistryError else { return false }
                return error.status == 401 && error.message.contains("authentication failed")
            })
    }

    @Test func pullsWithCredentialsFromTheConfigAuthFile() throws {
        let pulled = try pull("right") {
            try registry.writeCredentials(user: "puller", password: "s3cret", to: $0 + "/auth.json")
        }
        #expect(pulled.layerCount == 4)
    }

    @Test func takesREGISTRY_AUTH_FILEFirst() throws {
        let file = try registry.scratch("registry-auth-file").config + "/registry-auth.json"
        try registry.writeCredentials(user: "puller", password: "s3cret", to: file)
        let pulled = try pull("auth-file", environment: ["REGISTRY_AUTH_FILE": file, "HOME": "/nonexistent"]) {
            try registry.writeCredentials(user: "puller", password: "wrong", to: $0 + "/auth.json")
        }
        #expect(pulled.layerCount == 4)
    }
}

/// Bearer tokens from a token service (the distribution token protocol, as
/// Docker Hub uses it): the registry's 401 names the realm, the client gets
/// a token there with the credentials and retries.
@Suite(
    .enabled(
        if: RegistryFixture.hasTokenService,
        "needs root, docker-registry, skopeo, umoci, openssl, jq, curl, busybox-static and python3-cryptography (scripts/deps.sh); runs in make test as root and in CI"
    ))
struct TokenPullTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.token) }

    private func puller(_ name: String, password: String?) throws -> ImagePuller {
        let (state, config) = try registry.scratch(name)
        if let password {
            try registry.writeCredentials(user: "puller", password: password, to: config + "/auth.json")
        }
        return ImagePuller(store: ImageStore(stateRoot: state), configuration: try registry.configuration(config))
    }

    @Test func getsATokenWithTheCredentialsAndPulls() throws {
        let pulled = try puller("token", password: "s3cret").pull(
            try ImageReference(parsing: "\(registry.domain)/multi:1"))
        #expect(pulled.layerCount == 4)
    }

    @Test func saysTheTokenServiceRefusedAnonymousAccess() throws {
        let puller = try puller("token-anonymous", password: nil)
        let reference = try ImageReference(parsing: "\(registry.domain)/multi:1")
        #expect(
            performing: { try puller.pull(reference) },
            throws: { error in
                guard let error = error as? RegistryError else { return false }
                return error.status == 401 && error.message.contains("authentication failed: the token service ")
                    && error.message.hasSuffix("refused anonymous access (401)")
            })
    }
}
