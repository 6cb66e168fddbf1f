import ImageSpec
import ImageStore
import JSON
import Registry
import Syscalls
import TestSupport
import Testing

/// Pulls from a real registry (Debian's docker-registry) on loopback over
/// plain HTTP, with images umoci built and skopeo pushed.
@Suite(
    .serialized,
    .enabled(
        if: RegistryFixture.isAvailable,
        "needs root, docker-registry, skopeo, umoci, openssl, apache2-utils, jq, curl, busybox-static (scripts/deps.sh); runs in make test as root and in CI"
    ))
final class PullTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.plain) }

    /// A puller on a fresh store; `state` is that store's root.
    private func puller(_ name: String, platform: Platform = .host) throws -> (ImagePuller, state: String) {
        let (state, config) = try registry.scratch(name)
        let puller = ImagePuller(
            store: ImageStore(stateRoot: state), configuration: try registry.configuration(config), platform: platform)
        return (puller, state)
    }

    private func reference(_ text: String) throws -> ImageReference {
        try ImageReference(parsing: "\(registry.domain)/\(text)")
    }

    @Test func pullsAMultiLayerImageAndUnpacksItsLayers() throws {
        let (puller, state) = try puller("multi")
        let pulled = try puller.pull(try reference("multi:1"))
        #expect(pulled.layerCount == 4)
        #expect(pulled.downloadedLayers == 4)
        let image = try ImageStore(stateRoot: state).resolve(try reference("multi:1"))
        #expect(image.digest == pulled.digest)
        #expect(image.config.config?.cmd == ["/bin/busybox", "true"])
        #expect(image.layers.count == 4)
        #expect(FileSystem.exists(image.layers[0] + "/bin/busybox"))
        #expect(try FileSystem.status(image.layers[1] + "/data2")?.size == 800_000)
        #expect(try FileSystem.status(image.layers[3] + "/data4")?.size == 1_600_000)
        // Nothing is left half-made in the ingest area.
        let leftovers = try FileSystem.listDirectory(state + "/images/ingest").map(\.name)
        #expect(leftovers.filter { $0.hasSuffix(".partial") } == [])
    }

    @Test func aSecondPullDownloadsNoLayer() throws {
        let (puller, _) = try puller("again")
        let first = try puller.pull(try reference("multi:1"))
        let second = try puller.pull(try reference("multi:1"))
        #expect(second.digest == first.digest)
        #expect(second.downloadedLayers == 0)
    }

    @Test func pullsByDigestAndNamesNothing() throws {
        let tagged = try puller("tagged").0.pull(try reference("multi:1"))
        let (puller, state) = try puller("pinned")
        let pinned = try puller.pull(try reference("multi@\(tagged.digest)"))
        #expect(pinned.digest == tagged.digest)
        let image = try ImageStore(stateRoot: state).resolve(try reference("multi@\(tagged.digest)"))
        #expect(image.layers.count == 4)
        #expect(try NameIndex.load(ImageStore(stateRoot: state).indexPath).entries.isEmpty)
    }

    @Test func refusesADigestTheRegistryDoesNotHave() throws {
        let missing = "sha256:" + String(repeating: "0", count: 64)
        #expect(throws: RegistryError("pull \(registry.domain)/multi@\(missing): manifest unknown (404)", status: 404))
        {
            try puller("missing").0.pull(try reference("multi@\(missing)"))
        }
    }

    @Test func saysManifestUnknownForAMissingTag() throws {
        #expect(throws: RegistryError("pull \(registry.domain)/multi:nope: manifest unknown (404)", status: 404)) {
            try puller("nope").0.pull(try reference("multi:nope"))
        }
    }

    @Test(arguments: ["amd64", "arm64"])
    func picksThePlatformFromAnIndex(_ architecture: String) throws {
        let platform = Platform(architecture: architecture, os: "linux")
        let (puller, state) = try puller("index-" + architecture, platform: platform)
        let pulled = try puller.pull(try reference("index:1"))
        #expect(pulled.digest != pulled.manifestDigest)
        let image = try ImageStore(stateRoot: state).resolve(try reference("index:1"), platform: platform)
        #expect(try FileSystem.readTextFile(image.layers[0] + "/platform") == architecture + "\n")
    }

    @Test func refusesAnIndexWithoutTheHostsPlatform() throws {
        let platform = Platform(architecture: "s390x", os: "linux")
        #expect(
            throws: RegistryError(
                "pull \(registry.domain)/index:1: no image for linux/s390x (the index offers linux/amd64, linux/arm64)")
        ) {
            try puller("s390x", platform: platform).0.pull(try reference("index:1"))
        }
    }

    /// What a pull killed midway leaves: half of a layer in the ingest area.
    @Test func resumesAPartialLayerAndTrustsItOnlyOnceVerified() throws {
        let (puller, state) = try puller("resume")
        let store = ImageStore(stateRoot: state)
        let manifest = try registry.layoutManifest("multi")
        let layer = manifest.layers[3]
        let bytes = try registry.layoutBlob(layer.digest)
        let hex = String(layer.digest.dropFirst("sha256:".count))
        try FileSystem.makeDirectories(store.content.ingestDirectory)
        try FileSystem.writeFileAtomically(
            "\(store.content.ingestDirectory)/\(hex).partial", contents: Array(bytes[0..<(bytes.count / 2)]))
        #expect(!store.content.contains(layer.digest))
        try puller.pull(try reference("multi:1"))
        #expect(try store.content.read(layer.digest) == bytes)
        #expect(!FileSystem.exists("\(store.content.ingestDirectory)/\(hex).partial"))
    }

    /// A partial file whose bytes are not the blob's: the resumed download
    /// does not verify, so it is thrown away and the blob fetched again.
    @Test func neverTrustsACorruptPartialLayer() throws {
        let (puller, state) = try puller("corrupt")
        let store = ImageStore(stateRoot: state)
        let layer = try registry.layoutManifest("multi").layers[2]
        let bytes = try registry.layoutBlob(layer.digest)
        let hex = String(layer.digest.dropFirst("sha256:".count))
        try FileSystem.makeDirectories(store.content.ingestDirectory)
        try FileSystem.writeFileAtomically(
            "\(store.content.ingestDirectory)/\(hex).partial", contents: [UInt8](repeating: 0x41, count: 1000))
        try puller.pull(try reference("multi:1"))
        #expect(try store.content.read(layer.digest) == bytes)
    }

    @Test func twoConcurrentPullsOfOneImageBothSucceed() async throws {
        let (first, state) = try puller("concurrent")
        let second = first
        let name = try reference("multi:1")
        async let a = Task.detached { try first.pull(name) }.value
        async let b = Task.detached { try second.pull(name) }.value
        let (one, two) = try await (a, b)
        #expect(one.digest == two.digest)
        // Each layer came over the network once: the second puller waited for it.
        #expect(one.downloadedLayers + two.downloadedLayers == 4)
        let image = try ImageStore(stateRoot: state).resolve(name)
        #expect(image.layers.count == 4)
        let ingest = try FileSystem.listDirectory(state + "/images/ingest").map(\.name)
        #expect(ingest.filter { $0.hasSuffix(".partial") } == [])
    }
}

extension RegistryFixture {
    /// The manifest of tag `name` in the pushed layout.
    func layoutManifest(_ name: String) throws -> Manifest {
        let index = try JSONDecoder().decode(Index.self, from: try FileSystem.readFile(layout + "/index.json"))
        guard let entry = index.manifests.first(where: { $0.annotations?[Descriptor.refNameAnnotation] == name }) else {
            throw SyscallError("layout tag \(name)", errno: .noSuchFileOrDirectory)
        }
        return try JSONDecoder().decode(Manifest.self, from: try layoutBlob(entry.digest))
    }
}
