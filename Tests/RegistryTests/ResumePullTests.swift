import ImageSpec
import ImageStore
import Registry
import Syscalls
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that break mid-blob (`Fixtures/flaky-registry.py` serves
/// half of every blob's first download, then closes): the pull goes on
/// from where each one stopped, with a Range request, and verifies the
/// whole.
@Suite(
    .enabled(
        if: RegistryFixture.isAvailable,
        "needs root, docker-registry, skopeo, umoci, openssl, apache2-utils, jq, curl, busybox-static, python3 (scripts/deps.sh); runs in make test as root and in CI"
    ))
struct ResumePullTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.plain) }

    @Test func resumesEveryBrokenDownloadWithARangeRequest() throws {
        let (state, config) = try registry.scratch("flaky")
        let log = state + "-flaky.log"
        let script = FileSystem.parentDirectory(of: #filePath) + "/Fixtures/flaky-registry.py"
        _ = try Subprocess.start(
            "/usr/bin/env", ["python3", script, "0", registry.layout, log, "\(Processes.currentID)"])
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            port = (try? FileSystem.readTextFile(log + ".port")) ?? ""
            if port.isEmpty { usleep(50_000) }
        }
        try #require(!port.isEmpty, "flaky-registry.py did not start")

        let puller = ImagePuller(store: ImageStore(stateRoot: state), configuration: try registry.configuration(config))
        let pulled = try puller.pull(try ImageReference(parsing: "127.0.0.1:\(port)/multi:multi"))
        #expect(pulled.layerCount == 4)
        #expect(pulled.downloadedLayers == 4)

        // Each layer over 64 KiB: a whole GET, broken at half, then a Range GET from there.
        let manifest = try registry.layoutManifest("multi")
        let requests = try FileSystem.readTextFile(log).split(separator: "\n").map { $0.split(separator: " ") }
        for layer in manifest.layers where layer.size > 65536 {
            let ranges = requests.filter { $0.count == 3 && $0[1] == layer.digest }.map { String($0[2]) }
            #expect(ranges == ["-", "bytes=\(layer.size / 2)-"], "\(layer.digest)")
            #expect(try ImageStore(stateRoot: state).content.read(layer.digest) == registry.layoutBlob(layer.digest))
        }
    }
}
