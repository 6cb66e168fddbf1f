import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

/// zstd streams and layers as the real tools write them: `zstd`, `tar`,
/// and `skopeo copy --dest-compress-format zstd`.
@Suite(.enabled(if: FileSystem.exists("/usr/bin/zstd") && FileSystem.exists("/bin/tar"), "needs zstd and GNU tar"))
struct ZstdLayerTests {
    private func run(_ path: String, _ arguments: [String]) throws {
        let result = try Subprocess.run(path, arguments)
        #expect(result.code == 0, "\(path) \(arguments): \(result.standardError)")
    }

    private func decompressAll(_ bytes: [UInt8], chunk: Int = 7) throws -> [UInt8] {
        nonisolated(unsafe) var offset = 0
        let reader = try ZstdReader { buffer in
            let count = min(chunk, buffer.count, bytes.count - offset)
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 100)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { return out }
            out += buffer[0..<count]
        }
    }

    /// `zstd -q -c` of `text`.
    private func compress(_ text: String, in directory: TemporaryDirectory, name: String = "plain") throws -> [UInt8] {
        try directory.write(name, text)
        try run("/usr/bin/zstd", ["-q", "-f", directory.path + "/" + name, "-o", directory.path + "/" + name + ".zst"])
        return try FileSystem.readFile(directory.path + "/" + name + ".zst")
    }

    @Test func decompressesWhatZstdWrote() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let text = String(repeating: "hello zstd ", count: 5000)
            #expect(try decompressAll(try compress(text, in: directory)) == Array(text.utf8))
        }
    }

    /// `cat a.zst b.zst` decompresses to both, as `zstd -d` does.
    @Test func decompressesConcatenatedFrames() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let a = try compress("first\n", in: directory, name: "a")
            let b = try compress("second\n", in: directory, name: "b")
            #expect(try decompressAll(a + b) == Array("first\nsecond\n".utf8))
        }
    }

    @Test func aTruncatedStreamIsAnError() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let bytes = try compress(String(repeating: "x y z ", count: 20000), in: directory)
            #expect(throws: TarError("zstd stream: truncated")) { try decompressAll(Array(bytes.dropLast(9))) }
        }
    }

    @Test func garbageAfterTheMagicIsAnError() throws {
        let bytes: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD] + Array("this is not a zstd frame at all".utf8)
        #expect(throws: TarError.self) { try decompressAll(bytes) }
    }

    @Test(
        arguments: [
            ([0x1F, 0x8B, 0x08, 0x00], LayerCompression.gzip),
            ([0x28, 0xB5, 0x2F, 0xFD], .zstd),
            ([0x50, 0x2A, 0x4D, 0x18], .zstd),  // a skippable frame first
            (Array("etc/".utf8), .uncompressed),
            ([0x1F], .uncompressed),
        ] as [([UInt8], LayerCompression)])
    func detectsTheCompressionFromTheMagic(magic: [UInt8], expected: LayerCompression) {
        #expect(LayerCompression.detect(magic) == expected)
    }

    /// A `tar | zstd` layer stored with `mediaType`; returns the store, its descriptor and diffID.
    private func makeLayer(
        in directory: TemporaryDirectory, mediaType: String = MediaType.ociLayerZstd
    ) throws -> (store: ImageStore, layer: Descriptor, diffID: String) {
        try directory.write("tree/etc/os-release", "ID=zstd\n")
        try directory.write("tree/usr/share/big", String(repeating: "0123456789", count: 100_000))
        let tar = directory.path + "/layer.tar"
        try run("/bin/tar", ["-C", directory.path + "/tree", "-cf", tar, "."])
        let diffID = SHA256.digest(of: try FileSystem.readFile(tar))
        try run("/usr/bin/zstd", ["-q", "-19", tar, "-o", tar + ".zst"])
        let compressed = try FileSystem.readFile(tar + ".zst")
        let store = ImageStore(stateRoot: directory.path + "/state")
        let digest = try store.content.ingest(compressed)
        return (store, Descriptor(mediaType: mediaType, digest: digest, size: Int64(compressed.count)), diffID)
    }

    @Test func unpacksATarZstdLayer() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let (store, layer, diffID) = try makeLayer(in: directory)
            let path = try store.unpackLayer(layer, diffID: diffID)
            #expect(try FileSystem.readTextFile(path + "/etc/os-release") == "ID=zstd\n")
            #expect(try FileSystem.readFile(path + "/usr/share/big").count == 1_000_000)
        }
    }

    /// A registry or archive that labels a zstd layer as gzip: read by its magic.
    @Test func unpacksAZstdLayerLabelledAsGzip() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let (store, layer, diffID) = try makeLayer(in: directory, mediaType: MediaType.ociLayerGzip)
            let path = try store.unpackLayer(layer, diffID: diffID)
            #expect(try FileSystem.readTextFile(path + "/etc/os-release") == "ID=zstd\n")
        }
    }

    /// A damaged layer fails with one line naming the layer and the cause,
    /// and leaves neither a layer nor a half-unpacked directory.
    @Test func aCorruptLayerLeavesNothingBehind() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let (store, layer, diffID) = try makeLayer(in: directory)
            var bytes = try store.content.read(layer.digest)
            for index in stride(from: bytes.count / 3, to: bytes.count / 3 + 64, by: 1) { bytes[index] ^= 0x5A }
            let digest = try store.content.ingest(bytes)
            let corrupt = Descriptor(mediaType: MediaType.ociLayerZstd, digest: digest, size: Int64(bytes.count))
            var message = ""
            #expect {
                try store.unpackLayer(corrupt, diffID: diffID)
            } throws: { error in
                message = (error as? ImageStoreError)?.description ?? ""
                return true
            }
            #expect(message.hasPrefix("unpack layer \(digest): "))
            #expect(message.contains("zstd stream: "))
            #expect(!message.contains("\n"))
            #expect(try FileSystem.listDirectory(store.layersDirectory).isEmpty)
        }
    }

    /// `swctl image import rootfs.tar.zst`: the layer keeps its compression, the diffID is the tar's.
    @Test func importsAZstdRootfsTarball() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            try directory.write("tree/bin/hello", "hi\n")
            let tar = directory.path + "/rootfs.tar"
            try run("/bin/tar", ["-C", directory.path + "/tree", "-cf", tar, "."])
            let diffID = SHA256.digest(of: try FileSystem.readFile(tar))
            try run("/usr/bin/zstd", ["-q", tar, "-o", tar + ".zst"])
            let store = ImageStore(stateRoot: directory.path + "/state")
            _ = try store.importRootfs(tarball: tar + ".zst", as: try ImageReference(parsing: "localhost/z:1"))
            let image = try store.resolve(try ImageReference(parsing: "localhost/z:1"))
            #expect(image.manifest.layers.map(\.mediaType) == [MediaType.ociLayerZstd])
            #expect(image.config.rootfs.diffIDs == [diffID])
            #expect(try FileSystem.readTextFile(image.layers[0] + "/bin/hello") == "hi\n")
        }
    }

    /// An OCI archive whose layers skopeo recompressed with zstd.
    @Test(
        .enabled(
            if: FileSystem.exists("/usr/bin/umoci") && FileSystem.exists("/usr/bin/skopeo") && Ring.isRoot,
            "needs umoci and skopeo (apt) and root for umoci unpack; runs on the host as root"))
    func loadsAnArchiveSkopeoCompressedWithZstd() throws {
        try TemporaryDirectory.with("zstd") { (directory: TemporaryDirectory) throws(any Error) in
            let layout = directory.path + "/oci"
            try run("/usr/bin/umoci", ["init", "--layout", layout])
            try run("/usr/bin/umoci", ["new", "--image", layout + ":img"])
            try run("/usr/bin/umoci", ["unpack", "--image", layout + ":img", directory.path + "/bundle"])
            try directory.write("bundle/rootfs/bin/hello", "zstd\n")
            try run("/usr/bin/umoci", ["repack", "--image", layout + ":img", directory.path + "/bundle"])
            let archive = directory.path + "/oci-zstd.tar"
            try run(
                "/usr/bin/skopeo",
                [
                    "copy", "-q", "--dest-compress-format", "zstd", "oci:" + layout + ":img",
                    "oci-archive:" + archive + ":1",
                ])
            let store = ImageStore(stateRoot: directory.path + "/state")
            _ = try store.load(archive: archive, name: try ImageReference(parsing: "localhost/zs"))
            let image = try store.resolve(try ImageReference(parsing: "localhost/zs:1"))
            #expect(image.manifest.layers.map(\.mediaType) == [MediaType.ociLayerZstd])
            #expect(try FileSystem.readTextFile(image.layers[0] + "/bin/hello") == "zstd\n")
        }
    }
}
