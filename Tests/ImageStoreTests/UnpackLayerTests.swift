import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite(.enabled(if: FileSystem.exists("/bin/tar") && FileSystem.exists("/bin/gzip"), "needs GNU tar and gzip"))
struct UnpackLayerTests {
    /// A gzip layer as `tar | gzip` writes it, stored and unpacked by diffID.
    private func makeLayer(in directory: TemporaryDirectory) throws -> (
        store: ImageStore, layer: Descriptor, diffID: String
    ) {
        try directory.write("tree/etc/os-release", "ID=test\n")
        let tar = directory.path + "/layer.tar"
        #expect(try Subprocess.run("/bin/tar", ["-C", directory.path + "/tree", "-cf", tar, "."]).code == 0)
        let diffID = SHA256.digest(of: try FileSystem.readFile(tar))
        #expect(try Subprocess.run("/bin/gzip", ["-n", tar]).code == 0)
        let compressed = try FileSystem.readFile(tar + ".gz")
        let store = ImageStore(stateRoot: directory.path + "/state")
        let digest = try store.content.ingest(compressed)
        let layer = Descriptor(mediaType: MediaType.ociLayerGzip, digest: digest, size: Int64(compressed.count))
        return (store, layer, diffID)
    }

    @Test func unpacksUnderTheDiffID() throws {
        try TemporaryDirectory.with("unpack") { (directory: TemporaryDirectory) throws(any Error) in
            let (store, layer, diffID) = try makeLayer(in: directory)
            let path = try store.unpackLayer(layer, diffID: diffID)
            #expect(path == store.layersDirectory + "/" + diffID.dropFirst("sha256:".count))
            #expect(try FileSystem.readTextFile(path + "/etc/os-release") == "ID=test\n")
            // Unpacking again is a no-op.
            #expect(try store.unpackLayer(layer, diffID: diffID) == path)
        }
    }

    /// A layer whose content does not match the config's diffID is not kept.
    @Test func refusesAWrongDiffID() throws {
        try TemporaryDirectory.with("unpack") { (directory: TemporaryDirectory) throws(any Error) in
            let (store, layer, _) = try makeLayer(in: directory)
            let wrong = "sha256:" + String(repeating: "0", count: 64)
            #expect {
                try store.unpackLayer(layer, diffID: wrong)
            } throws: { error in
                (error as? ImageStoreError)?.description.contains("uncompressed content hashes to") == true
            }
            #expect(try FileSystem.listDirectory(store.layersDirectory).isEmpty)
        }
    }
}
