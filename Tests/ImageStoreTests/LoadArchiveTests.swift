import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

/// Archives made by the real tools: umoci builds an image, skopeo writes it
/// as `docker save` and OCI archives.
@Suite(
    .enabled(
        if: FileSystem.exists("/usr/bin/umoci") && FileSystem.exists("/usr/bin/skopeo") && Ring.isRoot,
        "needs umoci and skopeo (apt) and root for umoci unpack; runs on the host as root"))
struct LoadArchiveTests {
    private func run(_ path: String, _ arguments: [String]) throws {
        let result = try Subprocess.run(path, arguments)
        #expect(result.code == 0, "\(path) \(arguments): \(result.standardError)")
    }

    /// An image with one layer holding /bin/hello, Cmd /bin/sh, Env FOO=bar, WorkingDir /tmp.
    private func makeImage(in directory: TemporaryDirectory) throws -> String {
        let layout = directory.path + "/oci"
        try run("/usr/bin/umoci", ["init", "--layout", layout])
        try run("/usr/bin/umoci", ["new", "--image", layout + ":img"])
        try run("/usr/bin/umoci", ["unpack", "--image", layout + ":img", directory.path + "/bundle"])
        try directory.write("bundle/rootfs/bin/hello", "hi\n")
        try run("/usr/bin/umoci", ["repack", "--image", layout + ":img", directory.path + "/bundle"])
        try run(
            "/usr/bin/umoci",
            [
                "config", "--image", layout + ":img", "--config.cmd", "/bin/sh", "--config.env", "FOO=bar",
                "--config.workingdir", "/tmp",
            ])
        return layout
    }

    @Test func loadsADockerSaveArchive() throws {
        try TemporaryDirectory.with("load") { (directory: TemporaryDirectory) throws(any Error) in
            let layout = try makeImage(in: directory)
            let archive = directory.path + "/docker.tar"
            try run(
                "/usr/bin/skopeo", ["copy", "-q", "oci:" + layout + ":img", "docker-archive:" + archive + ":web:1"])
            let store = ImageStore(stateRoot: directory.path + "/state")
            let loaded = try store.load(archive: archive)
            #expect(loaded.map(\.names) == [["docker.io/library/web:1"]])
            let image = try store.resolve(try ImageReference(parsing: "web:1"))
            #expect(image.config.config?.cmd == ["/bin/sh"])
            #expect(image.config.config?.env?.contains("FOO=bar") == true)
            #expect(image.config.config?.workingDir == "/tmp")
            #expect(image.layers.count == 1)
            #expect(try FileSystem.readTextFile(image.layers[0] + "/bin/hello") == "hi\n")
        }
    }

    @Test func loadsAnOCIArchiveUnderAGivenName() throws {
        try TemporaryDirectory.with("load") { (directory: TemporaryDirectory) throws(any Error) in
            let layout = try makeImage(in: directory)
            let archive = directory.path + "/oci.tar"
            try run("/usr/bin/skopeo", ["copy", "-q", "oci:" + layout + ":img", "oci-archive:" + archive + ":2"])
            let store = ImageStore(stateRoot: directory.path + "/state")
            let loaded = try store.load(archive: archive, name: try ImageReference(parsing: "localhost/web"))
            #expect(loaded.map(\.names) == [["localhost/web:2"]])
            let image = try store.resolve(try ImageReference(parsing: "localhost/web:2"))
            #expect(try FileSystem.readTextFile(image.layers[0] + "/bin/hello") == "hi\n")
            #expect(throws: ImageStoreError.self) { try store.resolve(try ImageReference(parsing: "localhost/web:3")) }
        }
    }
}
